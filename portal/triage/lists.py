"""The starting lists of service areas and themes. Admins change them at /admin/case-lists; this only fills in
what is missing (the migration seeds the same names)."""

from sqlalchemy import select

from portal.db import get_session
from portal.models import QualityTheme, ServiceArea
from portal.models.triage import ThemeKind

SERVICE_AREAS = (
    "Placements and fostering",
    "Residential care",
    "Social work",
    "Leaving care",
    "Education (Virtual School)",
    "Health",
    "Housing",
    "Independent reviewing",
    "Contact with family",
    "Finance and allowances",
)
THEMES = (
    ("Placement", ThemeKind.SERVICE_QUALITY),
    ("Contact with family", ThemeKind.PRACTICE),
    ("Social worker changes", ThemeKind.PRACTICE),
    ("Education", ThemeKind.SERVICE_QUALITY),
    ("Health", ThemeKind.SERVICE_QUALITY),
    ("Leaving care", ThemeKind.SERVICE_QUALITY),
    ("Money and allowances", ThemeKind.SERVICE_QUALITY),
    ("Respect and dignity", ThemeKind.PRACTICE),
    ("Communication", ThemeKind.PRACTICE),
    ("Delay", ThemeKind.SERVICE_QUALITY),
    ("Not listened to", ThemeKind.PRACTICE),
    ("Plans and reviews", ThemeKind.PRACTICE),
)


def seed_default_lists():
    """Add any starting service area or theme that is not there; returns how many were added."""
    db = get_session()
    have_areas = set(db.scalars(select(ServiceArea.name)))
    have_themes = set(db.scalars(select(QualityTheme.name)))
    added = [ServiceArea(name=name, active=True) for name in SERVICE_AREAS if name not in have_areas]
    added += [QualityTheme(name=name, kind=kind, active=True) for name, kind in THEMES if name not in have_themes]
    db.add_all(added)
    db.commit()
    return len(added)
