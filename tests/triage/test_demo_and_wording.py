"""The demo cases spread over triage; and /track's words for every place a case can be, at reading grade 5."""

from datetime import date

import textstat
from sqlalchemy import select

from portal.cases.status import status_in_plain_words
from portal.clock import london_today
from portal.models import Case, CaseStage, CaseStatus, Outcome, QualityTheme, User
from portal.models.triage import CasePause, SafeguardingReferral
from tests.tell_us.test_reading_age import MAX_GRADE
from tests.triage.conftest import new_case


def test_demo_cases_spread_over_every_stage_outcome_theme_pause_and_extension(runner, db_session):
    assert runner.invoke(args=["demo"]).exit_code == 0
    cases = db_session.scalars(select(Case)).all()
    officer = db_session.scalar(select(User).where(User.email == "complaints@example.org"))
    assert sum(case.assigned_to_id == officer.id for case in cases) > len(cases) / 2
    assert {CaseStatus.RECEIVED, CaseStatus.STAGE_1, CaseStatus.STAGE_2, CaseStatus.STAGE_3} <= {
        case.status for case in cases
    }
    assert {CaseStatus.SAFEGUARDING, CaseStatus.CLOSED} <= {case.status for case in cases}
    assert set(Outcome) <= {case.outcome for case in cases}
    used_themes = {theme.id for case in cases for theme in case.themes}
    assert used_themes == set(db_session.scalars(select(QualityTheme.id)))
    stages = db_session.scalars(select(CaseStage)).all()
    assert {stage.number for stage in stages if stage.extended_to} == {1, 2}
    assert any(stage.late_request for stage in stages)
    pauses = db_session.scalars(select(CasePause)).all()
    assert any(p.ended_on is None for p in pauses) and any(p.ended_on is not None for p in pauses)
    assert db_session.scalar(select(SafeguardingReferral.id)) is not None
    assert any(case.ombudsman_referred_on for case in cases)
    assert any(case.next_due_on and case.next_due_on < london_today() for case in cases)
    # Some told on other languages' pages, some asking for an interpreter: the queue's Language filter and the annual
    # report's language table show something.
    assert {"en", "fa-AF", "ar", "ti"} <= {case.page_language for case in cases}
    assert any(case.interpreter_needed and case.language == "Dari" for case in cases)


def test_track_says_where_a_case_is_in_words_a_nine_year_old_can_follow(app, db_session):
    case = new_case(db_session, date(2026, 3, 2), reference="TU-WORD-22")
    said = {}

    def record(name):
        db_session.commit()
        with app.app_context():  # the words name the council's phone number, from its configuration
            heading, lines = status_in_plain_words(case)
        said[name] = heading + ". " + " ".join(lines)

    record("received")
    case.status, case.acknowledged_on = CaseStatus.BEING_LOOKED_AT, date(2026, 3, 3)
    record("acknowledged")
    case.stages.append(CaseStage(number=1, started_on=date(2026, 3, 2)))
    case.status = CaseStatus.STAGE_1
    record("stage 1")
    case.pauses.append(CasePause(reason_kind="court", reason="Court", started_on=date(2026, 3, 4)))
    record("paused")
    case.pauses[0].ended_on = date(2026, 3, 6)
    case.stages[0].responded_on = date(2026, 3, 20)
    record("stage 1 answered")
    case.stages.append(CaseStage(number=2, requested_on=date(2026, 3, 23)))
    case.status = CaseStatus.STAGE_2
    record("stage 2 asked")
    case.stages[1].started_on = date(2026, 3, 25)
    record("stage 2")
    case.stages[1].responded_on = date(2026, 4, 20)
    case.stages.append(CaseStage(number=3, requested_on=date(2026, 4, 21)))
    case.status = CaseStatus.STAGE_3
    record("stage 3")
    case.status, case.safeguarding = CaseStatus.SAFEGUARDING, True
    record("safeguarding")
    for outcome in Outcome:
        case.status, case.outcome = CaseStatus.CLOSED, outcome
        record(f"closed {outcome.value}")
    assert said["stage 1"].startswith("We are working on it.") and "We will send you our answer by" in said["stage 1"]
    assert said["paused"].startswith("We have stopped for a while")
    assert "you can ask for stage 2" in said["stage 1 answered"]
    assert said["safeguarding"].startswith("We are helping to keep you safe")
    grades = {name: textstat.flesch_kincaid_grade(words) for name, words in said.items()}
    too_hard = {name: grade for name, grade in grades.items() if grade > MAX_GRADE}
    assert not too_hard, f"/track wording above grade {MAX_GRADE}: {too_hard}"
