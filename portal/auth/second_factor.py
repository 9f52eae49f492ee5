"""A second factor for staff who see cases: TOTP codes from an authenticator app (RFC 6238, by pyotp), a QR code
for set-up made on the server (segno), and single-use recovery codes stored only as Argon2id hashes."""

import secrets
from datetime import UTC, datetime, timedelta
from hmac import compare_digest

import pyotp
import segno
from flask import current_app, session
from sqlalchemy import delete, or_, select, update

from portal.accounts import SECOND_FACTOR_ROLES, log_security_event
from portal.db import get_session
from portal.hashing import hash_password, secret_matches
from portal.models import RecoveryCode, User

# Staff who see cases. Other roles (Role Model Army members, participation officers, partner leads) never do.
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # nothing to mistake when copied by hand (no 0/O, 1/I/L)
# A password accepted waits this long for its code; after that, sign in again.
PENDING_LIFETIME = timedelta(minutes=5)
SESSION_PENDING = "pending_sign_in"


def needed_for(user):
    """True if this user must give a code as well as their password."""
    return current_app.config["STAFF_SECOND_FACTOR"] and user.role in SECOND_FACTOR_ROLES


def is_set_up(user):
    return user.totp_secret is not None and user.totp_confirmed_at is not None


# A password accepted, a code still to come ----------------------------------------------------------------------


def start_pending_sign_in(user):
    """Remember, in a fresh session, that user gave the right password; they are not signed in yet."""
    session.clear()
    session[SESSION_PENDING] = {
        "user_id": user.id,
        "version": user.session_version,
        "at": datetime.now(UTC).timestamp(),
    }


def pending_user():
    """The user whose password was accepted in this session in the last few minutes, or None."""
    pending = session.get(SESSION_PENDING)
    if not isinstance(pending, dict):
        return None
    if datetime.now(UTC).timestamp() - pending.get("at", 0) > PENDING_LIFETIME.total_seconds():
        return None
    user = get_session().get(User, pending.get("user_id"))
    if user is None or not user.active or user.session_version != pending.get("version"):
        return None
    return user


# TOTP -----------------------------------------------------------------------------------------------------------


def secret_for_set_up():
    """This pending sign-in's own set-up secret, made on its first visit to the set-up page. It is kept with the
    pending sign-in in the signed session, never on the user until a code confirms it: someone else who passes the
    password step gets a secret of their own, and a secret shown before is never the one that ends up confirmed
    unless it was shown to the person who confirms it."""
    pending = session[SESSION_PENDING]
    if not pending.get("set_up_secret"):
        # A new dict, not a change inside the old one, so Flask sees the session changed and sends the cookie.
        session[SESSION_PENDING] = pending = {**pending, "set_up_secret": pyotp.random_base32()}
    return pending["set_up_secret"]


def set_up_uri(user, secret):
    issuer = current_app.config["SECOND_FACTOR_ISSUER"]
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_code_data_uri(user, secret):
    """The set-up QR code as an SVG data: URI (the CSP allows data: images), made here, never by another site."""
    uri = set_up_uri(user, secret)
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, dark="#0b0c0c", light="#ffffff")


def grouped(secret):
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _squash(text):
    return "".join(character for character in (text or "").upper() if character.isalnum())


def _matching_step(secret, code, now=None):
    """The time-step code is the TOTP code of, for secret (one step of clock drift either way), or None."""
    code = _squash(code)
    if not (code.isdigit() and len(code) == 6) or not secret:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or datetime.now(UTC))
    for step in (current - 1, current, current + 1):
        if compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _accept_totp(user, code, now=None):
    """True if code is a current TOTP code for user's confirmed secret, not used before. The step is claimed with one
    conditional UPDATE, so the same code cannot sign in twice, even on two workers at once."""
    step = _matching_step(user.totp_secret, code, now) if is_set_up(user) else None
    if step is None:
        return False
    claimed = get_session().execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
    )
    get_session().commit()
    get_session().refresh(user)
    return claimed.rowcount == 1


def confirm_set_up(user, code, now=None):
    """Finish set-up if code is right for this pending sign-in's secret: returns the new recovery codes (shown once),
    or None. The secret goes on the user only now, and only if no one else confirmed a set-up first (one conditional
    UPDATE, so two people confirming at once on two workers cannot both win)."""
    secret = session.get(SESSION_PENDING, {}).get("set_up_secret")
    step = _matching_step(secret, code, now)
    if step is None:
        return None
    confirmed = get_session().execute(
        update(User)
        .where(User.id == user.id, User.totp_confirmed_at.is_(None))
        .values(totp_secret=secret, totp_confirmed_at=datetime.now(UTC), totp_last_step=step)
    )
    get_session().commit()
    get_session().refresh(user)
    if confirmed.rowcount != 1:
        return None
    codes = new_recovery_codes(user)
    log_security_event("second_factor_set_up", "Set up a second factor.", by=user, about=user)
    get_session().commit()
    return codes


# Recovery codes -------------------------------------------------------------------------------------------------


def _new_recovery_code():
    characters = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{characters[:5]}-{characters[5:]}"


def new_recovery_codes(user):
    """Replace user's recovery codes with new ones; returns them in plain text, the only time they exist so."""
    db = get_session()
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(_squash(code))) for code in codes)
    db.commit()
    return codes


def unused_recovery_codes(user):
    return (
        get_session()
        .scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))
        .all()
    )


def _use_recovery_code(user, code):
    """True if code is one of user's unused recovery codes; it is used up at once (a conditional UPDATE, so two
    requests racing with the same code cannot both succeed)."""
    code = _squash(code)
    if len(code) != 10:
        return False
    db = get_session()
    for stored in unused_recovery_codes(user):
        if secret_matches(stored.code_hash, code):
            used = db.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == stored.id, RecoveryCode.used_at.is_(None))
                .values(used_at=datetime.now(UTC))
            )
            db.commit()
            if used.rowcount == 1:
                log_security_event("recovery_code_used", "Signed in with a recovery code.", by=user, about=user)
                db.commit()
                return True
            return False
    return False


def check_code(user, code):
    """'totp' or 'recovery' for a right code (using it up), or None."""
    if _accept_totp(user, code):
        return "totp"
    if _use_recovery_code(user, code):
        return "recovery"
    return None
