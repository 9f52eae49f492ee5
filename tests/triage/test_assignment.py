"""Who handles a case decides who sees its contact details, so only managers assign or reassign. A complaints officer
may take a case nobody has, with a reason that goes in the history, and every active manager is emailed; never a case
someone else has. Object-level: each is checked on the view and on the service."""

import pytest
from sqlalchemy import select

from portal.cases.rules import ActionRefused
from portal.clock import london_today
from portal.db import get_session
from portal.models import Case, CaseEvent, CaseStatus, User
from portal.triage import services
from tests.triage.conftest import new_case

CONTACT = "young.person@example.org"


def user_id(db_session, email):
    return db_session.scalar(select(User.id).where(User.email == email))


def refreshed(db_session, case):
    db_session.expire_all()
    return db_session.get(Case, case.id)


def version_of(pages, case, action):
    page = pages.get(f"/staff/cases/{case.id}/{action}")
    return page.html.find("input", attrs={"name": "version"})["value"]


def actions_on(pages, case):
    return [a.get_text(strip=True) for a in pages.get(f"/staff/cases/{case.id}").html.select("#actions a")]


@pytest.fixture
def staff(make_user):
    """Two complaints officers and a manager: their emails."""
    return {
        "officer": make_user("complaints_officer"),
        "other_officer": make_user("complaints_officer", email="other.officer@test.example.org"),
        "manager": make_user("manager"),
    }


@pytest.mark.parametrize("holder", ["manager", "other_officer", None])
def test_an_officer_cannot_assign_or_reassign_a_case(pages, db_session, staff, holder):
    case = new_case(db_session, london_today(), reply_route="email", reply_email=CONTACT)
    case.assigned_to_id = user_id(db_session, staff[holder]) if holder else None
    db_session.commit()
    me = user_id(db_session, staff["officer"])
    pages.sign_in(staff["officer"])

    assert "Assign" not in actions_on(pages, case)
    pages.get(f"/staff/cases/{case.id}/assign", expected_status=403)
    pages.post(f"/staff/cases/{case.id}/assign", {"version": "1", "officer": str(me)}, expected_status=403)

    assert refreshed(db_session, case).assigned_to_id == (user_id(db_session, staff[holder]) if holder else None)
    assert CONTACT not in pages.get(f"/staff/cases/{case.id}").text()


def test_the_assign_service_refuses_an_officer_and_lets_a_manager(app, db_session, staff):
    case = new_case(db_session, london_today())
    case.assigned_to_id = user_id(db_session, staff["other_officer"])
    db_session.commit()
    with app.test_request_context():
        db = get_session()
        officer = db.get(User, user_id(db_session, staff["officer"]))
        manager = db.get(User, user_id(db_session, staff["manager"]))
        with pytest.raises(services.NotAllowed):
            services.assign(db.get(Case, case.id), officer, officer.id)
        with pytest.raises(services.NotAllowed):
            services.take(db.get(Case, case.id), officer, "I am on duty")
        db.rollback()
        assert not services.may_take(manager, db.get(Case, case.id))  # managers assign, to themselves too
        services.assign(db.get(Case, case.id), manager, officer.id)
    assert refreshed(db_session, case).assigned_to_id == user_id(db_session, staff["officer"])


def test_a_manager_reassigns_a_case_and_the_new_officer_is_emailed(pages, db_session, staff, inbox):
    case = new_case(db_session, london_today())
    case.assigned_to_id = user_id(db_session, staff["officer"])
    db_session.commit()
    pages.sign_in(staff["manager"])
    assert "Assign" in actions_on(pages, case) and "Take this case" not in actions_on(pages, case)
    other = user_id(db_session, staff["other_officer"])
    version = version_of(pages, case, "assign")
    pages.post(f"/staff/cases/{case.id}/assign", {"version": version, "officer": str(other)})
    assert refreshed(db_session, case).assigned_to_id == other
    assert [to for to, _message in inbox] == [[staff["other_officer"]]]


def test_an_officer_takes_an_unassigned_case_with_a_reason_and_every_manager_is_told(
    pages, make_user, db_session, staff, inbox
):
    second_manager = make_user("manager", email="second.manager@test.example.org")
    make_user("manager", email="gone.manager@test.example.org", active=False)
    case = new_case(db_session, london_today(), reply_route="email", reply_email=CONTACT)
    pages.sign_in(staff["officer"])
    assert "Take this case" in actions_on(pages, case) and "Assign" not in actions_on(pages, case)
    assert CONTACT not in pages.get(f"/staff/cases/{case.id}").text()

    # No reason: the GOV.UK error, nothing taken. Too long a reason: the error, and the words kept.
    version = version_of(pages, case, "take")
    page = pages.post(f"/staff/cases/{case.id}/take", {"version": version, "reason": "  "}, expected_status=200)
    assert page.title.startswith("Error: ")
    assert "Enter why you are taking this case" in page.html.select_one(".govuk-error-summary").get_text()
    long_reason = "On duty today and the young person asked for me. " * 30
    page = pages.post(f"/staff/cases/{case.id}/take", {"version": version, "reason": long_reason}, expected_status=200)
    assert page.html.find("textarea", attrs={"name": "reason"}).get_text().strip() == long_reason.strip()
    assert refreshed(db_session, case).assigned_to_id is None and inbox == []

    pages.post(f"/staff/cases/{case.id}/take", {"version": version, "reason": "I am the duty officer today"})

    me = user_id(db_session, staff["officer"])
    assert refreshed(db_session, case).assigned_to_id == me
    taken = db_session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "taken"))
    assert taken.by_user_id == me and "I am the duty officer today" in taken.summary
    assert sorted(to for (to,), _message in inbox) == sorted([staff["manager"], second_manager])
    assert all(case.reference in message and "Test Complaints officer took" in message for _to, message in inbox)
    assert "I am the duty officer today" not in "".join(message for _to, message in inbox)
    page = pages.get(f"/staff/cases/{case.id}")
    assert CONTACT in page.text() and "I am the duty officer today" in page.text()
    assert "Take this case" not in actions_on(pages, case)


@pytest.mark.parametrize("holder", ["manager", "other_officer"])
def test_an_officer_cannot_take_a_case_someone_else_has(pages, db_session, staff, inbox, holder):
    case = new_case(db_session, london_today(), reply_route="email", reply_email=CONTACT)
    case.assigned_to_id = user_id(db_session, staff[holder])
    db_session.commit()
    pages.sign_in(staff["officer"])
    assert "Take this case" not in actions_on(pages, case)
    pages.get(f"/staff/cases/{case.id}/take", expected_status=403)
    pages.post(f"/staff/cases/{case.id}/take", {"version": "1", "reason": "Mine now"}, expected_status=403)
    assert refreshed(db_session, case).assigned_to_id == user_id(db_session, staff[holder])
    assert CONTACT not in pages.get(f"/staff/cases/{case.id}").text() and inbox == []


def test_an_officer_taking_a_case_just_taken_by_another_is_refused(pages, app, db_session, staff, inbox):
    case = new_case(db_session, london_today())
    pages.sign_in(staff["other_officer"])
    their_version = version_of(pages, case, "take")
    with app.test_request_context():
        db = get_session()
        services.take(db.get(Case, case.id), db.get(User, user_id(db_session, staff["officer"])), "I was asked to")
    pages.post(f"/staff/cases/{case.id}/take", {"version": their_version, "reason": "Me too"}, expected_status=403)
    assert refreshed(db_session, case).assigned_to_id == user_id(db_session, staff["officer"])


def test_a_closed_case_keeps_its_officer_on_the_page_and_in_the_service(pages, app, db_session, staff):
    case = new_case(db_session, london_today())
    case.status = CaseStatus.CLOSED
    db_session.commit()
    pages.sign_in(staff["manager"])
    assert "Assign" not in actions_on(pages, case)
    with app.test_request_context():
        db = get_session()
        manager = db.get(User, user_id(db_session, staff["manager"]))
        with pytest.raises(ActionRefused, match="This case is closed"):
            services.assign(db.get(Case, case.id), manager, user_id(db_session, staff["officer"]))
        assert not services.may_take(db.get(User, user_id(db_session, staff["officer"])), db.get(Case, case.id))
    assert refreshed(db_session, case).assigned_to_id is None
