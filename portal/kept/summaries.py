"""The staff dashboard: what partners say beside what young people say, per promise, in raw counts (staff only; the
public scorecard, every figure suppressed, is portal.scorecard)."""

from collections import Counter
from dataclasses import dataclass

from portal.clock import london_today
from portal.kept.services import days_late
from portal.models.kept import Kept, MonitoringPlan, ProgressStatus, ProgressUpdate
from portal.published import published_promises
from portal.scorecard import current_period, kept_counts, latest_updates, plans_for

# A promise is flagged "few say it is kept" when, with at least this many answers this period, under this share say
# yes (staff dashboard only; the public scorecard shows the figures themselves).
LOW_KEPT_MIN_ANSWERS = 5
LOW_KEPT_YES_SHARE = 0.5


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
    plans = plans_for(ids)
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
