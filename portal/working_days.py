"""Working days for statutory deadlines: not Saturdays, Sundays, or England and Wales bank holidays (which include
Christmas Day, Boxing Day and Good Friday, and the substitute days when they fall at a weekend), taken from the
maintained `holidays` package, never a typed list.

Pauses (court proceedings, a police investigation) are (first day, last day) ranges; a last day of None means the
pause still lasts. Working days inside a pause do not count, so a deadline moves by the paused working days."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year):
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def _paused(day, paused):
    return any(first <= day and (last is None or day <= last) for first, last in paused)


def add_working_days(start: date, count: int, paused=()) -> date | None:
    """The date count working days after start (start itself never counts), skipping working days inside a pause.
    None if the count runs into a pause that has not ended: the clock is stopped, so there is no date yet."""
    paused = tuple(paused)
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if not is_working_day(day):
            continue
        if _paused(day, paused):
            if any(first <= day and last is None for first, last in paused):
                return None
            continue
        remaining -= 1
    return day


def working_days_between(start: date, end: date, paused=()) -> int:
    """How many working days after start, up to and including end (0 if end is not after start), not counting
    working days inside a pause."""
    paused = tuple(paused)
    days = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day) and not _paused(day, paused):
            days += 1
    return days
