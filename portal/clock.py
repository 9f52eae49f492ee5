"""The time, once: every area asks here for now, today in London and London's midnight, so no copy can drift."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now() -> datetime:
    """This moment, in UTC (what the database stores)."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored time, aware and in UTC: SQLite hands back the UTC time it stored without its zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def london_today() -> date:
    """Today's date in London, which is not UTC's for an hour a night in summer."""
    return now().astimezone(LONDON).date()


def london_midnight(day: date) -> datetime:
    """The first moment of day in London, in UTC: SQLite compares a bound time as text with its zone ignored, so a
    time bound in a query must be in UTC like the stored ones."""
    return datetime.combine(day, time.min, LONDON).astimezone(UTC)
