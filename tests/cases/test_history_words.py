"""The case history says each change in the words the case page uses: status labels, Yes and No, dates like
30 November 2026, outcomes as the page names them. Stored changes stay as they were written (the history is
append-only); they are put in words when shown."""

import pytest

from portal.cases.history import change_in_words
from portal.cases.labels import CHANGE_LABELS

# Every field an action records, as set_noting_changes stores it, and as the history should say it.
EXPECTED = {
    "status": (["received", "being_looked_at"], ("Status", "New", "Acknowledged")),
    "acknowledged_on": ([None, "2026-11-30"], ("Acknowledged on", "not set", "30 November 2026")),
    "safeguarding": (["False", "True"], ("Referred to safeguarding", "No", "Yes")),
    "assigned_to": ([None, "Sam Officer"], ("Handled by", "Not assigned", "Sam Officer")),
    "service_areas": (["", "Education, Placements"], ("Service areas", "none chosen", "Education, Placements")),
    "themes": (["Listening", ""], ("Themes", "Listening", "none chosen")),
    "promise": (["Be there for you", None], ("Pledge promise", "Be there for you", "Not about a promise")),
    "started_on": ([None, "2026-03-02"], ("Started on", "not set", "2 March 2026")),
    "extended_to": ([None, "20"], ("Time allowed", "not set", "20 working days")),
    "extension_reason": ([None, "Waiting for records"], ("Why it needs longer", "not set", "Waiting for records")),
    "responded_on": ([None, "2026-12-01"], ("Answered on", "not set", "1 December 2026")),
    "outcome": ([None, "partly_upheld"], ("Outcome", "not set", "Partly upheld")),
    "summary": ([None, "We said sorry"], ("Summary", "not set", "We said sorry")),
    "investigating_officer": ([None, "Jo"], ("Investigating officer", "not set", "Jo")),
    "independent_person": ([None, "Lee"], ("Independent person", "not set", "Lee")),
    "panel_on": ([None, "2027-01-04"], ("Panel met on", "not set", "4 January 2027")),
    "report_on": ([None, "2027-01-08"], ("Panel report on", "not set", "8 January 2027")),
    "ombudsman_referred_on": ([None, "2027-02-01"], ("Referred to the Ombudsman on", "not set", "1 February 2027")),
    "ombudsman_decided_on": ([None, "2027-05-28"], ("Ombudsman decided on", "not set", "28 May 2027")),
    "ombudsman_decision": ([None, "Fault found"], ("Ombudsman's decision", "not set", "Fault found")),
    "ombudsman_remedy": ([None, "Apologise"], ("Remedy", "not set", "Apologise")),
    "ended_on": ([None, "2026-03-09"], ("Paused until", "not set", "9 March 2026")),
    "advocacy_requested_on": ([None, "2026-02-27"], ("Advocacy asked for on", "not set", "27 February 2026")),
    "advocacy_referred_to": ([None, "Always Heard"], ("Advocacy referred to", "not set", "Always Heard")),
    "advocacy_referred_on": ([None, "2028-02-29"], ("Advocacy referred on", "not set", "29 February 2028")),
    "advocacy_provided_on": (["2026-03-01", "2026-03-03"], ("Advocate helping from", "1 March 2026", "3 March 2026")),
    "done_on": ([None, "2026-12-31"], ("Done on", "not set", "31 December 2026")),
    "closed_on": ([None, "2026-11-30"], ("Closed on", "not set", "30 November 2026")),
}


def test_every_field_that_can_change_has_its_words_and_a_case_here():
    assert set(EXPECTED) == set(CHANGE_LABELS)


@pytest.mark.parametrize(("name", "stored", "words"), [(n, *pair) for n, pair in EXPECTED.items()], ids=EXPECTED)
def test_a_stored_change_reads_as_the_page_says_it(name, stored, words):
    assert change_in_words(name, *stored) == words


@pytest.mark.parametrize(
    ("stored", "status"),
    [
        ("received", "New"),
        ("being_looked_at", "Acknowledged"),
        ("stage_1", "Stage 1"),
        ("stage_2", "Stage 2"),
        ("stage_3", "Stage 3"),
        ("safeguarding", "Safeguarding"),
        ("closed", "Closed"),
    ],
)
def test_every_status_reads_as_its_label(stored, status):
    assert change_in_words("status", None, stored)[2] == status


@pytest.mark.parametrize(
    ("stored", "outcome"),
    [
        ("upheld", "Upheld"),
        ("partly_upheld", "Partly upheld"),
        ("not_upheld", "Not upheld"),
        ("resolved", "Resolved"),
        ("withdrawn", "Withdrawn"),
    ],
)
def test_every_outcome_reads_as_its_label(stored, outcome):
    assert change_in_words("outcome", None, stored)[2] == outcome


def test_a_value_the_words_do_not_know_is_shown_as_stored_never_an_error():
    # An event written before a status or field was renamed still shows what it said.
    assert change_in_words("status", "reopened", "closed") == ("Status", "reopened", "Closed")
    assert change_in_words("some_new_field", None, "x") == ("Some new field", "not set", "x")
