"""Keeping the Pledge: the rules and queries for monitoring plans, partner updates, "is it kept for you?" answers,
awareness and reminders (the scorecard is portal/scorecard.py, the dashboard summaries.py). Views call these; tests
reach them without HTTP."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.clock import LONDON, london_today, now
from portal.db import get_session
from portal.models import Partner, Role
from portal.models.kept import (
    AwarenessTap,
    Frequency,
    Kept,
    KeptAnswer,
    KeptComment,
    MonitoringPlan,
    PledgeGiven,
    ProgressStatus,
    ProgressUpdate,
)
from portal.published import published_text_of

# The periods, the answers counted and the latest updates are the scorecard's too, which the annual report also reads:
# they live in portal.scorecard, a module both areas may import.
from portal.scorecard import (  # noqa: F401 - kept here for this area's callers
    add_months,
    complaints_citing,
    current_period,
    kept_counts,
    latest_updates,
    period_label,
    period_start,
    recent_periods,
    reporting_year_start,
)


class NotYourPromise(PermissionError):
    """A partner lead tried to post on a promise their organisation does not own."""


class NoPlan(LookupError):
    """The promise has no monitoring plan yet, so progress cannot be posted."""


def db():
    return get_session()


# --- Plans ---------------------------------------------------------------------------------------------------------


def plan_for(promise_id):
    return db().scalar(
        select(MonitoringPlan)
        .where(MonitoringPlan.promise_id == promise_id)
        .options(selectinload(MonitoringPlan.owners))
    )


def all_partners():
    return db().scalars(select(Partner).order_by(Partner.name)).all()


def save_plan(promise_id, *, owner_ids, measure, target, frequency, next_due, by=None):
    """Make or change the monitoring plan of a promise (its identity id)."""
    session = db()
    owners = session.scalars(select(Partner).where(Partner.id.in_(owner_ids)).order_by(Partner.name)).all()
    plan = plan_for(promise_id)
    if plan is None:
        plan = MonitoringPlan(promise_id=promise_id)
        session.add(plan)
    plan.owners = owners
    plan.measure = measure
    plan.target = target
    plan.frequency = Frequency(frequency)
    plan.next_due = next_due
    plan.updated_at = now()
    plan.updated_by_id = by.id if by else None
    session.commit()
    return plan


def is_late(plan, today=None):
    return plan.next_due < (today or london_today())


def days_late(plan, today=None):
    return max(0, ((today or london_today()) - plan.next_due).days)


def late_plans(today=None):
    """Plans whose next update is overdue, the longest overdue first."""
    today = today or london_today()
    return (
        db()
        .scalars(
            select(MonitoringPlan)
            .where(MonitoringPlan.next_due < today)
            .order_by(MonitoringPlan.next_due, MonitoringPlan.id)
            .options(selectinload(MonitoringPlan.owners))
        )
        .all()
    )


# --- Partner updates -----------------------------------------------------------------------------------------------


def owns(user, plan):
    """True when user is a partner lead of one of the plan's owner partners."""
    return (
        user is not None
        and user.role == Role.PARTNER_LEAD
        and user.partner_id is not None
        and any(owner.id == user.partner_id for owner in plan.owners)
    )


def plans_for_partner(partner_id):
    """The plans a partner owns, soonest due first."""
    return (
        db()
        .scalars(
            select(MonitoringPlan)
            .where(MonitoringPlan.owners.any(Partner.id == partner_id))
            .order_by(MonitoringPlan.next_due, MonitoringPlan.id)
            .options(selectinload(MonitoringPlan.owners))
        )
        .all()
    )


def post_update(
    user,
    promise_id,
    *,
    status,
    done,
    next_steps,
    evidence_link=None,
    evidence_number=None,
    evidence_about=None,
    at=None,
):
    """Record a partner lead's progress on a promise their organisation owns, and move the plan's next due date on.
    Raises NotYourPromise for anyone else, NoPlan if the promise has no plan."""
    plan = plan_for(promise_id)
    if plan is None:
        raise NoPlan(promise_id)
    if not owns(user, plan):
        raise NotYourPromise(f"{user.email if user else 'nobody'} may not post on promise {promise_id}")
    at = at or now()
    update = ProgressUpdate(
        plan=plan,
        promise_id=promise_id,
        partner_id=user.partner_id,
        author_id=user.id,
        status=ProgressStatus(status),
        done=done,
        next_steps=next_steps,
        evidence_link=evidence_link or None,
        evidence_number=evidence_number,
        evidence_about=evidence_about or None,
        due_on=plan.next_due,
        posted_at=at,
    )
    db().add(update)
    posted_on = at.astimezone(LONDON).date()
    months = plan.frequency.months
    # An update in the period leading up to its due date (or after it) answers it: the next one is due a period on,
    # and a late one catches up past today. An extra update earlier than that leaves the due date where it is.
    if posted_on > add_months(plan.next_due, -months):
        plan.next_due = add_months(plan.next_due, months)
        while plan.next_due <= posted_on:
            plan.next_due = add_months(plan.next_due, months)
    db().commit()
    return update


def updates_for(promise_id):
    """Every update on a promise, newest first."""
    return (
        db()
        .scalars(
            select(ProgressUpdate)
            .where(ProgressUpdate.promise_id == promise_id)
            .order_by(ProgressUpdate.posted_at.desc(), ProgressUpdate.id.desc())
            .options(selectinload(ProgressUpdate.partner), selectinload(ProgressUpdate.author))
        )
        .all()
    )


# --- "Is this promise kept for you?" -------------------------------------------------------------------------------


def record_kept(promise_id, device_hash, answer, at=None):
    """This device's answer for the promise this period: made, or changed if it answered before. A double tap or
    two racing posts still leave one answer (the unique key decides; the loser changes the winner's row)."""
    at = at or now()
    period = period_start(at.astimezone(LONDON).date())
    answer = Kept(answer)
    session = db()
    for _attempt in range(2):
        existing = session.scalar(
            select(KeptAnswer).where(
                KeptAnswer.promise_id == promise_id,
                KeptAnswer.period_start == period,
                KeptAnswer.device_hash == device_hash,
            )
        )
        if existing is not None:
            existing.answer = answer
            existing.answered_at = at
            session.commit()
            return existing
        row = KeptAnswer(promise_id=promise_id, period_start=period, device_hash=device_hash, answer=answer)
        row.answered_at = at
        session.add(row)
        try:
            session.commit()
            return row
        except IntegrityError:
            session.rollback()
    raise RuntimeError("could not record the answer")


def kept_answer_of(promise_id, device_hash, today=None):
    """This device's answer for the promise this period, or None."""
    if not device_hash:
        return None
    return db().scalar(
        select(KeptAnswer.answer).where(
            KeptAnswer.promise_id == promise_id,
            KeptAnswer.period_start == current_period(today),
            KeptAnswer.device_hash == device_hash,
        )
    )


def add_kept_comment(promise_id, words, answer=None, at=None):
    """The optional private "tell us more": kept apart from the answer and the device, for staff only."""
    at = at or now()
    comment = KeptComment(
        promise_id=promise_id,
        period_start=period_start(at.astimezone(LONDON).date()),
        answer=Kept(answer) if answer else None,
        words=words,
        created_at=at,
    )
    db().add(comment)
    db().commit()
    return comment


def kept_comments_for(promise_id, limit=50):
    return (
        db()
        .scalars(
            select(KeptComment)
            .where(KeptComment.promise_id == promise_id)
            .order_by(KeptComment.created_at.desc(), KeptComment.id.desc())
            .limit(limit)
        )
        .all()
    )


# --- Awareness ------------------------------------------------------------------------------------------------------


def tap_i_know(device_hash, at=None):
    """Record that a young person knows about the Pledge, once per device. Returns False if already recorded."""
    session = db()
    if session.scalar(select(AwarenessTap.id).where(AwarenessTap.device_hash == device_hash)) is not None:
        return False
    session.add(AwarenessTap(device_hash=device_hash, tapped_at=at or now()))
    try:
        session.commit()
    except IntegrityError:  # the same device, twice at once
        session.rollback()
        return False
    return True


def record_given(*, count, given_on, team, by=None):
    """Staff gave the Pledge to `count` young people on given_on: the team, no names."""
    record = PledgeGiven(
        count=count, given_on=given_on, team=team, recorded_by_id=by.id if by else None, recorded_at=now()
    )
    db().add(record)
    db().commit()
    return record


def recent_given(limit=10):
    return (
        db()
        .scalars(select(PledgeGiven).order_by(PledgeGiven.given_on.desc(), PledgeGiven.id.desc()).limit(limit))
        .all()
    )


@dataclass
class ReachMonth:
    month: date
    given: int
    taps: int
    given_so_far: int
    taps_so_far: int

    @property
    def label(self):
        return self.month.strftime("%B %Y")


def reach_over_time(today=None, months=12):
    """Month by month for the last `months` months (oldest first): young people given the Pledge, "I know about the
    Pledge" taps, and both added up from the start."""
    today = today or london_today()
    first = add_months(today.replace(day=1), -(months - 1))
    session = db()
    given_by_month = Counter()
    for given_on, count in session.execute(select(PledgeGiven.given_on, PledgeGiven.count)):
        given_by_month[given_on.replace(day=1)] += count
    taps_by_month = Counter()
    for (tapped_at,) in session.execute(select(AwarenessTap.tapped_at)):
        taps_by_month[_as_london(tapped_at).date().replace(day=1)] += 1
    given_before = sum(n for month, n in given_by_month.items() if month < first)
    taps_before = sum(n for month, n in taps_by_month.items() if month < first)
    rows = []
    for step in range(months):
        month = add_months(first, step)
        given_before += given_by_month[month]
        taps_before += taps_by_month[month]
        rows.append(ReachMonth(month, given_by_month[month], taps_by_month[month], given_before, taps_before))
    return rows


def _as_london(moment):
    # SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON)


def recent_kept_comments(limit=20):
    return (
        db()
        .scalars(select(KeptComment).order_by(KeptComment.created_at.desc(), KeptComment.id.desc()).limit(limit))
        .all()
    )


# --- Reminders -----------------------------------------------------------------------------------------------------


def reminders_due(today=None):
    """{partner lead (User): [late plans their organisation owns]} for active partner leads."""
    from portal.models import User

    today = today or london_today()
    plans = late_plans(today)
    by_partner = defaultdict(list)
    for plan in plans:
        for owner in plan.owners:
            by_partner[owner.id].append(plan)
    if not by_partner:
        return {}
    leads = (
        db()
        .scalars(
            select(User)
            .where(User.role == Role.PARTNER_LEAD, User.active.is_(True), User.partner_id.in_(list(by_partner)))
            .order_by(User.email)
        )
        .all()
    )
    return {lead: by_partner[lead.partner_id] for lead in leads}


def promise_title(promise_id):
    """The published short title of a promise (or a neutral name if it is not in the published Pledge)."""
    text = published_text_of(promise_id)
    return text.title if text else f"Promise {promise_id}"
