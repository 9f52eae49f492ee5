"""Cases and the Pledge: staff link a case to the promise it is about (or unlink it), each change is in the case's
history, and the queue filters by promise."""

from sqlalchemy import select

from portal.clock import london_today
from portal.models import CaseEvent
from tests.pledge.conftest import published_ids
from tests.triage.conftest import new_case
from tests.triage.test_views import act, refreshed


def test_an_officer_links_a_case_to_a_promise_and_unlinks_it_with_history(pages, officer, db_session, build):
    _version, _texts, promise_ids = build(published_ids)
    case = new_case(db_session, london_today())
    form = pages.get(f"/staff/cases/{case.id}/promise")
    options = [option.get_text(strip=True) for option in form.html.select("select[name=promise] option")]
    assert options == ["Not about a promise", "Help you learn", "Look after your health"]

    act(pages, case, "promise", {"promise": str(promise_ids[1])})
    assert refreshed(db_session, case).promise_id == promise_ids[1]
    assert "Look after your health" in pages.get(f"/staff/cases/{case.id}").text()

    act(pages, case, "promise", {"promise": "none"})
    assert refreshed(db_session, case).promise_id is None
    history = db_session.scalars(
        select(CaseEvent.changes).where(CaseEvent.kind == "promise").order_by(CaseEvent.id)
    ).all()
    assert history == [
        {"promise": [None, "Look after your health"]},
        {"promise": ["Look after your health", None]},
    ]


def test_a_promise_outside_the_published_pledge_is_refused_with_a_message(pages, officer, db_session, build):
    build(published_ids)
    case = new_case(db_session, london_today())
    page = act(pages, case, "promise", {"promise": "999999"}, expected_status=200)
    assert page.error_messages() == ["Choose a promise from the published Pledge"]
    assert refreshed(db_session, case).promise_id is None


def test_the_queue_filters_by_promise(pages, officer, db_session, build):
    _version, _texts, promise_ids = build(published_ids)
    today = london_today()
    about_health = new_case(db_session, today, reference="TU-HLTH-22", promise_id=promise_ids[1])
    about_nothing = new_case(db_session, today, reference="TU-NONE-22")
    page = pages.get(f"/staff/cases?promise={promise_ids[1]}")
    references = [a.get_text(strip=True) for a in page.html.select("table.portal-queue tbody a")]
    assert references == [about_health.reference]
    assert about_nothing.reference in pages.get("/staff/cases").text()
