"""Limit counts, in the database and in a real redis-server: exact under concurrent requests, per key, with a window
that ends."""

import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import redis
from sqlalchemy import func, select

from portal.limits import forget_finished_windows, give_back, parse_limit, stored_key, take_attempt
from portal.models import LimitCounter
from tests.conftest import free_port, skip_or_fail


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A redis-server of our own on a free loopback port (Debian's; CI installs it), thrown away afterwards."""
    if not shutil.which("redis-server"):
        skip_or_fail("redis-server is not installed: apt-get install redis-server to run the Redis limit tests")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(params=["database", "redis"])
def counts_app(request, app, make_app):
    """The app with its limit counts in the database, then in Redis (emptied first)."""
    if request.param == "database":
        return app
    url = request.getfixturevalue("redis_url")
    redis.Redis.from_url(url).flushdb()
    return make_app(PORTAL_ENV="test", LIMITS_REDIS_URL=url)


def test_a_limit_setting_reads_as_a_count_and_a_window():
    assert parse_limit("10 per 15 minutes") == (10, timedelta(minutes=15))
    assert parse_limit("3 per hour") == (3, timedelta(hours=1))


def test_the_attempt_after_the_limit_is_refused_and_says_when_the_window_ends(counts_app):
    with counts_app.app_context():
        attempts = [take_attempt("account:a@example.org", "3 per 15 minutes") for _ in range(4)]
    assert [attempt.allowed for attempt in attempts] == [True, True, True, False]
    assert attempts[3].window_ends_at == attempts[0].window_ends_at
    assert timedelta(minutes=14) < attempts[3].window_ends_at - datetime.now(UTC) <= timedelta(minutes=15)


def test_each_key_has_its_own_count(counts_app):
    with counts_app.app_context():
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


def test_an_attempt_given_back_does_not_count(counts_app):
    with counts_app.app_context():
        for _ in range(3):
            give_back(take_attempt("k", "3 per 15 minutes"))
        assert take_attempt("k", "3 per 15 minutes").count == 1


def test_a_give_back_after_its_window_ended_does_not_count_in_the_next(counts_app):
    """The same rule in both stores. Waiting longer than the first window only makes it more surely over; the next
    window is an hour long, so however slowly the rest runs it is still the same window."""
    with counts_app.app_context():
        first = take_attempt("k", "2 per 1 second")
        time.sleep(1.1)
        assert take_attempt("k", "2 per hour").count == 1  # a new window
        give_back(first)  # taken in the window that ended: nothing to hand back in this one
        assert take_attempt("k", "2 per hour").count == 2


def test_racing_attempts_are_counted_exactly(counts_app):
    """Twenty requests at once on one key, each on its own connection: exactly the limit get through."""

    def attempt(_):
        with counts_app.app_context():
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


def test_in_redis_a_window_ends_and_a_new_one_starts(redis_url, make_app):
    """Waiting longer than the window can only make it more surely over: no race with a slow machine."""
    store = redis.Redis.from_url(redis_url)
    store.flushdb()
    app = make_app(PORTAL_ENV="test", LIMITS_REDIS_URL=redis_url)
    with app.app_context():
        assert take_attempt("k", "1 per 1 second").count == 1
        late = take_attempt("gone", "1 per 1 second")
        time.sleep(1.1)
        again = take_attempt("k", "1 per 1 second")
        give_back(late)  # its window is over: nothing to hand back, and no key made again
    assert again.allowed and again.count == 1
    assert store.keys() == [stored_key("k").encode()], "only the new window's key, hashed, not in plain"


def test_a_redis_out_of_reach_gets_the_503_page_with_the_words_typed(make_app):
    client = make_app(PORTAL_ENV="test", LIMITS_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0").test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/track").get_data(as_text=True))[1]
    response = client.post("/track", data={"csrf_token": token, "reference": "PLG-1234-AB", "code": "WRNG-CODE-0000"})
    assert response.status_code == 503
    assert "PLG-1234-AB" in response.get_data(as_text=True)
