"""Helpers for triage tests: a case made straight in the database, and officers signed in."""

from datetime import UTC, datetime, time

import pytest

from portal.clock import LONDON
from portal.models import Case, CaseKind, CaseStatus
from tests.tell_us.conftest import inbox  # noqa: F401 - the real SMTP server on loopback, for these tests too


def new_case(db_session, received_on, kind=CaseKind.COMPLAINT, urgent=False, reference="TU-AAAA-22", **values):
    """A case received at noon London time on received_on, saved; its deadline fields are set on flush."""
    case = Case(
        reference=reference,
        tracking_code_hash="not-a-real-hash",
        kind=kind,
        received_at=datetime.combine(received_on, time(12), LONDON).astimezone(UTC),
        acknowledge_by=received_on,
        told_by="young_person",
        safe_now="no" if urgent else "yes",
        urgent=urgent,
        words=values.pop("words", "My social worker changed again and nobody told me."),
        reply_route=values.pop("reply_route", "none"),
        status=CaseStatus.RECEIVED,
        **values,
    )
    case.add_event("received", "Received.")
    db_session.add(case)
    db_session.commit()
    return case


@pytest.fixture
def officer(make_user, pages):
    email = make_user("complaints_officer")
    pages.sign_in(email)
    return email


@pytest.fixture
def lists(app):
    """The starting service areas and themes (the tests empty every table, the migration's seed included)."""
    from portal.cases.lists import seed_default_lists

    with app.app_context():
        seed_default_lists()


from tests.pledge.conftest import build  # noqa: E402, F401 - the fixture that publishes a Pledge, for linking promises
