"""The time, once: every area asks here for now, today in London and London's midnight, so no copy can drift."""

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Year:
    """A reporting year, 1 April to 31 March, named by the year it starts (2025 is "2025-26")."""

    start: int

    @property
    def label(self):
        return f"{self.start}-{(self.start + 1) % 100:02d}"

    @property
    def first_day(self):
        return date(self.start, 4, 1)

    @property
    def last_day(self):
        return date(self.start + 1, 3, 31)

    @property
    def end(self):
        """The moment the year ends: midnight starting 1 April, London time."""
        return london_midnight(date(self.start + 1, 4, 1))

    @property
    def previous(self):
        return Year(self.start - 1)

    @classmethod
    def parse(cls, text):
        """ "2025-26" -> Year(2025); ValueError for anything else."""
        text = (text or "").strip()
        if len(text) != 7 or text[4] != "-" or not (text[:4].isdigit() and text[5:].isdigit()):
            raise ValueError(f"a reporting year looks like 2025-26, not {text!r}")
        start = int(text[:4])
        if int(text[5:]) != (start + 1) % 100 or not 2000 <= start <= 2100:
            raise ValueError(f"a reporting year looks like 2025-26, not {text!r}")
        return cls(start)

    @classmethod
    def containing(cls, day):
        return cls(day.year if day.month >= 4 else day.year - 1)
