"""Accounts, shared by signing in (portal.auth) and managing them (portal.admin): making and changing them, ending
every session of someone's, resetting a second factor, and the append-only security log of all of it. Invitations,
forgotten passwords and changing your own are in portal.accounts.self_service; what a new password must be in
portal.accounts.passwords."""

from flask import current_app, g
from sqlalchemy import delete, func, select, update

from portal.accounts.passwords import MIN_PASSWORD_LENGTH
from portal.clock import now
from portal.db import get_session
from portal.hashing import hash_password
from portal.models import Partner, RecoveryCode, Role, SecurityEvent, User, UserSession

__all__ = ["MIN_PASSWORD_LENGTH"]  # read by the forms' hints, from here as before
# Staff who see cases or accounts sign in with a second factor (where STAFF_SECOND_FACTOR is on).
SECOND_FACTOR_ROLES = frozenset({Role.COMPLAINTS_OFFICER, Role.MANAGER, Role.ADMIN})


def normalise_email(email):
    return (email or "").strip().lower()


def end_all_sessions(user, keep=None):
    """Every session this user has, on any device, ends now (but keep, a UserSession: the browser that changed its
    own password); returns how many ended. Called for a change of role or password, a closed account, a reset second
    factor and "sign out everywhere"."""
    ending = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep is not None:
        ending = ending.where(UserSession.id != keep.id)
    ended = get_session().execute(ending.values(ended_at=now()))
    # A password accepted before now, still waiting for its code, must not finish signing in either.
    user.session_version = (user.session_version or 1) + 1
    if keep is None:
        g.pop("user_session_record", None)
    return ended.rowcount


def log_security_event(kind, summary, by=None, about=None):
    """Add a row to the append-only security log (committed with the caller's session)."""
    get_session().add(
        SecurityEvent(
            at=now(),
            kind=kind,
            summary=summary,
            by_user_id=by.id if by is not None else None,
            about_user_id=about.id if about is not None else None,
        )
    )


def user_by_email(email):
    return get_session().scalar(select(User).where(User.email == normalise_email(email)))


def live_sessions_of(user):
    """user's sessions that still work (on any device), newest first."""
    cutoff = now() - current_app.config["STAFF_IDLE_TIMEOUT"]
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
    """Make an account with a known password, with a row in the security log: for the demo loader and tests only.
    People are invited instead (portal.accounts.self_service.invite_user) and choose their own password, so no one ever
    types a password for someone else. partner_name is needed for (and only for) a partner lead."""
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
    created = f"Account created{by_whom(by)}: {email}, {name}, role {role.label}"
    created += f", partner {partner.name}." if partner else "."
    log_security_event("account_created", created, by=by, about=user)
    db.commit()
    return user


def by_whom(by):
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
    if active and not user.active and user.invitation_pending:
        raise AccountError("They have not set up their account yet. Send them a new invitation instead")
    partner = partner_for_role(role, partner_name)
    if role != user.role or (user.active and not active) or partner != user.partner:
        # A new role, a closed account or another organisation changes what they may see: every session ends now.
        end_all_sessions(user)
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
        log_security_event("account_changed", f"Changed{by_whom(by)}: {'; '.join(changed)}.", by=by, about=user)
    user.partner = partner
    user.role = role
    user.active = active
    get_session().commit()
    return user


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


def reset_second_factor(user, by):
    """An admin resets user's second factor (a lost phone): the secret and recovery codes go, every session of
    theirs ends, they set up again at their next sign-in, and the reset is logged."""
    db = get_session()
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    end_all_sessions(user)
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    log_security_event("second_factor_reset", f"Second factor reset by {by.name} ({by.email}).", by=by, about=user)
    db.commit()
    current_app.logger.warning("Second factor of user %s reset by admin %s", user.id, by.id)
