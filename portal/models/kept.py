"""Keeping the Pledge: each promise's monitoring plan (owners, measure, target, how often progress is due), partner
progress updates (append-only history), young people's "is this promise kept for you?" answers and their optional
private "tell us more", and awareness ("I know about the Pledge" taps, and staff records of the Pledge given out).

Everything points at the promise's identity (portal.models.pledge.Promise), so it survives a new version's wording.
Answers and taps are anonymous: the only thing kept about a device is a keyed hash of the random id in its signed
cookie (see portal.device), and "tell us more" words are kept apart from it.
"""

import enum
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal.db import Base, string_enum
from portal.models.accounts import Partner, User
from portal.models.pledge import Promise


class Frequency(enum.StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SIX_MONTHLY = "six_monthly"

    @property
    def months(self):
        return {"monthly": 1, "quarterly": 3, "six_monthly": 6}[self.value]

    @property
    def label(self):
        return {"monthly": "Every month", "quarterly": "Every 3 months", "six_monthly": "Every 6 months"}[self.value]


class ProgressStatus(enum.StrEnum):
    ON_TRACK = "on_track"
    SOME_CONCERNS = "some_concerns"
    OFF_TRACK = "off_track"

    @property
    def label(self):
        """In the page's language: the public scorecard shows it. English on staff pages, in the annual report
        and anywhere outside a request (gettext at each use, so nothing keeps a translated label)."""
        return {"on_track": _("On track"), "some_concerns": _("Some concerns"), "off_track": _("Off track")}[self.value]

    @property
    def tag_class(self):
        """The GOV.UK tag colour that repeats the words (never instead of them)."""
        return {"on_track": "govuk-tag--green", "some_concerns": "govuk-tag--yellow", "off_track": "govuk-tag--red"}[
            self.value
        ]


class Kept(enum.StrEnum):
    """A young person's answer to "Is this promise kept for you?"."""

    YES = "yes"
    PARTLY = "partly"
    NOT_YET = "not_yet"
    DONT_KNOW = "dont_know"

    @property
    def label(self):
        """In the page's language, like ProgressStatus.label: English on staff pages and outside a request."""
        return {"yes": _("Yes"), "partly": _("Partly"), "not_yet": _("Not yet"), "dont_know": _("Don't know")}[
            self.value
        ]


monitoring_plan_owners = Table(
    "monitoring_plan_owners",
    Base.metadata,
    Column("plan_id", ForeignKey("monitoring_plans.id"), primary_key=True),
    Column("partner_id", ForeignKey("partners.id"), primary_key=True),
)


class MonitoringPlan(Base):
    """How one promise is checked: who owns it, what is measured, the target, how often progress is due and when
    it is next due. Posting an update moves next_due on; a plan whose next_due has passed is late."""

    __tablename__ = "monitoring_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id"), unique=True)
    measure: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    frequency: Mapped[Frequency] = mapped_column(string_enum(Frequency))
    next_due: Mapped[date] = mapped_column(Date, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    promise: Mapped[Promise] = relationship()
    owners: Mapped[list[Partner]] = relationship(secondary=monitoring_plan_owners, order_by=Partner.name)
    updates: Mapped[list["ProgressUpdate"]] = relationship(back_populates="plan", order_by="ProgressUpdate.id")


class ProgressUpdate(Base):
    """A partner lead's report on a promise their organisation owns. Append-only: history is never rewritten."""

    __tablename__ = "progress_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("monitoring_plans.id"), index=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[ProgressStatus] = mapped_column(string_enum(ProgressStatus))
    done: Mapped[str] = mapped_column(Text)
    next_steps: Mapped[str] = mapped_column(Text)
    evidence_link: Mapped[str | None] = mapped_column(String(500))
    evidence_number: Mapped[float | None] = mapped_column(Numeric(14, 2, asdecimal=False))
    evidence_about: Mapped[str | None] = mapped_column(String(200))  # what the number counts
    due_on: Mapped[date] = mapped_column(Date)  # the due date this update answered
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    plan: Mapped[MonitoringPlan] = relationship(back_populates="updates")
    partner: Mapped[Partner] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def was_late(self):
        return self.posted_at.date() > self.due_on


class KeptAnswer(Base):
    """One device's answer about one promise in one period (a quarter), changeable by answering again."""

    __tablename__ = "kept_answers"
    __table_args__ = (UniqueConstraint("promise_id", "period_start", "device_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date, index=True)
    device_hash: Mapped[str] = mapped_column(String(64))
    answer: Mapped[Kept] = mapped_column(string_enum(Kept))
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class KeptComment(Base):
    """The optional private "tell us more" after an answer. Kept apart from the answer and the device: staff only."""

    __tablename__ = "kept_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    answer: Mapped[Kept | None] = mapped_column(string_enum(Kept))
    words: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class AwarenessTap(Base):
    """A young person tapped "I know about the Pledge": one per device."""

    __tablename__ = "awareness_taps"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_hash: Mapped[str] = mapped_column(String(64), unique=True)
    tapped_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class PledgeGiven(Base):
    """Staff gave the Pledge to some young people: how many, when, and which team. No names."""

    __tablename__ = "pledge_given"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_on: Mapped[date] = mapped_column(Date, index=True)
    count: Mapped[int] = mapped_column(Integer)
    team: Mapped[str] = mapped_column(String(120))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AppendOnlyProgressError(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_progress_history(session, _context, _instances):
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, ProgressUpdate) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyProgressError("Progress updates are history: they cannot be changed or deleted")
