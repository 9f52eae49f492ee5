"""The case page's history says every change in the page's own words: a case taken through every action that
records a change, then the history read as a complaints officer reads it. No raw values: no status codes, no
True or False, no 2026-11-30, no field names with underscores."""

import re
from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from portal.cases.labels import CHANGE_LABELS
from portal.clock import LONDON
from portal.models import CaseStatus, QualityTheme, ServiceArea
from tests.triage.conftest import new_case
from tests.triage.test_views import act, date_fields, refreshed

MONDAY = datetime(2026, 11, 30, 10, tzinfo=LONDON)
RAW = re.compile(r"\d{4}-\d{2}-\d{2}|\bTrue\b|\bFalse\b|\bNone\b|\bempty\b|[a-z]_[a-z]")


@pytest.fixture
def monday():
    with time_machine.travel(MONDAY, tick=False):
        yield MONDAY.date()


def history_lines(page):
    return [li.get_text(" ", strip=True) for li in page.html.select("#history li")]


def test_every_change_an_action_records_reads_in_words(monday, pages, officer, db_session, lists):
    case = new_case(db_session, date(2026, 9, 1))
    # The lists' ids as the database gave them (PostgreSQL's sequences do not start again when the tests empty a table).
    areas = [str(i) for i in db_session.scalars(select(ServiceArea.id).order_by(ServiceArea.id).limit(2))]
    theme = str(db_session.scalars(select(QualityTheme.id).order_by(QualityTheme.id)).first())
    steps = [
        ("acknowledge", date_fields("acknowledged_on", date(2026, 9, 2))),
        ("take", {"reason": "Nobody has it"}),
        ("categorise", {"service_areas": areas, "themes": [theme]}),
        ("start-stage-1", date_fields("started_on", date(2026, 9, 2))),
        ("extend", {"days": "20", "reason": "Waiting for records"}),
        ("respond", {**date_fields("responded_on", date(2026, 9, 25)), "outcome": "partly_upheld", "summary": "Sorry"}),
        ("request-stage-2", date_fields("requested_on", date(2026, 9, 28))),
        (
            "start-stage-2",
            {
                **date_fields("started_on", date(2026, 9, 30)),
                "investigating_officer": "Jo",
                "independent_person": "Lee",
            },
        ),
        ("complaint-point", {"summary": "Not told about the move", "outcome": "upheld"}),
        ("respond", {**date_fields("responded_on", date(2026, 10, 30)), "outcome": "upheld"}),
        ("request-stage-3", date_fields("requested_on", date(2026, 11, 2))),
        (
            "review-panel",
            {**date_fields("panel_on", date(2026, 11, 20)), **date_fields("report_on", date(2026, 11, 25))},
        ),
        (
            "ombudsman",
            {**date_fields("referred_on", date(2026, 11, 26)), "decision": "Looking at it", "remedy": "Not decided"},
        ),
        (
            "advocacy",
            {
                **date_fields("requested_on", date(2026, 9, 1)),
                "referred_to": "Always Heard",
                **date_fields("referred_on", date(2026, 9, 2)),
                **date_fields("provided_on", date(2026, 9, 4)),
            },
        ),
        ("learning", {"kind": "action", "words": "Tell young people before a move", **date_fields("due_on", monday)}),
        (
            "pause",
            {"reason_kind": "court", "reason": "Care proceedings", **date_fields("started_on", date(2026, 11, 27))},
        ),
        ("resume", date_fields("resumed_on", monday)),
        ("pause", {"reason_kind": "police", "reason": "Police inquiry", **date_fields("started_on", monday)}),
        ("close", {"outcome": "withdrawn", "summary": "They took it to the Ombudsman instead"}),
    ]
    for action, data in steps:
        act(pages, case, action, data)
    learning_id = refreshed(db_session, case).learning[0].id
    # Marking the action done is offered only to open cases' pages, but stays possible once closed (it is learning).
    act(pages, case, "action-done", {"learning_id": str(learning_id), **date_fields("done_on", monday)})

    case = refreshed(db_session, case)
    recorded = {name for event in case.events for name in (event.changes or {})}
    assert recorded <= set(CHANGE_LABELS), f"changes with no words: {recorded - set(CHANGE_LABELS)}"
    assert len(recorded) >= 20  # the walk really did touch nearly every field

    lines = history_lines(pages.get(f"/staff/cases/{case.id}"))
    raw = [line for line in lines if RAW.search(line)]
    assert not raw, f"raw values in the history: {raw}"
    for line in [
        "Status: New changed to Acknowledged",
        "Acknowledged on: not set changed to 2 September 2026",
        "Handled by: Not assigned changed to Test Complaints officer",
        "Time allowed: not set changed to 20 working days",
        "Outcome: not set changed to Partly upheld",
        "Paused until: not set changed to 29 November 2026",
        "Paused until: not set changed to 30 November 2026",
        "Status: Stage 3 changed to Closed",
        "Closed on: not set changed to 30 November 2026",
        "Done on: not set changed to 30 November 2026",
    ]:
        assert line in [re.sub(r"\s*→\s*", " ", text) for text in lines], line


def test_safeguarding_reads_yes_and_no(monday, pages, officer, db_session):
    case = new_case(db_session, monday, urgent=True)
    act(pages, case, "safeguarding", {"referred_to": "MASH"})
    assert refreshed(db_session, case).status == CaseStatus.SAFEGUARDING
    lines = [re.sub(r"\s*→\s*", " ", line) for line in history_lines(pages.get(f"/staff/cases/{case.id}"))]
    assert "Referred to safeguarding: No changed to Yes" in lines
    assert "Status: New changed to Safeguarding" in lines
