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
from portal.models.triage import (
    CaseAccess,
    CaseLearning,
    CasePause,
    CaseStage,
    ComplaintPoint,
    SafeguardingReferral,
    ServiceArea,
    Theme,
)

__all__ = [
    "Base",
    "Case",
    "CaseAccess",
    "CaseEvent",
    "CaseLearning",
    "CasePause",
    "CaseStage",
    "CaseKind",
    "CaseStatus",
    "Channel",
    "ComplaintPoint",
    "EqualityAnswers",
    "LimitCounter",
    "Outcome",
    "Partner",
    "RecoveryCode",
    "Role",
    "SecurityEvent",
    "SafeguardingReferral",
    "ServiceArea",
    "SiteFlag",
    "TellUsDraft",
    "Theme",
    "User",
]
