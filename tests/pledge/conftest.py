"""Pledge test helpers: people with roles, and a Pledge built through the services the way editors build one."""

from datetime import date

import pytest

from portal.accounts import create_user, get_or_create_partner
from portal.db import get_session
from portal.models import Role
from portal.pledge import drafting, versions
from tests.conftest import PASSWORD


class People:
    """Accounts for Pledge tests, made once per test: two Role Model Army members and a participation officer."""

    def __init__(self):
        self.rma = create_user("rma1@test.example.org", "Riley RMA", Role.RMA_MEMBER, PASSWORD)
        self.rma2 = create_user("rma2@test.example.org", "Jordan RMA", Role.RMA_MEMBER, PASSWORD)
        self.officer = create_user("officer@test.example.org", "Pat Officer", Role.PARTICIPATION_OFFICER, PASSWORD)
        self.manager = create_user("manager@test.example.org", "Morgan Manager", Role.MANAGER, PASSWORD)
        self.school = get_or_create_partner("Virtual School")
        self.health = get_or_create_partner("Health Team")
        get_session().commit()


def build_draft(people, title="Our Pledge", promises=None):
    """A draft with a theme or two and promises: promises is [(theme, short title, wording, plain line)]."""
    promises = promises or [
        ("A good education", "Help you learn", "We will help you **learn** at school.", "We help you at school."),
        ("Keeping healthy", "Look after your health", "You will have a health check every year.", "We keep you well."),
    ]
    version = drafting.start_draft(people.rma, title=title)
    themes = {}
    made = []
    for theme_title, short, wording, plain in promises:
        if theme_title not in themes:
            themes[theme_title] = drafting.add_theme(version, theme_title, people.rma)
        made.append(
            drafting.add_promise(version, themes[theme_title], short, wording, plain, [people.school], people.rma)
        )
    return version, made


def sign_off_and_publish(version, people, decided_on=date(2026, 3, 1)):
    versions.submit_for_review(version, people.rma)
    versions.record_sign_off(version, "approved", decided_on, "CPAP 1", "", people.officer)
    versions.publish(version, people.officer)
    return version


@pytest.fixture
def ctx(app):
    """An app context for calling services directly, like a request would."""
    with app.test_request_context():
        yield


@pytest.fixture
def people(ctx):
    return People()


@pytest.fixture
def published(people):
    """A published Pledge with two promises; returns (version, promises)."""
    version, promises = build_draft(people)
    sign_off_and_publish(version, people)
    return version, promises


@pytest.fixture
def build(app):
    """Runs fn(people) in its own app context, closed before the test's requests (they would share its flask.g
    and database session otherwise); returns what fn returns. People are made on first use."""
    made = {}

    def run(fn):
        with app.test_request_context():
            if "people" not in made:
                made["people"] = People()
            else:
                for name, value in vars(made["people"]).items():
                    setattr(made["people"], name, get_session().merge(value))
            return fn(made["people"])

    return run


def published_ids(people):
    version, promises = build_draft(people)
    sign_off_and_publish(version, people)
    return version.id, [p.id for p in promises], [p.promise_id for p in promises]


from tests.tell_us.conftest import inbox  # noqa: E402, F401 - the real SMTP server fixture, for sending cases
