"""Facts about this installation, such as whether demo data was loaded."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class SiteFlag(Base):
    __tablename__ = "site_flags"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
