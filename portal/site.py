"""Installation-wide facts kept in the database."""

from flask import g
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from portal.db import get_session
from portal.models import LanguageCheck, Role, SiteFlag

DEMO_FLAG = "demo_data"
# The demo's accounts, which each area's demo loader and the tests' and scripts' sign-ins share.
DEMO_PASSWORD = "demo-pledge-portal"  # noqa: S105 - published in the README: these accounts exist only in demo data

DEMO_ACCOUNTS = (
    ("rma@example.org", "Riley Ahmed", Role.RMA_MEMBER, None),
    ("participation@example.org", "Pat Okafor", Role.PARTICIPATION_OFFICER, None),
    ("partner@example.org", "Sam Green", Role.PARTNER_LEAD, "Virtual School"),
    ("complaints@example.org", "Chris Novak", Role.COMPLAINTS_OFFICER, None),
    ("manager@example.org", "Morgan Ellis", Role.MANAGER, None),
    ("admin@example.org", "Alex Admin", Role.ADMIN, None),
)
# The demo account for each role, most able first (a form is tried as the first role allowed to use it), for the
# scripts and tests that sign in as one.
DEMO_EMAILS = {role: email for email, _name, role, _partner in reversed(DEMO_ACCOUNTS)}


def demo_data_loaded():
    """True while the database holds demo data (every page then says so)."""
    if "demo_data_loaded" not in g:
        try:
            g.demo_data_loaded = get_session().get(SiteFlag, DEMO_FLAG) is not None
        except SQLAlchemyError:  # the error page for a database outage must still render
            get_session().rollback()
            g.demo_data_loaded = False
    return g.demo_data_loaded


def checked_languages():
    """The interface languages an admin has marked as checked by a fluent reader (codes from LANGUAGES)."""
    if "checked_languages" not in g:
        try:
            g.checked_languages = frozenset(get_session().scalars(select(LanguageCheck.language)))
        except SQLAlchemyError:  # the error page for a database outage must still render
            get_session().rollback()
            g.checked_languages = frozenset()
    return g.checked_languages


def frame_version():
    """What the frame of every young people's page shows from the database (the demo banner, and which languages
    carry the first-draft note): a shared page's version must include it, or a copy kept from before a change would
    be served on."""
    return demo_data_loaded(), checked_languages()
