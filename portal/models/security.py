"""Security records kept in the database so they hold on every worker: limit counters, staff recovery codes, and an
append-only log of security events (second factors reset, retention runs)."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.db import Base
from portal.models.cases import AppendOnlyError


class LimitCounter(Base):
    """Attempts counted against one key (an account, a case reference, a device; stored as a SHA-256) in a fixed
    window. Written only with one atomic INSERT ... ON CONFLICT DO UPDATE, so concurrent requests on any worker count
    exactly."""

    __tablename__ = "limit_counters"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    window_ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class RecoveryCode(Base):
    """A single-use code a member of staff can sign in with if they lose their authenticator. Stored as a hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SecurityEvent(Base):
    """Something security-relevant that happened, for audit. Append-only, like a case's history."""

    __tablename__ = "security_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    about_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_security_events(session, _context, _instances):
    # The application's rule on every database; PostgreSQL also refuses in a trigger (migration 0003_safety).
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, SecurityEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyError("Security events are append-only: they cannot be changed or deleted")
