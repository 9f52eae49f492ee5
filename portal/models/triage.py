"""Triage: the statutory stages of a case, pauses, safeguarding referrals, service areas and themes, lessons and
actions, complaint points, and the logs of every staff view of a case and every CSV export. The logs are append-only,
like the history."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Session, backref, mapped_column, relationship

from portal.db import Base, string_enum
from portal.models.cases import AppendOnlyError, Case, Outcome

# The full-text search objects the migration makes by hand (PostgreSQL: a generated tsvector column with a GIN
# index; SQLite: an FTS5 table kept in step by triggers). SQLAlchemy's models do not describe them, so Alembic's
# comparison is told to leave them alone.
SEARCH_OBJECT_NAMES = frozenset({"search_vector", "ix_cases_search_vector"})
SEARCH_TABLE_PREFIX = "cases_fts"


def include_name(name, type_, _parent_names):
    """For Alembic: False for the full-text search objects made by hand in migration 0005_triage."""
    if type_ == "table" and name and name.startswith(SEARCH_TABLE_PREFIX):
        return False
    return name not in SEARCH_OBJECT_NAMES


case_service_areas = Table(
    "case_service_areas",
    Base.metadata,
    Column("case_id", ForeignKey("cases.id"), primary_key=True),
    Column("service_area_id", ForeignKey("service_areas.id"), primary_key=True),
)
case_themes = Table(
    "case_themes",
    Base.metadata,
    Column("case_id", ForeignKey("cases.id"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True, index=True),
)


class ServiceArea(Base):
    """A category of the council's work a case is about (placements, leaving care, ...). Admins keep the list."""

    __tablename__ = "service_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    cases: Mapped[list[Case]] = relationship(
        secondary=case_service_areas, backref=backref("service_areas", order_by="ServiceArea.name")
    )


class ThemeKind:
    SERVICE_QUALITY = "service_quality"
    PRACTICE = "practice"
    LABELS = {SERVICE_QUALITY: "Service quality", PRACTICE: "Practice"}


class QualityTheme(Base):
    """A service quality or practice theme, for the annual report to the Children Board. Admins keep the list."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    cases: Mapped[list[Case]] = relationship(
        secondary=case_themes, backref=backref("themes", order_by="QualityTheme.name")
    )


class CaseStage(Base):
    """One statutory stage of a case: 1 local resolution, 2 investigation, 3 review panel. Its dates are what the
    deadlines are computed from (portal.cases.deadlines)."""

    __tablename__ = "case_stages"
    __table_args__ = (UniqueConstraint("case_id", "number", name="uq_case_stages_case_id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    number: Mapped[int] = mapped_column(Integer)
    requested_on: Mapped[date | None] = mapped_column(Date)  # stages 2 and 3: the complainant asked on
    late_request: Mapped[bool] = mapped_column(Boolean, default=False)  # flagged, never refused
    started_on: Mapped[date | None] = mapped_column(Date)  # stage 1 start; stage 2 agreed statement of complaint
    extended_to: Mapped[int | None] = mapped_column(Integer)  # working days, when extended
    extension_reason: Mapped[str | None] = mapped_column(Text)
    investigating_officer: Mapped[str | None] = mapped_column(String(200))
    independent_person: Mapped[str | None] = mapped_column(String(200))
    panel_on: Mapped[date | None] = mapped_column(Date)  # stage 3: the panel met
    report_on: Mapped[date | None] = mapped_column(Date)  # stage 3: the panel's report
    responded_on: Mapped[date | None] = mapped_column(Date)  # response (1), adjudication (2), council response (3)
    outcome: Mapped[Outcome | None] = mapped_column(string_enum(Outcome))
    summary: Mapped[str | None] = mapped_column(Text)
    # Kept in step by portal.cases.deadlines for the annual report, so timeliness is counted in SQL: the date the
    # response was due (extensions and pauses counted; stage 3, the council's response) and, once responded, the
    # working days it took (paused days not counted).
    due_on: Mapped[date | None] = mapped_column(Date)
    working_days_taken: Mapped[int | None] = mapped_column(Integer)

    case: Mapped[Case] = relationship(backref=backref("stages", order_by="CaseStage.number"))


class ComplaintPoint(Base):
    """One point of a stage 2 complaint, with its own adjudicated outcome."""

    __tablename__ = "complaint_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    outcome: Mapped[Outcome | None] = mapped_column(string_enum(Outcome))

    case: Mapped[Case] = relationship(backref=backref("complaint_points", order_by="ComplaintPoint.id"))


class CasePause(Base):
    """The clock stopped (court proceedings, a police investigation): deadlines move by its working days."""

    __tablename__ = "case_pauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reason_kind: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)  # the last paused day; empty while it lasts

    case: Mapped[Case] = relationship(backref=backref("pauses", order_by="CasePause.started_on"))


class SafeguardingReferral(Base):
    """A concern that a child may be at risk of harm, sent to the safeguarding route: who, when, to whom."""

    __tablename__ = "safeguarding_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    referred_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    referred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    referred_to: Mapped[str] = mapped_column(String(200))
    their_reference: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(backref=backref("safeguarding_referrals", order_by="SafeguardingReferral.id"))
    referred_by: Mapped["User"] = relationship()  # noqa: F821


class Learning:
    LESSON = "lesson"
    ACTION = "action"


class CaseLearning(Base):
    """A lesson learned, or an action (owner, due date, done), each markable for "you said, we did"."""

    __tablename__ = "case_learning"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    words: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    publish: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship(backref=backref("learning", order_by="CaseLearning.id"))


class CaseAccess(Base):
    """One staff view of a case: who, when, which case, what they opened. Append-only."""

    __tablename__ = "case_access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    what: Mapped[str] = mapped_column(String(100))

    user: Mapped["User"] = relationship()  # noqa: F821


class CaseExport(Base):
    """One CSV export of cases: who, when, with which filters, how many rows, and how many of them carried contact
    details. Append-only, like the per-case access log."""

    __tablename__ = "case_export_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    filters: Mapped[str] = mapped_column(Text)  # JSON: the queue's filters as chosen
    rows: Mapped[int] = mapped_column(Integer)
    contact_rows: Mapped[int] = mapped_column(Integer)  # rows with name, email and phone filled in for this user

    user: Mapped["User"] = relationship()  # noqa: F821

    @property
    def with_contact_details(self):
        return self.contact_rows > 0


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_access_log(session, _context, _instances):
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, (CaseAccess, CaseExport)) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyError("The access log is append-only: rows cannot be changed or deleted")
