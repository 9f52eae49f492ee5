"""Signing in and out: checking a password, the session record behind each signed-in browser, idle time-outs.
The accounts themselves (making, changing, ending their sessions, the security log) are in portal.accounts."""

import secrets
from datetime import timedelta

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_login import login_user, logout_user
from sqlalchemy import select

from portal import clock
from portal.accounts import user_by_email
from portal.clock import as_utc
from portal.db import get_session
from portal.hashing import hash_password, password_hasher, secret_matches, token_digest
from portal.models import User, UserSession


def load_user(user_id):
    """Flask-Login's loader: only active accounts, and only through a session record that is still live (not ended by
    sign-out or a change, not idle), so a copied cookie is anonymous once its session ends."""
    record = live_session_record()
    if record is None or str(record.user_id) != str(user_id):
        return None
    user = get_session().get(User, record.user_id)
    if user is None or not user.active:
        return None
    return user


def authenticate(email, password):
    """The active user with this email and password, or None. Takes as long whether or not the email exists."""
    user = user_by_email(email)
    if not secret_matches(user.password_hash if user else None, password) or not user.active:
        return None
    if password_hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_signed_in_at = clock.now()
    get_session().commit()
    return user


# Signed-in sessions --------------------------------------------------------------------------------------------

SESSION_TOKEN = "session_token"  # noqa: S105 - the name of a session key, not a secret
# last_seen_at is written at most this often, to spare a database write on every request. So a session may be
# judged idle up to this much early, never late.
LAST_SEEN_WRITE_INTERVAL = timedelta(minutes=1)


def _session_record():
    """The session record this request's cookie names, ended or not, or None. Looked up once a request."""
    if "user_session_record" not in g:
        token = session.get(SESSION_TOKEN)
        g.user_session_record = (
            get_session().scalar(select(UserSession).where(UserSession.token_hash == token_digest(token)))
            if isinstance(token, str)
            else None
        )
    return g.user_session_record


def _is_idle(record, now):
    return now - as_utc(record.last_seen_at) > current_app.config["STAFF_IDLE_TIMEOUT"]


def live_session_record():
    """This request's session record if it still works: not ended, not idle. Otherwise None."""
    record = _session_record()
    if record is None or record.ended_at is not None or _is_idle(record, clock.now()):
        return None
    return record


def _end_this_session():
    record = _session_record()
    if record is not None and record.ended_at is None:
        record.ended_at = clock.now()
        get_session().commit()
    logout_user()
    session.clear()
    g.pop("user_session_record", None)


def sign_in(user):
    """Start a fresh session for user, with its record on the server; the cookie holds only the record's token."""
    _end_this_session()  # whoever was signed in on this browser before is signed out, on the server too
    session.permanent = True
    token = secrets.token_urlsafe(32)
    now = clock.now()
    record = UserSession(token_hash=token_digest(token), user_id=user.id, created_at=now, last_seen_at=now)
    get_session().add(record)
    get_session().commit()
    session[SESSION_TOKEN] = token
    g.user_session_record = record
    login_user(user)


def sign_out():
    """End this session on the server, so a copy of the cookie is anonymous from now on, and clear the cookie."""
    _end_this_session()


def end_idle_staff_session():
    """before_request: a signed-in session idle for longer than STAFF_IDLE_TIMEOUT ends, and the person is asked to
    sign in again; one ended elsewhere just becomes anonymous; a live one is marked as seen."""
    if request.endpoint == "static" or SESSION_TOKEN not in session:
        return None
    record = _session_record()
    now = clock.now()
    if record is None or record.ended_at is not None:
        _end_this_session()
        return None
    if _is_idle(record, now):
        _end_this_session()
        flash("You were signed out because you had not used the portal for a while. Sign in again to carry on.")
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    if now - as_utc(record.last_seen_at) >= LAST_SEEN_WRITE_INTERVAL:
        record.last_seen_at = now
        get_session().commit()
    return None
