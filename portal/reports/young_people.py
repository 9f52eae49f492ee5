"""The annual report's version for young people: published as it stood, kept as published."""

from datetime import UTC, datetime

from sqlalchemy import select

from portal.db import get_session
from portal.models import PublishedReport
from portal.reports.figures import share

# --- The young people's version -------------------------------------------------------------------------------------


def young_peoples_content(report):
    """What the published version for young people shows: a few figures (already suppressed) and the changes
    written for publication. Kept as it is when published."""
    now = report.figures
    learning = next(section for section in report.sections if section.id == "learning").learning
    return {
        "year": report.year.label,
        "as_of": report.as_of.isoformat(),
        "told_us": now["received"].text,
        "complaints": now["kind:complaint"].text,
        "compliments": now["kind:compliment"].text,
        "ideas": now["kind:suggestion"].text,
        "advocates": now["advocacy:provided"].text,
        "on_time": share(now["time:1:in_time"], now["answered:1"]),
        "changes": [item["words"] for item in learning],
    }


def publish_for_young_people(report, user):
    """Publish (or publish again) the young people's version of the report's year, as the report stands now."""
    db = get_session()
    published = db.scalar(select(PublishedReport).where(PublishedReport.year_start == report.year.start))
    if published is None:
        published = PublishedReport(year_start=report.year.start)
        db.add(published)
    published.published_at = datetime.now(UTC)
    published.published_by_id = user.id
    published.as_of = report.as_of
    published.content = young_peoples_content(report)
    db.commit()
    return published


def published_reports():
    return get_session().scalars(select(PublishedReport).order_by(PublishedReport.year_start.desc())).all()


def published_report(year):
    return get_session().scalar(select(PublishedReport).where(PublishedReport.year_start == year.start))
