"""All models, imported here so Base.metadata knows every table (Alembic and tests rely on it)."""

from portal.db import Base
from portal.models.accounts import Partner, Role, User
from portal.models.cases import (
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Channel,
    EqualityAnswers,
    Outcome,
    TellUsDraft,
)
from portal.models.security import LimitCounter, RecoveryCode, SecurityEvent
from portal.models.site import SiteFlag

__all__ = [
    "Base",
    "Case",
    "CaseEvent",
    "CaseKind",
    "CaseStatus",
    "Channel",
    "EqualityAnswers",
    "LimitCounter",
    "Outcome",
    "Partner",
    "RecoveryCode",
    "Role",
    "SecurityEvent",
    "SiteFlag",
    "TellUsDraft",
    "User",
]
