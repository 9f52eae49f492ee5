"""The lists of service areas and themes that classify a case: what staff choose from on a case, what admins keep
at /admin/case-lists, and the starting lists (the migration seeds the same names)."""

from sqlalchemy import select

from portal.cases.rules import ActionRefused
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


def service_areas(active_only=True):
    """The service areas by name; only those staff can still choose unless active_only is False."""
    query = select(ServiceArea).order_by(ServiceArea.name)
    if active_only:
        query = query.where(ServiceArea.active.is_(True))
    return get_session().scalars(query).all()


def themes(active_only=True):
    """The themes by kind, then name; only those staff can still choose unless active_only is False."""
    query = select(QualityTheme).order_by(QualityTheme.kind, QualityTheme.name)
    if active_only:
        query = query.where(QualityTheme.active.is_(True))
    return get_session().scalars(query).all()


def save_list_item(model, item, name, active, kind=None):
    """Add (item None) or change a service area or theme; refuses a name already on the list."""
    db = get_session()
    clash = db.scalar(select(model.id).where(model.name == name))
    if clash is not None and (item is None or clash != item.id):
        raise ActionRefused(f"‘{name}’ is already on the list", "name")
    if item is None:
        item = model(name=name)
        db.add(item)
    item.name = name
    item.active = active
    if kind is not None:
        item.kind = kind
    db.commit()
    return item
