"""The annual report's published version for young people: a snapshot of its figures (already suppressed) and the
lessons written for publication, fixed when a manager publishes it so the public page never changes under readers."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base
from portal.models.cases import Case

# Every column the annual report counts, after the day received: a year's cases are counted from the index alone,
# without reading a million wide rows (their words) from the table. id last, for joins to stages, areas and themes.
REPORT_COLUMNS = (
    "received_at",
    "kind",
    "told_by",
    "urgent",
    "safeguarding",
    "promise_id",
    "acknowledged_on",
    "acknowledge_by",
    "advocate_wanted",
    "advocacy_requested_on",
    "advocacy_provided_on",
    "ombudsman_referred_on",
    "ombudsman_decided_on",
    "id",
)
ix_cases_report = Index("ix_cases_report", *(Case.__table__.c[name] for name in REPORT_COLUMNS))


class PublishedReport(Base):
    __tablename__ = "published_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The reporting year by the year it starts: 2025 is 1 April 2025 to 31 March 2026 ("2025-26").
    year_start: Mapped[int] = mapped_column(Integer, unique=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    content: Mapped[dict] = mapped_column(JSON)

    published_by: Mapped["User"] = relationship()  # noqa: F821
