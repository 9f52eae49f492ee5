"""Complaints, representations, compliments and suggestions ("cases"), their append-only history, the optional
equality answers (kept in their own table, never shown beside the words), and drafts of the Tell us journey."""

import enum
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal.db import Base, string_enum


class CaseKind(enum.StrEnum):
    COMPLAINT = "complaint"
    REPRESENTATION = "representation"
    SUGGESTION = "suggestion"
    COMPLIMENT = "compliment"


class Channel(enum.StrEnum):
    WEB = "web"
    PHONE = "phone"
    LETTER = "letter"
    IN_PERSON = "in_person"


class CaseStatus(enum.StrEnum):
    RECEIVED = "received"
    BEING_LOOKED_AT = "being_looked_at"
    STAGE_1 = "stage_1"
    STAGE_2 = "stage_2"
    STAGE_3 = "stage_3"
    # A concern that a child may be at risk of harm: referred to safeguarding and out of the complaints clock.
    SAFEGUARDING = "safeguarding"
    CLOSED = "closed"


class Outcome(enum.StrEnum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"
    RESOLVED = "resolved"  # a compliment passed on, or a suggestion answered: nothing to uphold
    WITHDRAWN = "withdrawn"


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    tracking_code_hash: Mapped[str] = mapped_column(String(200))
    # The draft this case was sent from: unique, so a double-tapped send cannot make two cases.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    kind: Mapped[CaseKind] = mapped_column(string_enum(CaseKind))
    channel: Mapped[Channel] = mapped_column(string_enum(Channel), default=Channel.WEB)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    acknowledge_by: Mapped[date] = mapped_column(Date)

    # Who is telling us: the young person, or someone for them, and whether the young person knows and agrees.
    told_by: Mapped[str] = mapped_column(String(40))
    told_by_other: Mapped[str | None] = mapped_column(String(100))
    young_person_agrees: Mapped[str | None] = mapped_column(String(20))

    safe_now: Mapped[str] = mapped_column(String(20))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    words: Mapped[str] = mapped_column(Text)
    happened_when: Mapped[str | None] = mapped_column(String(40))
    over_a_year_old: Mapped[bool] = mapped_column(Boolean, default=False)
    wanted_outcome: Mapped[str | None] = mapped_column(Text)
    # The promise of the Pledge it is about: its identity (portal.models.pledge.Promise), the same in every version.
    # Until a Pledge is published the journey does not ask, and this stays empty.
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id"), index=True)
    advocate_wanted: Mapped[str | None] = mapped_column(String(20))

    reply_route: Mapped[str] = mapped_column(String(30))
    reply_email: Mapped[str | None] = mapped_column(String(254))
    reply_phone: Mapped[str | None] = mapped_column(String(30))
    reply_via_name: Mapped[str | None] = mapped_column(String(100))
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(100))  # the language they asked for, in their words
    # The language of the pages the young person used to tell us (a code from the LANGUAGES setting, like "fa-AF");
    # empty for cases staff recorded.
    page_language: Mapped[str | None] = mapped_column(String(16), index=True)
    name: Mapped[str | None] = mapped_column(String(100))

    status: Mapped[CaseStatus] = mapped_column(string_enum(CaseStatus), default=CaseStatus.RECEIVED, index=True)
    reply_by: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[Outcome | None] = mapped_column(string_enum(Outcome))

    # Triage. version counts saves: two officers saving one case cannot silently overwrite each other.
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False)
    advocacy_requested_on: Mapped[date | None] = mapped_column(Date)
    advocacy_referred_to: Mapped[str | None] = mapped_column(String(200))
    advocacy_referred_on: Mapped[date | None] = mapped_column(Date)
    advocacy_provided_on: Mapped[date | None] = mapped_column(Date)
    ombudsman_referred_on: Mapped[date | None] = mapped_column(Date)
    ombudsman_decided_on: Mapped[date | None] = mapped_column(Date)
    ombudsman_decision: Mapped[str | None] = mapped_column(Text)
    ombudsman_remedy: Mapped[str | None] = mapped_column(Text)
    # Denormalised from the stages and pauses by portal.cases.deadlines (kept in step on every flush), so the
    # queue can sort and page on an index: rank 0 not safe and not yet seen, 1 urgent, 2 open, 3 closed; then the
    # next date due (for a closed case the day it closed; otherwise 9999-12-31).
    next_due_on: Mapped[date | None] = mapped_column(Date)
    queue_rank: Mapped[int] = mapped_column(SmallInteger, default=2)
    queue_due_on: Mapped[date] = mapped_column(Date, default=date.max)
    # When the young person last wrote on /track (a reply, something they forgot, a stage 2 request) and no officer
    # has opened the case since: the queue marks it "Young person replied" and the digest lists it.
    young_person_replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    assigned_to: Mapped["User | None"] = relationship(foreign_keys=[assigned_to_id])  # noqa: F821

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The queue's order (portal.triage.queue.QUEUE_ORDER), so each page is one range scan.
        Index("ix_cases_queue", "queue_rank", "queue_due_on", "received_at", "id"),
        Index("ix_cases_officer_queue", "assigned_to_id", "queue_rank", "queue_due_on", "received_at", "id"),
        Index("ix_cases_status_queue", "status", "queue_rank", "queue_due_on", "received_at", "id"),
    )

    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="save-update, merge"
    )
    equality: Mapped["EqualityAnswers | None"] = relationship(back_populates="case")
    young_persons_words: Mapped[list["YoungPersonsWords"]] = relationship(
        back_populates="case", order_by="YoungPersonsWords.id", cascade="save-update, merge"
    )

    def add_event(
        self,
        kind,
        summary,
        shared_with_young_person=False,
        by_user_id=None,
        at=None,
        changes=None,
        submission_key=None,
    ):
        event_ = CaseEvent(
            kind=kind,
            summary=summary,
            shared=shared_with_young_person,
            by_user_id=by_user_id,
            submission_key=submission_key,
            at=at or datetime.now(UTC),
            changes=changes,
        )
        self.events.append(event_)
        return event_


class CaseEvent(Base):
    """One thing that happened to a case. Append-only: rows are never changed or deleted."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    # Shared messages are shown to the holder of the tracking code on /track; nothing else is.
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The form a young person sent it from: unique, so a double-tapped Send makes one reply.
    submission_key: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    # What changed: {"field": [before, after]}, for the history.
    changes: Mapped[dict | None] = mapped_column(JSON)

    case: Mapped[Case] = relationship(back_populates="events")
    by_user: Mapped["User | None"] = relationship()  # noqa: F821


class YoungPersonsWords(Base):
    """What the young person wrote on /track after sending (a reply, something they forgot, why they want stage 2).
    Kept apart from the append-only history, like the case's own words, so retention can remove it; the history
    records that they wrote, not what."""

    __tablename__ = "young_persons_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    words: Mapped[str] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="young_persons_words")


class AppendOnlyError(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_history(session, _context, _instances):
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, CaseEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyError("Case history is append-only: events cannot be changed or deleted")


class EqualityAnswers(Base):
    """The optional "about you" answers. Kept apart from the words so reports can count them without the words."""

    __tablename__ = "equality_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    age_band: Mapped[str | None] = mapped_column(String(40))
    gender: Mapped[str | None] = mapped_column(String(40))
    ethnicity: Mapped[str | None] = mapped_column(String(60))
    disability: Mapped[str | None] = mapped_column(String(40))

    case: Mapped[Case] = relationship(back_populates="equality")


class TellUsDraft(Base):
    """Answers to the Tell us journey so far, kept on the server so nothing is lost to back, change or errors.
    Found only through the id in the visitor's session; deleted when they finish, and after a few idle hours."""

    __tablename__ = "tell_us_drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))

    case: Mapped[Case | None] = relationship()
