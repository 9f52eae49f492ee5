"""All models, imported here so Base.metadata knows every table (Alembic and tests rely on it)."""

from portal.db import Base
from portal.models.accounts import Partner, Role, User
from portal.models.site import SiteFlag

__all__ = ["Base", "Partner", "Role", "SiteFlag", "User"]
