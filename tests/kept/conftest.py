"""Monitoring test helpers: a published Pledge of two promises owned by different partners, each with a plan, and
a partner lead for each partner; answers and updates made through the services."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from portal.accounts import create_user, get_or_create_partner
from portal.clock import london_today
from portal.db import get_session
from portal.kept import services
from portal.models import Role
from portal.models.kept import Kept, KeptAnswer
from portal.pledge import drafting, versions
from tests.conftest import PASSWORD
from tests.tell_us.conftest import inbox  # noqa: F401 - the real SMTP server fixture, for reminders


def make_world(next_due=None):
    """Within an app context: partners, people and a published Pledge with a plan per promise. Returns ids only,
    so tests can use them from any context."""
    school = get_or_create_partner("Virtual School")
    health = get_or_create_partner("Health Team")
    get_session().commit()
    rma = create_user("rma@test.example.org", "Riley RMA", Role.RMA_MEMBER, PASSWORD)
    officer = create_user("officer@test.example.org", "Pat Officer", Role.PARTICIPATION_OFFICER, PASSWORD)
    school_lead = create_user(
        "school.lead@test.example.org", "Sam School", Role.PARTNER_LEAD, PASSWORD, "Virtual School"
    )
    health_lead = create_user("health.lead@test.example.org", "Hana Health", Role.PARTNER_LEAD, PASSWORD, "Health Team")

    version = drafting.start_draft(rma, title="Our Pledge")
    education = drafting.add_theme(version, "A good education", rma)
    healthy = drafting.add_theme(version, "Keeping healthy", rma)
    learn = drafting.add_promise(
        version, education, "Help you learn", "We will help you learn.", "We help you at school.", [school], rma
    )
    health_promise = drafting.add_promise(
        version, healthy, "Look after your health", "A health check every year.", "We keep you well.", [health], rma
    )
    versions.submit_for_review(version, rma)
    versions.record_sign_off(version, "approved", date(2026, 3, 1), "CPAP 1", "", officer)
    versions.publish(version, officer)

    due = next_due or london_today() + timedelta(days=20)
    for promise, owner in ((learn, school), (health_promise, health)):
        services.save_plan(
            promise.promise_id,
            owner_ids=[owner.id],
            measure="Something measurable",
            target="A target",
            frequency="quarterly",
            next_due=due,
        )
    return SimpleNamespace(
        learn=learn.promise_id,
        health=health_promise.promise_id,
        school_id=school.id,
        health_id=health.id,
        school_lead=school_lead.email,
        health_lead=health_lead.email,
        officer=officer.email,
    )


@pytest.fixture
def ctx(app):
    """An app context (with a request) for calling services directly."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(app):
    """The published Pledge with plans, made in its own context (closed before the test's requests)."""
    with app.test_request_context():
        return make_world()


def add_answers(promise_id, counts, period=None):
    """counts: {Kept: n}, as n different devices answering this period (or in the quarter starting `period`)."""
    period = period or services.current_period()
    at = datetime.combine(period + timedelta(days=1), datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    session = get_session()
    for kept, count in counts.items():
        for n in range(count):
            session.add(
                KeptAnswer(
                    promise_id=promise_id,
                    period_start=period,
                    device_hash=f"{promise_id}-{period}-{Kept(kept).value}-{n}".ljust(20, "x"),
                    answer=Kept(kept),
                    answered_at=at,
                )
            )
    session.commit()


def user(email):
    from portal.accounts import user_by_email

    return user_by_email(email)


@pytest.fixture
def answers(app):
    """answers(promise_id, {Kept: n}, period=None): add_answers in its own app context, for view tests."""

    def add(promise_id, counts, period=None):
        with app.test_request_context():
            add_answers(promise_id, counts, period)

    return add
