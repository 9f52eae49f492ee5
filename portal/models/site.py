"""Facts about this installation, such as whether demo data was loaded."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class SiteFlag(Base):
    __tablename__ = "site_flags"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class LanguageCheck(Base):
    """An interface language a fluent reader has checked, marked by an admin. Until then its pages say the
    translation is a first draft."""

    __tablename__ = "language_checks"

    language: Mapped[str] = mapped_column(String(16), primary_key=True)  # a code from the LANGUAGES setting
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
