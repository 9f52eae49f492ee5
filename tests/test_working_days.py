from datetime import date

from portal.working_days import add_working_days, is_working_day, working_days_between


def test_weekends_do_not_count():
    friday = date(2026, 11, 20)
    assert add_working_days(friday, 1) == date(2026, 11, 23)
    assert add_working_days(friday, 2) == date(2026, 11, 24)


def test_christmas_boxing_day_and_new_year_do_not_count():
    # 24 Dec 2026 is a Thursday; 25 (Fri) and 28 (Mon, Boxing Day substitute) are bank holidays; 1 Jan is too.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_good_friday_and_easter_monday_do_not_count():
    assert not is_working_day(date(2026, 4, 3))  # Good Friday
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_scottish_only_holidays_are_working_days_in_england():
    assert is_working_day(date(2026, 11, 30))  # St Andrew's Day (Scotland only)


def test_working_days_between_counts_the_same_way_as_adding():
    start = date(2026, 12, 18)
    for count in (1, 2, 10, 20, 25, 65):
        assert working_days_between(start, add_working_days(start, count)) == count
