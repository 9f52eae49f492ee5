"""Keeping the Pledge, at the service level: who may post progress, due dates and lateness, one answer per device per
promise per period, the scorecard's figures and the staff dashboard's order."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.clock import london_today
from portal.db import get_session
from portal.kept import services, summaries
from portal.models import Case
from portal.models.kept import Kept, KeptAnswer, ProgressUpdate
from portal.scorecard import scorecard
from portal.suppression import FEWER_THAN, WITHHELD
from tests.kept.conftest import add_answers, make_world, user


@pytest.fixture
def w(ctx):
    return make_world()


def post(email, promise_id, status="on_track", **kwargs):
    return services.post_update(
        user(email), promise_id, status=status, done="Did things", next_steps="More things", **kwargs
    )


def update_count():
    return get_session().scalar(select(func.count(ProgressUpdate.id)))


# --- Who may post ----------------------------------------------------------------------------------------------------


def test_a_partner_lead_can_post_on_their_own_promise(w):
    update = post(w.school_lead, w.learn, evidence_number=87.0, evidence_about="per cent of PEPs on time")
    assert update.partner_id == w.school_id
    assert services.updates_for(w.learn) == [update]


def test_a_partner_lead_cannot_post_on_another_partners_promise(w):
    with pytest.raises(services.NotYourPromise):
        post(w.school_lead, w.health)
    assert update_count() == 0


@pytest.mark.parametrize("email", ["officer@test.example.org", "rma@test.example.org"])
def test_staff_who_are_not_partner_leads_cannot_post_progress(w, email):
    with pytest.raises(services.NotYourPromise):
        post(email, w.learn)
    assert update_count() == 0


def test_a_promise_without_a_plan_takes_no_updates(w):
    with pytest.raises(services.NoPlan):
        post(w.school_lead, 999_999)


def test_a_lead_whose_partner_becomes_an_owner_can_post(w):
    plan = services.plan_for(w.health)
    services.save_plan(
        w.health,
        owner_ids=[w.health_id, w.school_id],
        measure=plan.measure,
        target=plan.target,
        frequency="quarterly",
        next_due=plan.next_due,
    )
    assert post(w.school_lead, w.health).partner_id == w.school_id


def test_progress_history_cannot_be_rewritten(w):
    update = post(w.school_lead, w.learn)
    update.done = "Something else"
    with pytest.raises(Exception, match="cannot be changed"):
        get_session().commit()
    get_session().rollback()


# --- Due dates --------------------------------------------------------------------------------------------------------


def test_posting_moves_the_next_due_date_past_today(w):
    plan = services.plan_for(w.learn)
    plan.next_due = date(2026, 1, 15)
    get_session().commit()
    update = post(w.school_lead, w.learn, at=datetime(2026, 6, 20, 10, tzinfo=UTC))
    assert update.due_on == date(2026, 1, 15)
    assert update.was_late
    assert services.plan_for(w.learn).next_due == date(2026, 7, 15)


def test_an_update_before_its_due_date_is_on_time_and_moves_one_step(w):
    plan = services.plan_for(w.learn)
    plan.next_due = date(2026, 3, 31)
    get_session().commit()
    update = post(w.school_lead, w.learn, at=datetime(2026, 3, 25, 10, tzinfo=UTC))
    assert not update.was_late
    assert services.plan_for(w.learn).next_due == date(2026, 6, 30)


def test_month_ends_are_kept_when_months_are_added():
    assert services.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert services.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert services.add_months(date(2026, 12, 1), -3) == date(2026, 9, 1)


def test_late_plans_are_those_past_their_due_date_longest_late_first(w):
    today = date(2026, 11, 1)
    for promise_id, due in ((w.learn, date(2026, 10, 1)), (w.health, date(2026, 9, 1))):
        services.plan_for(promise_id).next_due = due
    get_session().commit()
    assert [plan.promise_id for plan in services.late_plans(today)] == [w.health, w.learn]
    assert services.late_plans(date(2026, 8, 31)) == []


def test_reminders_go_to_the_leads_of_the_owners_of_late_plans_only(w):
    # The other plans are due 20 days from today (make_world), so "late" is measured from today too.
    today = london_today()
    services.plan_for(w.health).next_due = today - timedelta(days=60)
    get_session().commit()
    due = services.reminders_due(today)
    assert {lead.email: [plan.promise_id for plan in plans] for lead, plans in due.items()} == {
        w.health_lead: [w.health]
    }


# --- "Is this promise kept for you?" --------------------------------------------------------------------------------


def answers_in_db():
    return get_session().execute(select(KeptAnswer.promise_id, KeptAnswer.period_start, KeptAnswer.answer)).all()


def test_one_answer_per_device_per_promise_per_period_and_it_can_change(w):
    at = datetime(2026, 11, 2, 12, tzinfo=UTC)
    services.record_kept(w.learn, "device-a" * 4, "not_yet", at=at)
    services.record_kept(w.learn, "device-a" * 4, "yes", at=at + timedelta(minutes=1))
    assert answers_in_db() == [(w.learn, date(2026, 10, 1), Kept.YES)]


def test_the_same_device_answers_again_next_period_as_a_new_answer(w):
    services.record_kept(w.learn, "device-a" * 4, "not_yet", at=datetime(2026, 9, 30, 12, tzinfo=UTC))
    services.record_kept(w.learn, "device-a" * 4, "yes", at=datetime(2026, 10, 1, 12, tzinfo=UTC))
    assert sorted(answers_in_db()) == [
        (w.learn, date(2026, 7, 1), Kept.NOT_YET),
        (w.learn, date(2026, 10, 1), Kept.YES),
    ]


def test_different_devices_and_promises_are_counted_apart(w):
    at = datetime(2026, 11, 2, 12, tzinfo=UTC)
    services.record_kept(w.learn, "device-a" * 4, "yes", at=at)
    services.record_kept(w.learn, "device-b" * 4, "partly", at=at)
    services.record_kept(w.health, "device-a" * 4, "dont_know", at=at)
    counts = services.kept_counts([w.learn, w.health], [date(2026, 10, 1)])
    assert counts[(w.learn, date(2026, 10, 1))][Kept.YES] == 1
    assert counts[(w.learn, date(2026, 10, 1))][Kept.PARTLY] == 1
    assert counts[(w.health, date(2026, 10, 1))][Kept.DONT_KNOW] == 1


def test_periods_are_calendar_quarters_named_in_plain_words():
    assert services.period_start(date(2026, 11, 27)) == date(2026, 10, 1)
    assert services.period_label(date(2026, 10, 1)) == "October to December 2026"
    assert services.recent_periods(date(2026, 2, 1)) == [
        date(2025, 4, 1),
        date(2025, 7, 1),
        date(2025, 10, 1),
        date(2026, 1, 1),
    ]


def test_an_awareness_tap_counts_once_per_device(w):
    assert services.tap_i_know("device-a" * 4) is True
    assert services.tap_i_know("device-a" * 4) is False
    assert services.reach_over_time()[-1].taps == 1


def test_reach_adds_up_month_by_month(w):
    today = date(2026, 11, 27)
    services.record_given(count=12, given_on=date(2026, 10, 5), team="Children in Care Team")
    services.record_given(count=8, given_on=date(2026, 11, 5), team="Leaving Care Service")
    services.record_given(count=100, given_on=date(2024, 1, 5), team="Before the window")
    reach = services.reach_over_time(today)
    assert len(reach) == 12
    assert (reach[-2].month, reach[-2].given, reach[-2].given_so_far) == (date(2026, 10, 1), 12, 112)
    assert (reach[-1].given, reach[-1].given_so_far) == (8, 120)


# --- The scorecard and the dashboard -------------------------------------------------------------------------------


def test_the_scorecard_shows_the_total_and_hides_the_smallest_count_beside_a_small_one(w):
    add_answers(w.learn, {Kept.YES: 20, Kept.PARTLY: 3, Kept.NOT_YET: 7})
    add_answers(w.health, {Kept.YES: 5, Kept.NOT_YET: 15})
    rows = {row.promise_id: row for row in scorecard()}
    learn = rows[w.learn].now
    assert str(learn.row.cells[Kept.PARTLY]) == FEWER_THAN
    assert str(learn.row.cells[Kept.NOT_YET]) == WITHHELD
    assert learn.row.total.value == 30
    assert learn.shares == {Kept.YES: 67, Kept.PARTLY: None, Kept.NOT_YET: None, Kept.DONT_KNOW: 0}
    health = rows[w.health].now
    assert health.row.total.value == 20
    assert health.shares == {Kept.YES: 25, Kept.PARTLY: 0, Kept.NOT_YET: 75, Kept.DONT_KNOW: 0}


def test_the_trend_shows_past_yes_shares_and_which_way_they_went(w):
    periods = services.recent_periods()
    add_answers(w.health, {Kept.YES: 5, Kept.NOT_YET: 15}, period=periods[-2])
    add_answers(w.health, {Kept.YES: 10, Kept.NOT_YET: 10}, period=periods[-1])
    row = next(row for row in scorecard() if row.promise_id == w.health)
    assert [point.yes_share for point in row.trend] == [None, None, 25, 50]
    assert row.trend_word == "up"


def test_a_past_period_with_a_small_yes_or_not_yes_count_shows_no_share(w):
    periods = services.recent_periods()
    add_answers(w.health, {Kept.YES: 3, Kept.NOT_YET: 15}, period=periods[-2])
    row = next(row for row in scorecard() if row.promise_id == w.health)
    assert row.trend[-2].yes_share is None and row.trend[-2].any_answers


def test_a_period_once_passed_shows_the_share_the_scorecard_will_show_for_it(w):
    """The annual report of a year that has ended shows its last period's "yes" share as the scorecard shows that
    period once it has passed (judged as yes against every other answer), not as this period's full breakdown
    suppresses it: the two would otherwise differ, as they did (not shown beside 23)."""
    periods = services.recent_periods()
    add_answers(w.health, {Kept.YES: 7, Kept.PARTLY: 20, Kept.NOT_YET: 3}, period=periods[-2])
    row = next(row for row in scorecard(periods[-2] + timedelta(days=1)) if row.promise_id == w.health)
    assert row.now.shares[Kept.YES] is None  # a small "not yet" hides more of the full breakdown
    later = next(row for row in scorecard() if row.promise_id == w.health)
    assert row.passed.yes_share == later.trend[-2].yes_share == 23


def test_complaints_citing_a_promise_count_this_reporting_year_only(w):
    from portal.cases.references import new_reference

    def case(kind, received):
        return Case(
            reference=new_reference(),
            tracking_code_hash="x",
            kind=kind,
            received_at=received,
            acknowledge_by=received.date(),
            told_by="young_person",
            safe_now="yes",
            words="words",
            reply_route="none",
            promise_id=w.learn,
        )

    start = services.reporting_year_start()
    inside = datetime.combine(start, datetime.min.time(), tzinfo=UTC) + timedelta(days=3)
    before = inside - timedelta(days=30)
    get_session().add_all(
        [case("complaint", inside), case("complaint", inside), case("compliment", inside), case("complaint", before)]
    )
    get_session().commit()
    assert services.complaints_citing([w.learn, w.health], start) == {w.learn: 2, w.health: 0}


def test_the_dashboard_puts_late_then_off_track_then_low_kept_first(w):
    today = london_today()
    post(w.school_lead, w.learn, status="off_track")
    add_answers(w.learn, {Kept.YES: 1, Kept.NOT_YET: 9})
    rows = summaries.dashboard(today)
    assert [row.text.promise_id for row in rows] == [w.learn, w.health]
    assert rows[0].off_track and rows[0].low_kept

    services.plan_for(w.health).next_due = today - timedelta(days=3)
    get_session().commit()
    rows = summaries.dashboard(today)
    assert [row.text.promise_id for row in rows] == [w.health, w.learn]
    assert rows[0].late_days == 3


def test_an_extra_update_long_before_the_due_date_does_not_move_it(w):
    plan = services.plan_for(w.learn)
    plan.next_due = date(2026, 12, 31)
    get_session().commit()
    post(w.school_lead, w.learn, at=datetime(2026, 9, 1, 10, tzinfo=UTC))
    assert services.plan_for(w.learn).next_due == date(2026, 12, 31)
