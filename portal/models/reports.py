"""The annual report's published version for young people: a snapshot of its figures (already suppressed) and the
lessons written for publication, fixed when a manager publishes it so the public page never changes under readers."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base


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
