"""When each scheduled job is due, in London time, and which period (hour, day, week, month) a run belongs to. The
worker runs a job once per period: the period's key is half of the unique pair (job, period) in job_runs.

A schedule is "hourly", "daily HH:MM", "weekly monday HH:MM" or "monthly D HH:MM" (D from 1 to 28, so every month
has it)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from portal.clock import LONDON

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# The jobs the worker runs: name -> the setting holding its schedule. The worker (portal/worker.py) says what each does.
JOBS = {
    "digest": "DIGEST_SCHEDULE",
    "reminders": "REMINDERS_SCHEDULE",
    "monthly-summary": "MONTHLY_SUMMARY_SCHEDULE",
    "retention": "RETENTION_SCHEDULE",
    "expired-drafts": "EXPIRED_DRAFTS_SCHEDULE",
}


@dataclass(frozen=True)
class Schedule:
    every: str  # hourly | daily | weekly | monthly
    weekday: int = 0
    day: int = 1
    at: time = time(0, 0)

    def run_time(self, moment):
        """(the period moment falls in, as a key; when that period's run is due, in London)."""
        local = moment.astimezone(LONDON)
        if self.every == "hourly":
            due = local.replace(minute=0, second=0, microsecond=0)
            return due.strftime("%Y-%m-%dT%H"), due
        if self.every == "daily":
            return local.date().isoformat(), _at(local.date(), self.at)
        if self.every == "weekly":
            monday = local.date() - timedelta(days=local.weekday())
            year, week, _ = monday.isocalendar()
            return f"{year}-W{week:02d}", _at(monday + timedelta(days=self.weekday), self.at)
        return local.strftime("%Y-%m"), _at(local.date().replace(day=self.day), self.at)

    def due_period(self, moment):
        """The period whose run is due at moment (its time has come), or None if this period's time is still ahead."""
        period, due = self.run_time(moment)
        return period if moment >= due else None

    def next_due(self, moment, ran_this_period):
        """When the next run is due: this period's time if it has not run yet, else the next period's."""
        _period, due = self.run_time(moment)
        if not ran_this_period:
            return due
        local = due.astimezone(LONDON)
        if self.every == "hourly":
            return due + timedelta(hours=1)
        if self.every == "daily":
            return _at(local.date() + timedelta(days=1), self.at)
        if self.every == "weekly":
            return _at(local.date() + timedelta(days=7), self.at)
        first_of_next = (local.date().replace(day=1) + timedelta(days=32)).replace(day=1)
        return _at(first_of_next.replace(day=self.day), self.at)


def _at(day: date, at: time) -> datetime:
    return datetime.combine(day, at, LONDON)


def parse(text):
    """A Schedule from its setting; ValueError (naming the problem) if it is not one of the four forms."""
    words = text.strip().lower().split()
    try:
        if words == ["hourly"]:
            return Schedule("hourly")
        if len(words) == 2 and words[0] == "daily":
            return Schedule("daily", at=time.fromisoformat(words[1]))
        if len(words) == 3 and words[0] == "weekly" and words[1] in WEEKDAYS:
            return Schedule("weekly", weekday=WEEKDAYS.index(words[1]), at=time.fromisoformat(words[2]))
        if len(words) == 3 and words[0] == "monthly" and 1 <= int(words[1]) <= 28:
            return Schedule("monthly", day=int(words[1]), at=time.fromisoformat(words[2]))
    except ValueError:
        pass
    raise ValueError(
        f"A schedule is 'hourly', 'daily HH:MM', 'weekly monday HH:MM' or 'monthly D HH:MM' (D 1 to 28), not {text!r}"
    )
