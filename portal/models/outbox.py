"""The outbox: every email and text the portal sends, written in the same transaction as the change that causes it
and delivered afterwards by the worker (portal/outbox.py); and the record of each scheduled job's run."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class MessageState:
    WAITING = "waiting"  # to be delivered (or tried again at next_try_at)
    SENT = "sent"  # the mail server or GOV.UK Notify took it
    FAILED = "failed"  # gave up after OUTBOX_MAX_ATTEMPTS tries: someone must act by hand
    BY_HAND = "by_hand"  # a text with no GOV.UK Notify key: staff send it themselves
    KEPT = "kept"  # development with no mail server: kept, shown in full on the outbox page, sent nowhere

    LABELS = {
        WAITING: "Waiting to send",
        SENT: "Sent",
        FAILED: "Failed",
        BY_HAND: "Send by hand",
        KEPT: "Kept here (development)",
    }
    # What counts as done: nothing more will happen to it by itself.
    DELIVERED = (SENT, KEPT)


class Message(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "state", "next_try_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The Message-ID header, the same on every try, so a repeat delivery is recognisable as the same message.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))  # email | sms
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(10), default=MessageState.WAITING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A worker that claims a message holds it until then; if the worker dies, another takes it after.
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def state_label(self):
        return MessageState.LABELS.get(self.state, self.state)


class JobRun(Base):
    """One run of a scheduled job for one period (a day, a month). The unique pair is what makes a job run once per
    period however many workers there are: the second worker's insert fails."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_runs_job_period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(Text)
