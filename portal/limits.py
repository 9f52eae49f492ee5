"""Limits kept in the database, so they hold exactly with any number of workers and machines and no extra service.

Each attempt is counted before the work it limits, with one atomic INSERT ... ON CONFLICT DO UPDATE ... RETURNING in
its own transaction: two requests racing on two workers cannot both see "9 so far". An attempt that turns out not to
count (a right password) is handed back afterwards. The limits are settings like "10 per 15 minutes"."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps

from flask import current_app, g, request
from limits import parse
from sqlalchemy import case, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.exceptions import TooManyRequests

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


def _engine():
    return current_app.extensions["db_engine"]


def _as_utc(moment):
    # SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_limit(text):
    """("10 per 15 minutes") -> (10, timedelta(minutes=15))."""
    item = parse(text)
    return item.amount, timedelta(seconds=item.get_expiry())


def _insert_for(dialect_name):
    return postgresql.insert if dialect_name == "postgresql" else sqlite.insert


def stored_key(key):
    """What the table keeps for key: a SHA-256, so any text (NUL, 10 KB of junk) fits, and no email address or case
    reference someone typed is stored in plain."""
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def take_attempt(key, limit_text, now=None):
    """Count one attempt against key under limit_text, atomically; returns the Attempt (check .allowed)."""
    key = stored_key(key)
    amount, period = parse_limit(limit_text)
    now = now or datetime.now(UTC)
    engine = _engine()
    window_over = _COUNTERS.c.window_ends_at <= now
    statement = (
        _insert_for(engine.dialect.name)(_COUNTERS)
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
    with engine.begin() as connection:
        count, window_ends_at = connection.execute(statement).one()
    return Attempt(key, count, amount, _as_utc(window_ends_at))


def give_back(attempt):
    """Hand an attempt back: it turned out not to count (say, the password was right)."""
    with _engine().begin() as connection:
        connection.execute(
            update(_COUNTERS)
            .where(_COUNTERS.c.key == attempt.key, _COUNTERS.c.attempts > 0)
            .values(attempts=_COUNTERS.c.attempts - 1)
        )


def forget_finished_windows(now=None):
    """Delete counters whose windows are over; returns how many. Nothing depends on it: it keeps the table small."""
    with _engine().begin() as connection:
        result = connection.execute(delete(_COUNTERS).where(_COUNTERS.c.window_ends_at <= (now or datetime.now(UTC))))
    return result.rowcount


def limit_in_database(setting, key_func, counted, message, exempt=None):
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


def wrong_guess():
    """A view calls this when a guess (a password, a code, a tracking code) was wrong: only those use up a limit."""
    g.wrong_guess = True


def was_wrong_guess():
    return g.get("wrong_guess", False)
