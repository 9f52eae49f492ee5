"""Every limit on what people send (sign-in, tracking codes, sending a complaint): counted in the database, or in
Redis where LIMITS_REDIS_URL names one, so each holds exactly with any number of workers and machines.

Each attempt is counted before the work it limits, atomically: in the database with one INSERT ... ON CONFLICT DO
UPDATE ... RETURNING in its own transaction, in Redis with one MULTI ... EXEC. Two requests racing on two workers
cannot both see "9 so far". An attempt that turns out not to count (a right password) is handed back afterwards. The
limits are settings like "10 per 15 minutes". Only POSTs are counted, so reading a page asks nothing."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps

import redis
from flask import current_app, g, request
from limits import parse
from sqlalchemy import case, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.exceptions import TooManyRequests

from portal.clock import as_utc
from portal.models import LimitCounter

_COUNTERS = LimitCounter.__table__


class LimitReached(TooManyRequests):
    """A 429 that knows when the limit lets people try again, for the error page to say."""

    def __init__(self, message, retry_at):
        super().__init__(description=message)
        self.retry_at = retry_at


@dataclass(frozen=True)
class Attempt:
    key: str
    count: int
    allowed_count: int
    window_ends_at: datetime

    @property
    def allowed(self):
        return self.count <= self.allowed_count


# Both stores keep one rule for a give-back: it counts only in the window its attempt was taken in. Once that window
# has ended (and perhaps a new one started under the same key), handing an attempt back would give a free try in a
# window it was never counted in.


class DatabaseCounts:
    """Counts in the limit_counters table: one INSERT ... ON CONFLICT DO UPDATE ... RETURNING, in its own
    transaction."""

    def __init__(self, engine):
        self.engine = engine

    def take(self, key, amount, period, now=None):
        now = now or datetime.now(UTC)
        window_over = _COUNTERS.c.window_ends_at <= now
        statement = (
            _insert_for(self.engine.dialect.name)(_COUNTERS)
            .values(key=key, attempts=1, window_ends_at=now + period)
            .on_conflict_do_update(
                index_elements=[_COUNTERS.c.key],
                set_={
                    # Both expressions read the row as it was: a window that is over starts again from this attempt.
                    "attempts": case((window_over, 1), else_=_COUNTERS.c.attempts + 1),
                    "window_ends_at": case((window_over, now + period), else_=_COUNTERS.c.window_ends_at),
                },
            )
            .returning(_COUNTERS.c.attempts, _COUNTERS.c.window_ends_at)
        )
        with self.engine.begin() as connection:
            count, window_ends_at = connection.execute(statement).one()
        return Attempt(key, count, amount, as_utc(window_ends_at))

    def give_back(self, attempt, now=None):
        with self.engine.begin() as connection:
            connection.execute(
                update(_COUNTERS)
                .where(
                    _COUNTERS.c.key == attempt.key,
                    _COUNTERS.c.window_ends_at == attempt.window_ends_at,
                    _COUNTERS.c.window_ends_at > (now or datetime.now(UTC)),
                    _COUNTERS.c.attempts > 0,
                )
                .values(attempts=_COUNTERS.c.attempts - 1)
            )


# Hands one attempt back only while the key's window is still the attempt's (its expiry, in Unix milliseconds); a key
# that has expired, or expired and started again, is left alone.
_REDIS_GIVE_BACK = """
if redis.call('pexpiretime', KEYS[1]) == tonumber(ARGV[1]) then return redis.call('decr', KEYS[1]) end
return 0
"""


class RedisCounts:
    """Counts in Redis 7: one MULTI ... EXEC a try; each key expires with its window, so Redis forgets by itself."""

    def __init__(self, client):
        self.client = client

    def take(self, key, amount, period, now=None):
        with self.client.pipeline() as transaction:  # MULTI ... EXEC: a new window starts at 0, then this try counts
            transaction.set(key, 0, nx=True, px=int(period.total_seconds() * 1000))
            transaction.incr(key)
            transaction.pexpiretime(key)  # when the window ends, in Unix milliseconds
            _started, count, window_ends_ms = transaction.execute()
        return Attempt(key, count, amount, datetime.fromtimestamp(window_ends_ms / 1000, UTC))

    def give_back(self, attempt, now=None):
        window_ends_ms = round(attempt.window_ends_at.timestamp() * 1000)
        self.client.eval(_REDIS_GIVE_BACK, 1, attempt.key, window_ends_ms)


def counts():
    """This app's store of counts: Redis where LIMITS_REDIS_URL names one, else the database."""
    if "limit_counts" not in current_app.extensions:
        url = current_app.config["LIMITS_REDIS_URL"]
        current_app.extensions["limit_counts"] = (
            RedisCounts(redis.Redis.from_url(url)) if url else DatabaseCounts(current_app.extensions["db_engine"])
        )
    return current_app.extensions["limit_counts"]


def parse_limit(text):
    """("10 per 15 minutes") -> (10, timedelta(minutes=15))."""
    item = parse(text)
    return item.amount, timedelta(seconds=item.get_expiry())


def _insert_for(dialect_name):
    return postgresql.insert if dialect_name == "postgresql" else sqlite.insert


def stored_key(key):
    """What the store keeps for key: a SHA-256, so any text (NUL, 10 KB of junk) fits, and no email address or case
    reference someone typed is stored in plain."""
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def take_attempt(key, limit_text, now=None):
    """Count one attempt against key under limit_text, atomically; returns the Attempt (check .allowed)."""
    amount, period = parse_limit(limit_text)
    return counts().take(stored_key(key), amount, period, now)


def give_back(attempt, now=None):
    """Hand an attempt back: it turned out not to count (say, the password was right). Only within its window."""
    counts().give_back(attempt, now)


def forget_finished_windows(now=None):
    """Delete counters whose windows are over; returns how many. Nothing depends on it: it keeps the table small.
    (Redis forgets its own: each key expires with its window.)"""
    with current_app.extensions["db_engine"].begin() as connection:
        result = connection.execute(delete(_COUNTERS).where(_COUNTERS.c.window_ends_at <= (now or datetime.now(UTC))))
    return result.rowcount


def limit_posts(setting, key_func, counted, message, exempt=None):
    """Decorate a view: its POSTs are limited per key (key_func()) to the limit in config[setting], counting only
    requests for which counted() is true once the view has run (a wrong guess, a case made). Over the limit, the
    view does not run and the 429 page says when to try again. exempt() true lets a request through uncounted (a
    double-tapped send of a case already made)."""

    def decorate(view):
        @wraps(view)
        def limited(*args, **kwargs):
            if request.method != "POST" or (exempt is not None and exempt()):
                return view(*args, **kwargs)
            attempt = take_attempt(key_func(), current_app.config[setting])
            if not attempt.allowed:
                raise LimitReached(message, attempt.window_ends_at)
            counts = False
            try:
                response = view(*args, **kwargs)
                counts = counted()
                return response
            finally:
                if not counts:
                    give_back(attempt)

        return limited

    return decorate


def per_address(scope):
    """A key_func for limit_posts: the address the request came from (through PROXY_COUNT proxies), per scope."""
    return lambda: f"address:{scope}:{request.remote_addr}"


def limit_wrong_guesses(per_key_setting, key_func, per_address_setting, message):
    """Two limits on a form's POSTs that count only wrong guesses: one per key (an account, a case reference), so one
    target cannot be guessed at from many places, and one per address, so one place cannot try many targets. message
    is what the 429 page says."""
    per_key = limit_posts(per_key_setting, key_func, was_wrong_guess, message)
    per_place = limit_posts(per_address_setting, per_address(per_address_setting), was_wrong_guess, message)
    return lambda view: per_key(per_place(view))


def wrong_guess():
    """A view calls this when a guess (a password, a code, a tracking code) was wrong: only those use up a limit."""
    g.wrong_guess = True


def was_wrong_guess():
    return g.get("wrong_guess", False)


def saved():
    """A view calls this when what was sent was kept (an answer, a report): only those use up a limit whose counted
    is was_saved, so a form sent back with an error costs nothing."""
    g.saved = True


def was_saved():
    return g.get("saved", False)
