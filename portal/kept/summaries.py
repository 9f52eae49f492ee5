"""The public scorecard and the staff dashboard: what partners say beside what young people say, per promise.
Every figure on the scorecard comes through portal.suppression; the dashboard (staff only) shows raw counts."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.clock import london_today
from portal.kept.services import (
    complaints_citing,
    current_period,
    days_late,
    db,
    kept_counts,
    latest_updates,
    period_label,
    recent_periods,
    reporting_year_start,
)
from portal.models.monitoring import Kept, MonitoringPlan, ProgressStatus, ProgressUpdate
from portal.published import published_promises
from portal.suppression import shares, suppress_count, suppress_row

# A promise is flagged "few say it is kept" when, with at least this many answers this period, under this share say
# yes (staff dashboard only; the public scorecard shows the figures themselves).
LOW_KEPT_MIN_ANSWERS = 5
LOW_KEPT_YES_SHARE = 0.5


@dataclass
class TrendPoint:
    """One period's "said yes, out of 100" for the trend, or None when it is not safe to show."""

    period: date
    yes_share: int | None
    any_answers: bool

    @property
    def label(self):
        return period_label(self.period)


@dataclass
class Breakdown:
    """This period's answers: every count suppressed (the total shown when 5 or more), and each answer's share
    ("out of 100") where its count and the total are both shown; shares is None when the total is hidden or 0."""

    period: date
    row: object  # portal.suppression.Row keyed by Kept
    shares: dict | None

    @property
    def label(self):
        return period_label(self.period)


@dataclass
class ScorecardRow:
    text: object  # the published VersionPromise
    plan: MonitoringPlan | None
    latest: ProgressUpdate | None
    now: Breakdown
    trend: list  # TrendPoint, oldest first, ending with this period
    complaints: object  # portal.suppression.Figure

    @property
    def promise_id(self):
        return self.text.promise_id

    @property
    def trend_word(self):
        """How the share saying "yes" moved since the period before, when both can be shown: "up", "down", "the
        same" or None."""
        before, after = self.trend[-2].yes_share, self.trend[-1].yes_share
        if before is None or after is None:
            return None
        return "up" if after > before else "down" if after < before else "the same"


def breakdown(counts, period):
    row = suppress_row({kept: counts[kept] for kept in Kept})
    return Breakdown(period, row, shares(row))


def trend_point(counts, period):
    """A past period shows only its "yes" share, with no counts beside it, so it is judged as a row of two
    (yes, and every other answer): shown when the "yes" count and the total would be."""
    yes = counts[Kept.YES]
    row = suppress_row({"yes": yes, "other": sum(counts.values()) - yes})
    period_shares = shares(row)
    return TrendPoint(period, (period_shares or {}).get("yes"), row.any_answers)


def scorecard(today=None, texts=None, updates_before=None):
    """For each published promise: what its partners say (latest status and date) beside what young people say
    (this period in full, and the "yes" share for the last few), and how many complaints cited it this reporting
    year. Every figure comes through portal.suppression. A past year's report passes the promises as they were
    published then, and its end as `updates_before`, so the partners' statuses are those of that time.

    This period's counts are on the page, so its trend point is taken from the full breakdown: the same row,
    suppressed the same way."""
    today = today or london_today()
    texts = published_promises() if texts is None else texts
    ids = [text.promise_id for text in texts]
    periods = recent_periods(today)
    counts = kept_counts(ids, periods)
    latest = latest_updates(ids, before=updates_before)
    plans = {
        plan.promise_id: plan
        for plan in db().scalars(
            select(MonitoringPlan)
            .where(MonitoringPlan.promise_id.in_(ids))
            .options(selectinload(MonitoringPlan.owners))
        )
    }
    complaints = complaints_citing(ids, reporting_year_start(today))
    rows = []
    for text in texts:
        now_ = breakdown(counts[(text.promise_id, periods[-1])], periods[-1])
        trend = [trend_point(counts[(text.promise_id, period)], period) for period in periods[:-1]]
        trend.append(TrendPoint(periods[-1], (now_.shares or {}).get(Kept.YES), now_.row.any_answers))
        rows.append(
            ScorecardRow(
                text=text,
                plan=plans.get(text.promise_id),
                latest=latest.get(text.promise_id),
                now=now_,
                trend=trend,
                complaints=suppress_count(complaints[text.promise_id]),
            )
        )
    return rows


# --- The staff dashboard --------------------------------------------------------------------------------------------


@dataclass
class DashboardRow:
    text: object  # the published VersionPromise
    plan: MonitoringPlan | None
    latest: ProgressUpdate | None
    counts: Counter  # this period's answers, raw: staff only
    late_days: int

    @property
    def answers(self):
        return sum(self.counts.values())

    @property
    def yes_share(self):
        return self.counts[Kept.YES] / self.answers if self.answers else None

    @property
    def late(self):
        return self.late_days > 0

    @property
    def off_track(self):
        return self.latest is not None and self.latest.status == ProgressStatus.OFF_TRACK

    @property
    def low_kept(self):
        return self.answers >= LOW_KEPT_MIN_ANSWERS and self.yes_share < LOW_KEPT_YES_SHARE

    @property
    def needs_attention(self):
        return self.late or self.off_track or self.low_kept or self.plan is None

    def sort_key(self):
        # Late first (longest late first), then off track, then few saying "kept", then the rest in Pledge order.
        return (
            not self.late,
            -self.late_days,
            not self.off_track,
            not self.low_kept,
            self.yes_share if self.yes_share is not None else 1.0,
        )


def dashboard(today=None):
    """Published promises for staff, those needing attention first: late updates, off track, low "kept" answers."""
    today = today or london_today()
    texts = published_promises()
    ids = [text.promise_id for text in texts]
    period = current_period(today)
    counts = kept_counts(ids, [period])
    latest = latest_updates(ids)
    plans = {
        plan.promise_id: plan
        for plan in db().scalars(
            select(MonitoringPlan)
            .where(MonitoringPlan.promise_id.in_(ids))
            .options(selectinload(MonitoringPlan.owners))
        )
    }
    rows = [
        DashboardRow(
            text=text,
            plan=plans.get(text.promise_id),
            latest=latest.get(text.promise_id),
            counts=counts[(text.promise_id, period)],
            late_days=days_late(plans[text.promise_id], today) if text.promise_id in plans else 0,
        )
        for text in texts
    ]
    return sorted(rows, key=DashboardRow.sort_key)
