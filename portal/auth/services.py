"""Accounts: password hashing, signing in, idle time-outs, creating and changing users."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_login import login_user, logout_user
from sqlalchemy import func, select, update

from portal.db import get_session

# Hashing is platform now (cases hash tracking codes too); create_app and second_factor still import it from here.
from portal.hashing import hash_password, init_password_hashing, password_hasher, secret_matches  # noqa: F401
from portal.models import Partner, Role, SecurityEvent, User, UserSession

MIN_PASSWORD_LENGTH = 12


def normalise_email(email):
    return (email or "").strip().lower()


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


def end_all_sessions(user):
    """Every session this user has, on any device, ends now; returns how many were live. Called for a change of
    role or password, a closed account, a reset second factor and "sign out everywhere"."""
    ended = get_session().execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=_now())
    )
    # A password accepted before now, still waiting for its code, must not finish signing in either.
    user.session_version = (user.session_version or 1) + 1
    g.pop("user_session_record", None)
    return ended.rowcount


def log_security_event(kind, summary, by=None, about=None):
    """Add a row to the append-only security log (committed with the caller's session)."""
    get_session().add(
        SecurityEvent(
            at=datetime.now(UTC),
            kind=kind,
            summary=summary,
            by_user_id=by.id if by is not None else None,
            about_user_id=about.id if about is not None else None,
        )
    )


def user_by_email(email):
    return get_session().scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email, password):
    """The active user with this email and password, or None. Takes as long whether or not the email exists."""
    user = user_by_email(email)
    if not secret_matches(user.password_hash if user else None, password) or not user.active:
        return None
    if password_hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_signed_in_at = datetime.now(UTC)
    get_session().commit()
    return user


# Signed-in sessions --------------------------------------------------------------------------------------------

SESSION_TOKEN = "session_token"  # noqa: S105 - the name of a session key, not a secret
# last_seen_at is written at most this often, to spare a database write on every request. So a session may be
# judged idle up to this much early, never late.
LAST_SEEN_WRITE_INTERVAL = timedelta(minutes=1)


def _now():
    return datetime.now(UTC)


def _as_utc(moment):
    # SQLite gives back naive datetimes; every one stored here is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _token_hash(token):
    # The token is 32 random bytes, so a plain SHA-256 is enough: there is nothing to guess, only to look up.
    return hashlib.sha256(token.encode()).hexdigest()


def _session_record():
    """The session record this request's cookie names, ended or not, or None. Looked up once a request."""
    if "user_session_record" not in g:
        token = session.get(SESSION_TOKEN)
        g.user_session_record = (
            get_session().scalar(select(UserSession).where(UserSession.token_hash == _token_hash(token)))
            if isinstance(token, str)
            else None
        )
    return g.user_session_record


def _is_idle(record, now):
    return now - _as_utc(record.last_seen_at) > current_app.config["STAFF_IDLE_TIMEOUT"]


def live_session_record():
    """This request's session record if it still works: not ended, not idle. Otherwise None."""
    record = _session_record()
    if record is None or record.ended_at is not None or _is_idle(record, _now()):
        return None
    return record


def _end_this_session():
    record = _session_record()
    if record is not None and record.ended_at is None:
        record.ended_at = _now()
        get_session().commit()
    logout_user()
    session.clear()
    g.pop("user_session_record", None)


def sign_in(user):
    """Start a fresh session for user, with its record on the server; the cookie holds only the record's token."""
    _end_this_session()  # whoever was signed in on this browser before is signed out, on the server too
    session.permanent = True
    token = secrets.token_urlsafe(32)
    now = _now()
    record = UserSession(token_hash=_token_hash(token), user_id=user.id, created_at=now, last_seen_at=now)
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
    now = _now()
    if record is None or record.ended_at is not None:
        _end_this_session()
        return None
    if _is_idle(record, now):
        _end_this_session()
        flash("You were signed out because you had not used the portal for a while. Sign in again to carry on.")
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    if now - _as_utc(record.last_seen_at) >= LAST_SEEN_WRITE_INTERVAL:
        record.last_seen_at = now
        get_session().commit()
    return None


def live_sessions_of(user):
    """user's sessions that still work (on any device), newest first."""
    cutoff = _now() - current_app.config["STAFF_IDLE_TIMEOUT"]
    return (
        get_session()
        .scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None), UserSession.last_seen_at >= cutoff)
            .order_by(UserSession.last_seen_at.desc())
        )
        .all()
    )


def sign_out_everywhere(user, by):
    """End every session of user's, on every device, and log it. by is user themselves or an admin."""
    ended = end_all_sessions(user)
    sessions = f"{ended} session{'' if ended == 1 else 's'} ended"
    if by.id == user.id:
        summary = f"Signed out everywhere ({sessions})."
    else:
        summary = f"Signed out everywhere by {by.name} ({by.email}) ({sessions})."
    log_security_event("signed_out_everywhere", summary, by=by, about=user)
    get_session().commit()
    return ended


class AccountError(ValueError):
    """A user account could not be made or changed; the message says why, for a person to read."""


def create_user(email, name, role, password, partner_name=None, by=None):
    """Make an account, with a row in the security log (by None: from the command line or the demo loader).
    partner_name is needed for (and only for) a partner lead."""
    db = get_session()
    email = normalise_email(email)
    role = Role(role)
    if user_by_email(email) is not None:
        raise AccountError(f"There is already an account for {email}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Password must be {MIN_PASSWORD_LENGTH} characters or more")
    partner = partner_for_role(role, partner_name)
    user = User(email=email, name=name, role=role, password_hash=hash_password(password), partner=partner)
    db.add(user)
    db.flush()  # the new id, for the log row
    created = f"Account created{_by_whom(by)}: {email}, {name}, role {role.label}"
    created += f", partner {partner.name}." if partner else "."
    log_security_event("account_created", created, by=by, about=user)
    db.commit()
    return user


def _by_whom(by):
    return f" by {by.name} ({by.email})" if by is not None else " from the command line"


def partner_for_role(role, partner_name):
    if role != Role.PARTNER_LEAD:
        return None
    if not partner_name:
        raise AccountError("Choose the partner organisation this partner lead belongs to")
    return get_or_create_partner(partner_name)


def get_or_create_partner(name):
    db = get_session()
    partner = db.scalar(select(Partner).where(func.lower(Partner.name) == name.strip().lower()))
    if partner is None:
        partner = Partner(name=name.strip())
        db.add(partner)
        db.flush()
    return partner


def change_user(user, role, active, partner_name=None, by=None):
    """Change a user's role and whether their account works. Admins cannot lock themselves out."""
    role = Role(role)
    if by is not None and by.id == user.id and (role != Role.ADMIN or not active):
        raise AccountError("You cannot remove your own administrator role or deactivate yourself")
    if role != user.role or (user.active and not active):
        # A new role, or a closed account: every session of theirs ends now.
        end_all_sessions(user)
    partner = partner_for_role(role, partner_name)
    # Every field that changed goes in the security log: a re-enabled account, or a partner lead moved to another
    # organisation, changes what someone can see or do as much as a new role does.
    changed = []
    if role != user.role:
        changed.append(f"role {user.role.label} → {role.label}")
    if active != user.active:
        changed.append(f"can sign in {'yes' if user.active else 'no'} → {'yes' if active else 'no'}")
    before, after = (user.partner.name if user.partner else None), (partner.name if partner else None)
    if before != after:
        changed.append(f"partner {before or 'none'} → {after or 'none'}")
    if changed:
        log_security_event("account_changed", f"Changed{_by_whom(by)}: {'; '.join(changed)}.", by=by, about=user)
    user.partner = partner
    user.role = role
    user.active = active
    get_session().commit()
    return user


def change_password(user, new_password):
    """Set a new password; every session made with the old one ends."""
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Password must be {MIN_PASSWORD_LENGTH} characters or more")
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    log_security_event("password_changed", "Password changed.", about=user)
    get_session().commit()


def all_users():
    return get_session().scalars(select(User).order_by(User.active.desc(), User.name)).all()


def security_events_about(user, limit=20):
    """The latest security events about user, newest first."""
    return (
        get_session()
        .scalars(
            select(SecurityEvent)
            .where(SecurityEvent.about_user_id == user.id)
            .order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc())
            .limit(limit)
        )
        .all()
    )
