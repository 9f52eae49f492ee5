"""Deadlines over real calendars (England and Wales bank holidays from `holidays`), for every stage, with
extensions and pauses. Dates are worked out by hand in the comments, so a wrong rule shows."""

from datetime import date

from portal.cases.deadlines import deadlines_for, next_due, request_window_closes
from portal.models import CasePause, CaseStage, CaseStatus
from portal.working_days import add_working_days, is_working_day, working_days_between
from tests.triage.conftest import new_case


def due(case, name):
    return next(d.due_on for d in deadlines_for(case) if d.name == name)


def test_bank_holidays_2025_to_2027_and_their_substitute_days():
    for holiday in (
        date(2025, 4, 18),  # Good Friday
        date(2025, 4, 21),  # Easter Monday
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 4, 3),
        date(2026, 12, 28),  # Boxing Day 2026 is a Saturday: Monday 28 is the substitute
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 5, 3),  # early May bank holiday
        date(2027, 12, 27),  # Christmas Day 2027 is a Saturday: substitute Monday 27
        date(2027, 12, 28),  # Boxing Day 2027 is a Sunday: substitute Tuesday 28
    ):
        assert not is_working_day(holiday), holiday
    assert is_working_day(date(2027, 12, 29))


def test_acknowledgement_is_two_working_days_across_christmas_2027(db_session):
    # Thu 23 Dec 2027: Fri 24 is 1; 25-28 are weekend and substitute days; Wed 29 is 2.
    case = new_case(db_session, date(2027, 12, 23))
    assert due(case, "Acknowledge") == date(2027, 12, 29)
    assert case.next_due_on == date(2027, 12, 29)


def test_stage_1_is_ten_working_days_over_christmas_and_new_year_and_twenty_when_extended(db_session):
    case = new_case(db_session, date(2025, 12, 18))
    case.stages.append(CaseStage(number=1, started_on=date(2025, 12, 18)))
    db_session.commit()
    # 19, 22, 23, 24 | 25, 26 Dec holidays | 29, 30, 31 | 1 Jan holiday | 2, 5, 6 Jan = 10
    assert due(case, "Stage 1 response") == date(2026, 1, 6)
    case.stages[0].extended_to = 20
    db_session.commit()
    assert due(case, "Stage 1 response") == date(2026, 1, 20)
    assert case.reply_by is None  # status is still received: /track only shows a stage's date in that stage
    case.status = CaseStatus.STAGE_1
    db_session.commit()
    assert case.reply_by == date(2026, 1, 20)


def test_stage_2_is_twenty_five_working_days_from_the_agreed_statement_over_christmas_2027(db_session):
    case = new_case(db_session, date(2027, 11, 1))
    case.stages.append(CaseStage(number=1, started_on=date(2027, 11, 1), responded_on=date(2027, 11, 10)))
    case.stages.append(CaseStage(number=2, requested_on=date(2027, 12, 1), started_on=date(2027, 12, 20)))
    case.acknowledged_on = date(2027, 11, 2)
    db_session.commit()
    # 21-24 Dec (4) | 27, 28 substitutes | 29-31 (7) | 3 Jan 2028 substitute for New Year | 4 Jan .. 27 Jan (25)
    assert due(case, "Stage 2 adjudication") == date(2028, 1, 27)
    case.stages[1].extended_to = 65
    db_session.commit()
    assert due(case, "Stage 2 adjudication") == add_working_days(date(2027, 12, 20), 65)
    assert working_days_between(date(2027, 12, 20), due(case, "Stage 2 adjudication")) == 65
    assert case.next_due_on == add_working_days(date(2027, 12, 20), 65)


def test_stage_3_panel_report_and_response_over_easter_and_may_day_2027(db_session):
    case = new_case(db_session, date(2026, 11, 2))
    case.acknowledged_on = date(2026, 11, 3)
    case.stages += [
        CaseStage(number=1, started_on=date(2026, 11, 2), responded_on=date(2026, 11, 12)),
        CaseStage(
            number=2, requested_on=date(2026, 11, 20), started_on=date(2026, 11, 27), responded_on=date(2027, 2, 15)
        ),
        CaseStage(number=3, requested_on=date(2027, 3, 1)),
    ]
    db_session.commit()
    # 30 working days from Mon 1 Mar 2027, skipping Good Friday 26 Mar and Easter Monday 29 Mar: Wed 14 Apr.
    assert due(case, "Stage 3 panel meets") == date(2027, 4, 14)
    case.stages[2].panel_on = date(2027, 4, 14)
    case.stages[2].report_on = date(2027, 4, 21)
    db_session.commit()
    assert due(case, "Stage 3 panel report") == date(2027, 4, 21)  # 15, 16, 19, 20, 21 Apr
    # 15 working days from 21 Apr, skipping the early May bank holiday (Mon 3 May 2027): Thu 13 May.
    assert due(case, "Stage 3 council response") == date(2027, 5, 13)


def test_requests_for_the_next_stage_have_twenty_working_days(db_session):
    # Stage 1 response Fri 19 Dec 2025: 22-24 (3) | 25, 26 | 29-31 (6) | 1 Jan | 2 (7) | 5-9 (12) | 12-16 (17) |
    # 19, 20, 21 Jan 2026 (20)
    assert request_window_closes(date(2025, 12, 19)) == date(2026, 1, 21)


def test_a_pause_moves_deadlines_by_the_paused_working_days(db_session):
    case = new_case(db_session, date(2026, 3, 2))
    case.acknowledged_on = date(2026, 3, 3)
    case.stages.append(CaseStage(number=1, started_on=date(2026, 3, 2)))
    case.status = CaseStatus.STAGE_1
    db_session.commit()
    assert due(case, "Stage 1 response") == date(2026, 3, 16)
    # Paused Thu 5 to Mon 9 Mar: 3 working days (5, 6, 9), so the date moves from Mon 16 to Thu 19 Mar.
    pause = CasePause(reason_kind="police", reason="Police investigation", started_on=date(2026, 3, 5))
    case.pauses.append(pause)
    db_session.commit()
    assert due(case, "Stage 1 response") is None  # the clock is stopped while the pause lasts
    assert case.next_due_on is None and case.reply_by is None
    pause.ended_on = date(2026, 3, 9)
    db_session.commit()
    assert due(case, "Stage 1 response") == date(2026, 3, 19)
    assert case.next_due_on == date(2026, 3, 19)


def test_a_pause_over_easter_2026_counts_only_its_working_days(db_session):
    # Stage 2 from Mon 30 Mar 2026, paused 1 to 10 Apr: 1, 2, 7, 8, 9, 10 Apr are 6 working days (3 and 6 Apr are
    # Good Friday and Easter Monday, so they were never working days).
    paused = [(date(2026, 4, 1), date(2026, 4, 10))]
    assert add_working_days(date(2026, 3, 30), 25, paused) == add_working_days(
        add_working_days(date(2026, 3, 30), 25), 6
    )


def test_a_closed_or_safeguarding_case_has_nothing_due(db_session):
    case = new_case(db_session, date(2026, 3, 2))
    assert case.next_due_on is not None
    case.status = CaseStatus.SAFEGUARDING
    case.safeguarding = True
    db_session.commit()
    assert case.next_due_on is None
    assert next_due(case) is None
