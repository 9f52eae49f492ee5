"""The Pledge scorecard: for each published promise, what its partners say beside what young people say, and the
complaints that cite it. Read by the public scorecard ('is it kept', portal.kept) and by the annual report
(portal.reports), so it is a shared module under both areas, not one area's code. Every figure comes through
portal.suppression. Also the periods answers are counted in and the queries the scorecard is built from."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select, true
from sqlalchemy.orm import selectinload

from portal.clock import Year, london_midnight, london_today
from portal.db import get_session
from portal.models import Case, CaseKind
from portal.models.kept import Kept, KeptAnswer, MonitoringPlan, ProgressUpdate
from portal.published import published_promises
from portal.suppression import shares, suppress_count, suppress_row
from portal.templating import date_in_words

TREND_PERIODS = 4


def db():
    return get_session()


# --- Periods -------------------------------------------------------------------------------------------------------


def add_months(day, months):
    """The same day of the month `months` later (or the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def period_start(day):
    """Answers are counted per calendar quarter: the first day of the quarter day falls in."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def current_period(today=None):
    return period_start(today or london_today())


def recent_periods(today=None, count=TREND_PERIODS):
    """The last `count` quarters, oldest first, ending with this one."""
    this = current_period(today)
    return [add_months(this, -3 * back) for back in range(count - 1, -1, -1)]


def period_label(start):
    """Like "April to June 2026": the quarter starting `start`, in the page's language (Babel's month names); in
    English on staff pages and outside the app, as long_date (portal.templating) is."""
    end = add_months(start, 2)
    return _(
        "%(first_month)s to %(last_month)s %(year)s",
        first_month=date_in_words(start, "MMMM"),
        last_month=date_in_words(end, "MMMM"),
        year=date_in_words(end, "y"),
    )


def reporting_year_start(today=None):
    """1 April of the reporting year (1 April to 31 March) today falls in."""
    return Year.containing(today or london_today()).first_day


# --- What the scorecard is built from ----------------------------------------------------------------------------


def latest_updates(promise_ids, before=None):
    """{promise_id: its newest update} for those with any; only those posted before `before` if given (a closed
    year's report shows the partners' statuses as they stood at its end)."""
    posted = ProgressUpdate.posted_at < before if before is not None else true()
    newest = (
        select(ProgressUpdate.promise_id, func.max(ProgressUpdate.id).label("id"))
        .where(ProgressUpdate.promise_id.in_(promise_ids), posted)
        .group_by(ProgressUpdate.promise_id)
        .subquery()
    )
    rows = db().scalars(select(ProgressUpdate).join(newest, ProgressUpdate.id == newest.c.id)).all()
    return {update.promise_id: update for update in rows}


def plans_for(promise_ids):
    """{promise id: its monitoring plan, owners loaded} for the promises that have one."""
    return {
        plan.promise_id: plan
        for plan in db().scalars(
            select(MonitoringPlan)
            .where(MonitoringPlan.promise_id.in_(promise_ids))
            .options(selectinload(MonitoringPlan.owners))
        )
    }


def kept_counts(promise_ids, periods):
    """{(promise_id, period_start): Counter({Kept: n})} for the promises and periods asked for (zeros included)."""
    counts = {
        (promise_id, period): Counter({kept: 0 for kept in Kept}) for promise_id in promise_ids for period in periods
    }
    if not promise_ids or not periods:
        return counts
    rows = db().execute(
        select(KeptAnswer.promise_id, KeptAnswer.period_start, KeptAnswer.answer, func.count())
        .where(KeptAnswer.promise_id.in_(promise_ids), KeptAnswer.period_start.in_(periods))
        .group_by(KeptAnswer.promise_id, KeptAnswer.period_start, KeptAnswer.answer)
    )
    for promise_id, period, answer, count in rows:
        counts[(promise_id, period)][Kept(answer)] = count
    return counts


def complaints_citing(promise_ids, since):
    """{promise_id: number of complaints received since `since` (a date) that cite the promise}."""
    if not promise_ids:
        return {}
    rows = db().execute(
        select(Case.promise_id, func.count())
        .where(
            Case.promise_id.in_(promise_ids),
            Case.kind == CaseKind.COMPLAINT,
            Case.received_at >= london_midnight(since),
        )
        .group_by(Case.promise_id)
    )
    counts = dict.fromkeys(promise_ids, 0)
    counts.update({promise_id: count for promise_id, count in rows})
    return counts


# --- The scorecard ------------------------------------------------------------------------------------------------


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
    # This period as the scorecard shows it once the period has passed (a "yes" share only): what a closed year's
    # annual report shows, so that it and today's scorecard show one figure, suppressed one way.
    passed: TrendPoint

    @property
    def promise_id(self):
        return self.text.promise_id

    @property
    def trend_word(self):
        """How the share saying "yes" moved since the period before, when both can be shown: "up", "down", "the
        same" or None. A key, not words to show: the scorecard has a whole sentence for each."""
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
    plans = plans_for(ids)
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
                passed=trend_point(counts[(text.promise_id, periods[-1])], periods[-1]),
            )
        )
    return rows
