"""Staff and Role Model Army accounts, their roles, and the partner organisations partner leads belong to."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, string_enum


class Role(enum.StrEnum):
    RMA_MEMBER = "rma_member"
    PARTICIPATION_OFFICER = "participation_officer"
    PARTNER_LEAD = "partner_lead"
    COMPLAINTS_OFFICER = "complaints_officer"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.RMA_MEMBER: "Role Model Army member",
    Role.PARTICIPATION_OFFICER: "Participation officer",
    Role.PARTNER_LEAD: "Partner lead",
    Role.COMPLAINTS_OFFICER: "Complaints officer",
    Role.MANAGER: "Manager",
    Role.ADMIN: "Administrator",
}


class Partner(Base):
    """An organisation that makes promises in the Pledge: a council team, health, schools, housing."""

    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    users: Mapped[list["User"]] = relationship(back_populates="partner")


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(string_enum(Role))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_signed_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Bumped whenever all of this user's sessions end (portal.accounts.end_all_sessions), so that a password
    # accepted before the change cannot go on to finish signing in with a code. Signed-in sessions are UserSession rows.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # TOTP (RFC 6238) second factor: the shared secret, when its set-up was confirmed with a code, and the last
    # time-step a code was accepted for, so one code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Invited, and the invitation not yet accepted: the account cannot sign in (active is False) and has no password
    # anyone knows, until its holder sets one through the link in the invitation email.
    invitation_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    partner: Mapped[Partner | None] = relationship(back_populates="users")

    @property
    def is_active(self):
        return self.active


class UserSession(Base):
    """One signed-in session (a browser). The cookie holds a random token; only its SHA-256 is kept here, so this
    table signs nobody in. A session works while it is not ended and not idle past STAFF_IDLE_TIMEOUT; sign-out,
    "sign out everywhere" and a change of role or password end it, so a copied cookie is then anonymous."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Written at most once a minute (portal.auth.services.LAST_SEEN_WRITE_INTERVAL), to spare a write per request.
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AccountLink(Base):
    """A single-use link sent by email: an invitation to set up an account, or a link to choose a new password. Only
    the SHA-256 of the link's random token is kept, so this table lets nobody in. A link works once (used_at is set by
    one conditional UPDATE, so two clicks cannot both use it) and until expires_at."""

    __tablename__ = "account_links"

    INVITE = "invite"
    RESET = "reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Who sent it: an admin or participation officer for an invitation; None from the command line, or for a link the
    # person asked for themselves.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
