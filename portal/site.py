"""Installation-wide facts kept in the database."""

from flask import g
from sqlalchemy.exc import SQLAlchemyError

from portal.db import get_session
from portal.models import SiteFlag

DEMO_FLAG = "demo_data"


def demo_data_loaded():
    """True while the database holds demo data (every page then says so)."""
    if "demo_data_loaded" not in g:
        try:
            g.demo_data_loaded = get_session().get(SiteFlag, DEMO_FLAG) is not None
        except SQLAlchemyError:  # the error page for a database outage must still render
            get_session().rollback()
            g.demo_data_loaded = False
    return g.demo_data_loaded
