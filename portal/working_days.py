"""Working days for statutory deadlines: not Saturdays, Sundays, or England and Wales bank holidays (which include
Christmas Day, Boxing Day and Good Friday), taken from the maintained `holidays` package, never a typed list."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year):
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The date count working days after start (start itself never counts)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after start, up to and including end (0 if end is not after start)."""
    days = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            days += 1
    return days
