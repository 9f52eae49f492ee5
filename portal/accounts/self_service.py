"""Accounts that look after themselves: everyone sets their own password. An invitation to a new account (a link that
lasts INVITE_HOURS), a link to choose a new password when they forgot it (RESET_MINUTES), and changing your own
password. Each link is a random token; only its SHA-256 is kept (account_links). A link works once, until it runs out.

Links in emails are always built from PORTAL_URL, never from the request's Host header: otherwise someone could ask
for a reset of another person's password with a forged Host and have the link in that person's email point at their
own site (password-reset poisoning)."""

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from portal import mail, outbox
from portal.accounts import (
    SECOND_FACTOR_ROLES,
    AccountError,
    by_whom,
    end_all_sessions,
    log_security_event,
    normalise_email,
    partner_for_role,
    user_by_email,
)
from portal.accounts.passwords import password_problem
from portal.clock import LONDON, as_utc, now
from portal.db import get_session
from portal.hashing import hash_password, secret_matches, token_digest
from portal.models import AccountLink, Role, User

INVITE = AccountLink.INVITE
RESET = AccountLink.RESET
# Where each kind of link leads (portal.auth's views, named, not imported: the areas sit above this module).
ENDPOINTS = {INVITE: "auth.accept_invitation", RESET: "auth.reset_password"}

# What a link is when someone opens it.
VALID, EXPIRED, USED, UNKNOWN = "valid", "expired", "used", "unknown"


class LinkRefused(AccountError):
    """A link that cannot be used: state says why (EXPIRED, USED or UNKNOWN), link is the row, when there is one."""

    def __init__(self, state, link=None):
        super().__init__(state)
        self.state = state
        self.link = link


def lifetime(purpose):
    config = current_app.config
    return timedelta(hours=config["INVITE_HOURS"]) if purpose == INVITE else timedelta(minutes=config["RESET_MINUTES"])


def _new_link(user, purpose, by=None, token=None):
    """A new link for user; returns its address, the only place its token exists in plain (in the email about to be
    written)."""
    token = token or secrets.token_urlsafe(32)
    moment = now()
    get_session().add(
        AccountLink(
            purpose=purpose,
            user_id=user.id,
            token_hash=token_digest(token),
            created_at=moment,
            expires_at=moment + lifetime(purpose),
            created_by_id=by.id if by is not None else None,
        )
    )
    return mail.portal_url(ENDPOINTS[purpose], token=token)


def lifetime_in_words(purpose):
    """How long a link works, as "72 hours" or "60 minutes"."""
    return _hours(lifetime(purpose))


def _hours(delta):
    hours, rest = divmod(int(delta.total_seconds()), 3600)
    if hours >= 1 and not rest:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


# Invitations ----------------------------------------------------------------------------------------------------


def may_invite(by, role):
    """True if by may invite someone with role: an admin (or the command line, by None) anyone; a participation officer
    only Role Model Army members."""
    if by is None or by.role == Role.ADMIN:
        return True
    return by.role == Role.PARTICIPATION_OFFICER and Role(role) == Role.RMA_MEMBER


def invite_user(email, name, role, partner_name=None, by=None):
    """Make an account that cannot sign in until its holder accepts the emailed invitation and sets their own password.
    Returns (user, link): the link is for the command line to print; the email is written to the outbox with the
    account, in the same commit."""
    role = Role(role)
    if not may_invite(by, role):
        raise AccountError("You can only invite Role Model Army members")
    email = normalise_email(email)
    if user_by_email(email) is not None:
        raise AccountError(f"There is already an account for {email}")
    partner = partner_for_role(role, partner_name)
    # No one knows this password: a hash of 32 random bytes nobody keeps. Signing in is refused anyway until the
    # invitation is accepted (active is False), and a wrong password costs the same hashing as for anyone else.
    user = User(
        email=email,
        name=name,
        role=role,
        partner=partner,
        password_hash=hash_password(secrets.token_urlsafe(32)),
        active=False,
        invitation_pending=True,
    )
    db = get_session()
    db.add(user)
    db.flush()  # the new id, for the link and the log
    link = _send_invitation(user, by)
    invited = f"Invited{by_whom(by)}: {email}, {name}, role {role.label}"
    invited += f", partner {partner.name}." if partner else "."
    log_security_event("account_invited", invited, by=by, about=user)
    db.commit()
    return user, link


def _send_invitation(user, by):
    url = _new_link(user, INVITE, by)
    needs_app = current_app.config["STAFF_SECOND_FACTOR"] and user.role in SECOND_FACTOR_ROLES
    outbox.enqueue(
        "invitation",
        user.email,
        f"You are invited to {current_app.config['SERVICE_NAME']}",
        mail.render("invitation", user=user, by=by, url=url, lasts=_hours(lifetime(INVITE)), needs_app=needs_app),
    )
    return url


def may_invite_again(by, user):
    """An invitation can be sent again only to an account still waiting for one, by someone who may invite its role."""
    return user.invitation_pending and may_invite(by, user.role)


def invite_again(user, by=None):
    """Send a fresh invitation to an account that has not accepted yet (the first ran out, or the email was lost)."""
    if not may_invite_again(by, user):
        raise AccountError("This person has already set up their account")
    url = _send_invitation(user, by)
    log_security_event("invitation_sent_again", f"Invitation sent again{by_whom(by)}.", by=by, about=user)
    get_session().commit()
    return url


def latest_invitation(user):
    """The newest invitation sent to user, for the admin's page: when it was sent and until when it works (London
    time), and whether it has run out; None if there is none."""
    link = get_session().scalar(
        select(AccountLink)
        .where(AccountLink.user_id == user.id, AccountLink.purpose == INVITE)
        .order_by(AccountLink.created_at.desc(), AccountLink.id.desc())
        .limit(1)
    )
    if link is None:
        return None
    expires = as_utc(link.expires_at).astimezone(LONDON)
    return {
        "sent_on": as_utc(link.created_at).astimezone(LONDON).date(),
        "expired": expires <= now(),
        "works_until": f"{expires:%H:%M} on {expires.day} {expires:%B %Y}",
    }


# Opening and using a link ---------------------------------------------------------------------------------------


def find_link(token, purpose):
    """(state, link) for a token someone opened: VALID, EXPIRED, USED or UNKNOWN (link is None only for UNKNOWN)."""
    link = get_session().scalar(
        select(AccountLink).where(AccountLink.token_hash == token_digest(token), AccountLink.purpose == purpose)
    )
    if link is None:
        return UNKNOWN, None
    if link.used_at is not None:
        return USED, link
    if as_utc(link.expires_at) <= now():
        return EXPIRED, link
    if purpose == INVITE and not link.user.invitation_pending:
        return USED, link  # accepted through another invitation link
    return VALID, link


def _use(link):
    """Claim link, once: one conditional UPDATE, so two clicks (or two workers) cannot both use it. Every other
    unused link of the same kind for the same person goes too: only the newest email should ever work, and now none."""
    db = get_session()
    moment = now()
    claimed = db.execute(
        update(AccountLink)
        .where(AccountLink.id == link.id, AccountLink.used_at.is_(None), AccountLink.expires_at > moment)
        .values(used_at=moment),
        execution_options={"synchronize_session": False},
    )
    if claimed.rowcount != 1:
        db.rollback()
        raise LinkRefused(USED, link)
    _use_up_links(link.user, link.purpose, moment)


def _use_up_links(user, purpose, moment=None):
    get_session().execute(
        update(AccountLink)
        .where(AccountLink.user_id == user.id, AccountLink.purpose == purpose, AccountLink.used_at.is_(None))
        .values(used_at=moment or now()),
        execution_options={"synchronize_session": False},
    )


def _usable(token, purpose):
    state, link = find_link(token, purpose)
    if state != VALID:
        raise LinkRefused(state, link)
    return link


def _set_password_through(token, purpose, password):
    """Spend a usable link of purpose and set its person's new password; returns the user (not yet committed)."""
    link = _usable(token, purpose)
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    _use(link)
    link.user.password_hash = hash_password(password)
    return link.user


def accept_invitation(token, password):
    """Set the invited person's own password and open their account; returns the user. Raises AccountError for a
    password that will not do, LinkRefused for a link that cannot be used."""
    user = _set_password_through(token, INVITE, password)
    user.active = True
    user.invitation_pending = False
    log_security_event("invitation_accepted", "Accepted the invitation and set a password.", by=user, about=user)
    get_session().commit()
    return user


def reset_password(token, password):
    """Set a new password through a forgotten-password link; every session of the person's ends (a second factor,
    where they have one, is still asked at sign-in). Returns the user."""
    user = _set_password_through(token, RESET, password)
    end_all_sessions(user)
    log_security_event("password_reset", "Chose a new password through a forgotten-password link.", by=user, about=user)
    _tell_of_password_change(user)
    get_session().commit()
    return user


class WrongPassword(AccountError):
    """The current password, given to change it, was not right."""


def change_password(user, current_password, new_password, keep=None):
    """Someone changes their own password, giving the current one. Every other session of theirs ends (keep, the
    session they did it in, goes on), and so does any forgotten-password link sent before. Raises WrongPassword, or
    AccountError for a new password that will not do."""
    if not secret_matches(user.password_hash, current_password):
        raise WrongPassword("Your current password is not right")
    problem = password_problem(new_password)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new_password)
    ended = end_all_sessions(user, keep=keep)
    _use_up_links(user, RESET)
    others = f"{ended} other session{'' if ended == 1 else 's'} ended"
    log_security_event("password_changed", f"Changed their password ({others}).", by=user, about=user)
    _tell_of_password_change(user)
    get_session().commit()


def _tell_of_password_change(user):
    outbox.enqueue(
        "password_changed",
        user.email,
        f"Your password for {current_app.config['SERVICE_NAME']} was changed",
        mail.render("password_changed", user=user, reset_url=mail.portal_url("auth.forgotten_password")),
    )


# Forgotten password ---------------------------------------------------------------------------------------------


def ask_for_new_password(email):
    """Someone says they forgot the password for email. The same steps run whether or not there is such an account,
    and the caller shows the same page either way, so nobody can use this to find out who has an account. An active
    account gets a new-password link; one still waiting for its invitation gets the invitation again (what they
    need to get in); a closed account, or no account, gets nothing."""
    user = user_by_email(email)
    # The link is made and the email written every time, so the work done does not depend on whether the account
    # exists; only the saving of them does.
    token = secrets.token_urlsafe(32)
    url = mail.portal_url(ENDPOINTS[RESET], token=token)
    body = mail.render("password_reset", url=url, lasts=_hours(lifetime(RESET)))
    if user is not None and user.active:
        _use_up_links(user, RESET)  # an older link (asked for twice) stops working: only the newest email counts
        _new_link(user, RESET, token=token)
        outbox.enqueue(
            "password_reset", user.email, f"Choose a new password for {current_app.config['SERVICE_NAME']}", body
        )
        log_security_event("password_reset_asked", "Asked for a link to choose a new password.", about=user)
    elif user is not None and user.invitation_pending:
        _send_invitation(user, None)
        log_security_event("invitation_sent_again", "Invitation sent again: they asked for a new password.", about=user)
    get_session().commit()


def renew_invitation(token):
    """Someone opened an invitation that ran out and asks for a new one: it goes to the same address the first went
    to, so only its holder can use it. Returns True if one was sent."""
    state, link = find_link(token, INVITE)
    if state != EXPIRED or not link.user.invitation_pending:
        return False
    _send_invitation(link.user, None)
    log_security_event(
        "invitation_sent_again", "Invitation sent again: they opened one that had run out.", about=link.user
    )
    get_session().commit()
    return True
