"""Closing a case from the case page: closing ends a running pause and the history says so; before a stage has its
answer, a complaint closes only as withdrawn or resolved, and anything else gets a GOV.UK error with what was typed
kept. The rule is portal.cases.rules.check_close; the close form offers what it allows."""

from datetime import date, datetime

import pytest
import time_machine

from portal.clock import LONDON
from portal.models import CaseKind, CaseStatus
from tests.triage.conftest import new_case
from tests.triage.test_views import act, date_fields, refreshed

MONDAY = datetime(2026, 11, 30, 10, tzinfo=LONDON)


@pytest.fixture
def monday():
    """Monday 30 November 2026, 10:00 in London, from before anyone signs in (a session is timed by the clock)."""
    with time_machine.travel(MONDAY, tick=False):
        yield MONDAY.date()


def outcomes_offered(page):
    return [radio["value"] for radio in page.html.select("input[name=outcome]")]


def tags(page):
    return [tag.get_text(strip=True) for tag in page.html.select("main .govuk-tag")]


def test_closing_a_paused_case_ends_the_pause_and_the_history_says_why(monday, pages, officer, db_session):
    case = new_case(db_session, date(2026, 11, 2))
    act(pages, case, "acknowledge", date_fields("acknowledged_on", date(2026, 11, 3)))
    act(
        pages, case, "pause", {"reason_kind": "police", "reason": "Police inquiry", **date_fields("started_on", monday)}
    )
    assert "Paused" in tags(pages.get(f"/staff/cases/{case.id}"))

    form = pages.get(f"/staff/cases/{case.id}/close")
    assert "Closing it ends the pause" in form.html.find(id="action-note").get_text()
    act(pages, case, "close", {"outcome": "withdrawn", "summary": "They asked us to stop."})

    case = refreshed(db_session, case)
    assert case.status == CaseStatus.CLOSED
    assert [(p.started_on, p.ended_on) for p in case.pauses] == [(monday, monday)]
    page = pages.get(f"/staff/cases/{case.id}")
    assert "Closed" in tags(page) and "Paused" not in tags(page)
    assert "Case closed. Its pause has ended." in page.text()
    history = page.html.find(id="history").get_text(" ", strip=True)
    assert "The pause ended because the case was closed." in history
    assert "Closed: withdrawn. They asked us to stop." in history
    kinds = [event.kind for event in case.events]
    assert kinds[-2:] == ["pause_ended", "closed"]
    # Nothing is left paused: the queue's "Paused" filter no longer finds it, and it cannot be resumed.
    assert case.reference not in pages.get("/staff/cases?status=paused").text()
    assert "resume" not in [a["href"].rsplit("/", 1)[-1] for a in page.html.select("#actions a")]


def test_a_pause_set_to_start_later_ends_on_its_first_day_never_before_it(monday, pages, officer, db_session):
    case = new_case(db_session, date(2026, 11, 2))
    later = date(2026, 12, 7)
    act(pages, case, "pause", {"reason_kind": "court", "reason": "Hearing", **date_fields("started_on", later)})
    act(pages, case, "close", {"outcome": "resolved"})
    assert [(p.started_on, p.ended_on) for p in refreshed(db_session, case).pauses] == [(later, later)]


def test_before_the_stage_1_response_a_complaint_closes_only_as_withdrawn_or_resolved(
    monday, pages, officer, db_session
):
    case = new_case(db_session, date(2026, 11, 23))
    act(pages, case, "start-stage-1", date_fields("started_on", date(2026, 11, 23)))
    form = pages.get(f"/staff/cases/{case.id}/close")
    assert outcomes_offered(form) == ["withdrawn", "resolved"]
    assert "There is no stage 1 response yet" in form.html.find(id="outcome-hint").get_text()

    # A post that chooses what the form does not offer (an old tab, a hand-made request) is told why, in GOV.UK style.
    page = act(pages, case, "close", {"outcome": "upheld", "summary": "Sorted by phone"}, expected_status=200)
    assert page.title.startswith("Error: ")
    assert page.error_messages() == [
        "Choose withdrawn or resolved: there is no stage 1 response yet. To close it as upheld, partly upheld or not "
        "upheld, record the stage 1 response first"
    ]
    assert page.html.find("textarea", attrs={"name": "summary"}).get_text() == "Sorted by phone"
    assert refreshed(db_session, case).status == CaseStatus.STAGE_1

    act(pages, case, "close", {"outcome": "resolved", "summary": "Sorted by phone"})
    case = refreshed(db_session, case)
    assert case.status == CaseStatus.CLOSED and case.outcome.value == "resolved"


def test_after_the_stage_1_response_every_outcome_is_offered(monday, pages, officer, db_session):
    case = new_case(db_session, date(2026, 11, 2))
    act(pages, case, "start-stage-1", date_fields("started_on", date(2026, 11, 2)))
    act(pages, case, "respond", {**date_fields("responded_on", monday), "outcome": "partly_upheld"})
    form = pages.get(f"/staff/cases/{case.id}/close")
    assert outcomes_offered(form) == ["upheld", "partly_upheld", "not_upheld", "resolved", "withdrawn"]
    assert "no response yet" not in form.text()
    act(pages, case, "close", {"outcome": "partly_upheld"})
    assert refreshed(db_session, case).outcome.value == "partly_upheld"


def test_stage_2_asked_for_and_not_adjudicated_closes_only_as_withdrawn_or_resolved(monday, pages, officer, db_session):
    case = new_case(db_session, date(2026, 10, 1))
    act(pages, case, "start-stage-1", date_fields("started_on", date(2026, 10, 1)))
    act(pages, case, "respond", {**date_fields("responded_on", date(2026, 10, 14)), "outcome": "not_upheld"})
    act(pages, case, "request-stage-2", date_fields("requested_on", date(2026, 10, 20)))
    page = act(pages, case, "close", {"outcome": "not_upheld"}, expected_status=200)
    assert "there is no stage 2 adjudication yet" in page.error_messages()[0]
    act(pages, case, "close", {"outcome": "withdrawn"})
    assert refreshed(db_session, case).status == CaseStatus.CLOSED


@pytest.mark.parametrize("kind", [CaseKind.SUGGESTION, CaseKind.COMPLIMENT])
def test_suggestions_and_compliments_have_no_stages_and_close_with_any_outcome(
    monday, pages, officer, db_session, kind
):
    case = new_case(db_session, date(2026, 11, 27), kind=kind)
    assert len(outcomes_offered(pages.get(f"/staff/cases/{case.id}/close"))) == 5
    act(pages, case, "close", {"outcome": "resolved"})
    assert refreshed(db_session, case).status == CaseStatus.CLOSED


def test_a_closed_urgent_case_no_longer_asks_for_a_review_today(monday, pages, officer, db_session):
    case = new_case(db_session, monday, urgent=True)
    assert "Review today" in pages.get(f"/staff/cases/{case.id}").text()
    act(pages, case, "close", {"outcome": "withdrawn"})
    page = pages.get(f"/staff/cases/{case.id}")
    assert "Case closed." in page.text() and "Review today" not in page.text()
