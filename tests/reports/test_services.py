"""The annual report on a hand-built year (tests/reports/conftest.py) where every figure is known in advance: stage
counts, timeliness with extensions and pauses across bank holidays, suppression and secondary suppression."""

from datetime import date

import pytest

from portal.clock import Year
from portal.reports.queries import median_of
from portal.reports.services import build_report
from tests.reports.conftest import AS_OF

YEAR = Year(2025)


@pytest.fixture
def report(app, known_year):
    with app.app_context():
        return build_report(YEAR, AS_OF)


def rows(report, table_id):
    return {row[0]: row[1:] for row in report.table(table_id).rows}


def test_received_by_kind_shows_the_total_and_hides_the_smallest_other_kind_beside_a_small_one(report):
    # 3 compliments are hidden; the total (21) is shown, so the representations (6), the smallest other kind that
    # is not a headline, are hidden too: 3 + 6 = 9 could be 1 + 8 up to 4 + 5.
    assert rows(report, "received") == {
        "Complaints": ["12", "5", "+7"],
        "Representations": ["not shown", "0", "not shown"],
        "Suggestions": ["0", "0", "no change"],
        "Compliments": ["fewer than 5", "0", "not shown"],
        "Total": ["21", "5", "+16"],
    }


def test_stage_counts_are_shown_though_their_outcomes_are_small(report):
    # Stage 2's 5 cases split 3 upheld and 2 partly upheld: both hidden, and each could be 1 to 4, so the stage's
    # count of 5 is shown.
    assert rows(report, "stages") == {
        "Stage 1": ["10", "0", "+10"],
        "Stage 2": ["5", "0", "+5"],
        "Stage 3": ["0", "0", "no change"],
    }
    assert rows(report, "outcomes") == {
        "Stage 1": ["5", "0", "5", "0", "0", "0", "10"],
        "Stage 2": ["fewer than 5", "fewer than 5", "0", "0", "0", "0", "5"],
        "Stage 3": ["0", "0", "0", "0", "0", "0", "0"],
    }


def test_timeliness_counts_extensions_and_pauses_across_bank_holidays(report):
    timeliness = list(rows(report, "timeliness").values())
    acknowledgement, stage_1, stage_2, stage_3 = timeliness
    # Stage 1: 5 on time (one extended to 20 days, one paused past Easter and the May bank holiday), 5 late (one
    # answered the day after its Christmas deadline, one as if unpaused); median of 5 10 10 10 11 11 13 15 20 21.
    assert stage_1 == ["10", "5", "5", "50%", "11", "fewer than 5", "0"]
    # Stage 2: all 5 answered on time (median of 17 working days), nothing small in that split.
    assert stage_2 == ["5", "5", "0", "100%", "17", "0", "0"]
    assert stage_3 == ["0", "0", "0", "–", "–", "–", "0"]
    # Every case was acknowledged on time.
    assert acknowledgement == ["21", "21", "0", "100%", "–", "–", "0"]


def test_stage_due_dates_and_working_days_are_stored_as_counted_by_hand(app, known_year, db_session):
    stages = [complaint.stages[0] for complaint in known_year]
    assert [stage.due_on for stage in stages] == [
        date(2026, 1, 7),
        date(2026, 1, 21),
        date(2025, 5, 6),
        date(2025, 6, 16),
        date(2025, 6, 16),
        date(2026, 1, 7),
        date(2025, 4, 30),
        date(2026, 1, 21),
        date(2025, 6, 16),
        date(2025, 6, 16),
    ]
    assert [stage.working_days_taken for stage in stages] == [10, 15, 10, 5, 10, 11, 13, 21, 11, 20]


def test_who_complained_with_shares_and_escalation(report):
    assert rows(report, "who") == {
        "The young person": ["7", "58%"],
        "A parent": ["5", "42%"],
        "A carer or foster carer": ["0", "0%"],
        "An advocate for them": ["0", "0%"],
        "Someone else": ["0", "0%"],
        "Total": ["12", "–"],
    }
    # Going on to the next stage: of the year's 10 stage 1s, 5 went on; none of its 5 stage 2s went on to stage 3.
    assert rows(report, "escalation") == {
        "Stage 1 to stage 2": ["50%", "–", "–"],
        "Stage 2 to stage 3": ["0%", "–", "–"],
    }
    summary = rows(report, "summary")
    assert summary["Stage 1 responses sent in the year"] == ["10", "0", "+10"]
    assert summary["Complaints made directly by young people"] == ["58%", "100%", "–"]
    assert summary["Stage 1 responses within time"] == ["50%", "–", "–"]


def test_advocacy_urgent_areas_themes_and_learning(report):
    # 6 asked (shown), 5 given one: the 1 not given is hidden, and so the 5, which would give it away.
    assert rows(report, "advocacy") == {
        "Asked for an advocate": ["6", "0", "+6"],
        "Given an advocate": ["not shown", "0", "not shown"],
        "Not given one yet": ["fewer than 5", "0", "not shown"],
    }
    assert rows(report, "urgent") == {
        "Urgent cases": ["fewer than 5", "0", "not shown"],
        "Referred to safeguarding": ["0", "0", "no change"],
    }
    assert rows(report, "service-areas") == {"Leaving care": ["fewer than 5"], "Placements": ["8"]}
    assert rows(report, "service-quality") == {"Communication": ["5"]}
    assert rows(report, "learning") == {
        "Lessons learned": ["0", "fewer than 5", "fewer than 5"],
        "Actions": ["fewer than 5", "0", "fewer than 5"],
    }
    learning = next(section for section in report.sections if section.id == "learning").learning
    assert [item["words"] for item in learning] == ["We now tell you when your social worker changes."]


def test_equality_answers_share_one_total_across_every_question(report):
    # 5 people answered: gender splits them 3 and 2 (both hidden, each could be 1 to 4); the total is shown, and so
    # is every other question's split of the same 5 people, where nothing is small.
    assert rows(report, "equality-gender")["Girl or woman"] == ["fewer than 5"]
    assert rows(report, "equality-gender")["Boy or man"] == ["fewer than 5"]
    assert rows(report, "equality-age-band")["13 to 15"] == ["5"]
    assert rows(report, "equality-age-band")["Total who answered the questions"] == ["5"]
    assert rows(report, "equality-disability")["No"] == ["5"]


def test_median_from_a_histogram_matches_the_ordinary_median():
    assert median_of({5: 1, 10: 3, 11: 2, 13: 1, 15: 1, 20: 1, 21: 1}) == 11
    assert median_of({1: 1, 2: 1, 7: 1}) == 2
    assert median_of({}) is None


@pytest.mark.parametrize("text", ["2025", "2025-27", "25-26", "2025/26", "", "abcd-ef"])
def test_a_year_that_is_not_like_2025_26_is_refused(text):
    with pytest.raises(ValueError):
        Year.parse(text)
