"""Demo data: made-up records for trying the portal out, marked so every page says so. Never loaded in production."""

from flask import current_app
from sqlalchemy import func, select

from portal import accounts
from portal.db import get_session
from portal.kept.demo import load_demo_kept
from portal.models import Case, SiteFlag
from portal.pledge.demo import load_demo_pledge
from portal.site import DEMO_ACCOUNTS, DEMO_FLAG, DEMO_PASSWORD
from portal.tell_us.demo import load_demo_cases


def load_demo_data():
    """Load every area's demo records; returns what was made, for the command to report."""
    if not current_app.config["DEMO_DATA_ALLOWED"]:
        raise RuntimeError("Demo data is refused in production")
    db = get_session()
    for email, name, role, partner in DEMO_ACCOUNTS:
        if accounts.user_by_email(email) is None:
            accounts.create_user(email, name, role, DEMO_PASSWORD, partner)
    if db.get(SiteFlag, DEMO_FLAG) is None:
        db.add(SiteFlag(name=DEMO_FLAG, value="loaded"))
    db.commit()
    summary = {"accounts": len(DEMO_ACCOUNTS), "Pledge versions": load_demo_pledge()}
    if not db.scalar(select(func.count(Case.id))):
        summary["cases"] = load_demo_cases()
        from portal.triage.demo import load_demo_triage

        load_demo_triage()
    summary["'is it kept for you?' answers"] = load_demo_kept()
    from portal.reports.demo import load_demo_report

    summary["published annual reports for young people"] = load_demo_report()
    return summary
