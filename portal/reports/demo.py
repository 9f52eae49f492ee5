"""Demo data for the annual report: the young people's version of the last complete year, published by the demo
manager from the demo cases (so /reports has something to show). Never loaded in production (portal.demo checks)."""

from sqlalchemy import func, select

from portal.accounts import user_by_email
from portal.clock import Year, london_today
from portal.db import get_session
from portal.models import PublishedReport
from portal.reports.services import build_report
from portal.reports.young_people import publish_for_young_people

DEMO_MANAGER = "manager@example.org"


def load_demo_report():
    """Publish last year's young people's version if nothing is published yet; returns how many were published."""
    manager = user_by_email(DEMO_MANAGER)
    if manager is None or get_session().scalar(select(func.count(PublishedReport.id))):
        return 0
    publish_for_young_people(build_report(Year.containing(london_today()).previous), manager)
    return 1
