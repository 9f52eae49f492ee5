"""The demo command's cases: enough, of every kind, across three reporting years, and untrackable."""

from datetime import date

from sqlalchemy import func, select

from portal.models import Case, CaseKind, CaseStatus
from portal.tell_us.demo import start_of_reporting_years_ago


def test_reporting_years_start_on_1_april():
    assert start_of_reporting_years_ago(date(2026, 11, 26), 3) == date(2023, 4, 1)
    assert start_of_reporting_years_ago(date(2026, 2, 1), 3) == date(2022, 4, 1)


def test_demo_adds_a_few_hundred_cases_of_every_kind_over_three_reporting_years(runner, db_session):
    assert runner.invoke(args=["demo"]).exit_code == 0
    cases = db_session.scalars(select(Case)).all()
    assert 200 <= len(cases) <= 500
    assert {case.kind for case in cases} == set(CaseKind)
    assert {CaseStatus.CLOSED, CaseStatus.STAGE_1} <= {case.status for case in cases}
    years = {(day.year if day.month >= 4 else day.year - 1) for day in (case.received_at.date() for case in cases)}
    assert len(years) >= 3
    assert all(case.events[0].kind == "received" for case in cases)
    assert any(case.urgent for case in cases)


def test_running_demo_again_adds_no_more_cases(runner, db_session):
    runner.invoke(args=["demo"])
    runner.invoke(args=["demo"])
    assert 200 <= db_session.scalar(select(func.count(Case.id))) <= 500
