"""Limits kept in the database: exact under concurrent requests, per key, with a window that ends."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from flask_limiter.util import get_qualified_name
from sqlalchemy import func, select

from portal.extensions import limiter
from portal.limits import forget_finished_windows, give_back, parse_limit, take_attempt
from portal.models import LimitCounter


def test_a_limit_setting_reads_as_a_count_and_a_window():
    assert parse_limit("10 per 15 minutes") == (10, timedelta(minutes=15))
    assert parse_limit("3 per hour") == (3, timedelta(hours=1))


def test_the_attempt_after_the_limit_is_refused_and_says_when_the_window_ends(app):
    with app.app_context():
        attempts = [take_attempt("account:a@example.org", "3 per 15 minutes") for _ in range(4)]
    assert [attempt.allowed for attempt in attempts] == [True, True, True, False]
    assert attempts[3].window_ends_at == attempts[0].window_ends_at
    assert timedelta(minutes=14) < attempts[3].window_ends_at - datetime.now(UTC) <= timedelta(minutes=15)


def test_each_key_has_its_own_count(app):
    with app.app_context():
        for _ in range(3):
            take_attempt("account:a@example.org", "3 per 15 minutes")
        assert take_attempt("account:b@example.org", "3 per 15 minutes").allowed


def test_a_new_window_starts_when_the_old_one_is_over(app):
    start = datetime.now(UTC)
    with app.app_context():
        for _ in range(4):
            take_attempt("k", "3 per 15 minutes", now=start)
        later = take_attempt("k", "3 per 15 minutes", now=start + timedelta(minutes=16))
    assert later.allowed and later.count == 1


def test_an_attempt_given_back_does_not_count(app):
    with app.app_context():
        for _ in range(3):
            give_back(take_attempt("k", "3 per 15 minutes"))
        assert take_attempt("k", "3 per 15 minutes").count == 1


def test_racing_attempts_are_counted_exactly(app):
    """Twenty requests at once on one key, each on its own connection: exactly the limit get through."""

    def attempt(_):
        with app.app_context():
            return take_attempt("account:raced@example.org", "10 per 15 minutes").allowed

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(attempt, range(20)))
    assert results.count(True) == 10 and results.count(False) == 10


def test_finished_windows_are_forgotten(app, db_session):
    start = datetime.now(UTC)
    with app.app_context():
        take_attempt("old", "3 per 15 minutes", now=start - timedelta(hours=1))
        take_attempt("current", "3 per 15 minutes", now=start)
        assert forget_finished_windows(start) == 1
    assert db_session.scalar(select(func.count()).select_from(LimitCounter)) == 1


def test_any_key_fits_and_none_is_stored_in_plain(app, db_session):
    junk = "account:\x00" + "é" * 10_000 + "nobody@example.org"
    with app.app_context():
        assert take_attempt(junk, "3 per 15 minutes").count == 1
        assert take_attempt(junk, "3 per 15 minutes").count == 2
    stored = db_session.scalars(select(LimitCounter.key)).all()
    assert len(stored) == 1 and "nobody" not in stored[0] and len(stored[0]) == 64


def test_no_limit_applies_to_reading_a_page(app):
    """The limiter is not asked on GET or HEAD (portal.extensions._reading), so no limit may count one."""
    limited = {}
    with app.app_context():
        for rule in app.url_map.iter_rules():
            for limit in limiter.limit_manager.decorated_limits(get_qualified_name(app.view_functions[rule.endpoint])):
                methods = {method.upper() for method in limit.methods or rule.methods}
                limited[rule.endpoint] = limited.get(rule.endpoint, set()) | methods
    assert {"auth.sign_in", "tell_us.send", "tell_us.track"} <= set(limited)
    assert {endpoint for endpoint, methods in limited.items() if methods & {"GET", "HEAD"}} == set()
