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
from portal.models.pledge import (
    Amendment,
    Comment,
    CommentEvent,
    Consultation,
    ConsultationAnswer,
    Pledge,
    PledgeVersion,
    Promise,
    Revision,
    SignOff,
    Theme,
    VersionPromise,
    VersionStatus,
)
from portal.models.site import SiteFlag

__all__ = [
    "Amendment",
    "Base",
    "Case",
    "CaseEvent",
    "CaseKind",
    "CaseStatus",
    "Channel",
    "Comment",
    "CommentEvent",
    "Consultation",
    "ConsultationAnswer",
    "EqualityAnswers",
    "Outcome",
    "Partner",
    "Pledge",
    "PledgeVersion",
    "Promise",
    "Revision",
    "SignOff",
    "Theme",
    "VersionPromise",
    "VersionStatus",
    "Role",
    "SiteFlag",
    "TellUsDraft",
    "User",
]
