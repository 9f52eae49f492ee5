"""Retention: cases closed more than CASE_RETENTION_YEARS ago lose their personal details (the words, what the
young person wrote on /track, contact details, name and equality answers); what the annual reports count (kind, who
told us, dates, stages, outcomes, advocacy, urgency) stays. Expired Tell us drafts, finished limit counters, old
sign-in session records and old outbox messages are deleted. Run by `flask --app wsgi retention` (a dry run) and
`flask --app wsgi retention --apply`."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from portal.accounts import log_security_event
from portal.db import get_session
from portal.limits import forget_finished_windows
from portal.models import (
    Case,
    CaseEvent,
    CaseStatus,
    EqualityAnswers,
    Message,
    MessageState,
    TellUsDraft,
    UserSession,
    YoungPersonsWords,
)
from portal.tell_us.services import draft_idle_lifetime

REMOVED_EVENT = "personal_data_removed"
REMOVED_WORDS = "[Removed under the retention policy]"
# A sign-in session's record (when someone was signed in) is kept this long after it was last used: long past any
# idle time-out, so it is ended or dead, and long enough to look into a sign-in someone does not recognise.
SESSION_RECORD_DAYS = 30
# An email or text (its address or a young person's phone number, its subject) is kept this long after it was
# written, to answer "did it go?"; the case's history says whether it went for as long as the case is kept.
MESSAGE_DAYS = 90


@dataclass
class RetentionReport:
    cutoff: datetime
    case_ids: list
    expired_drafts: int
    applied: bool

    def summary(self):
        verb = "Removed" if self.applied else "Would remove"
        draft_verb = "deleted" if self.applied else "would delete"
        return (
            f"{verb} the personal details of {len(self.case_ids)} case(s) closed before {self.cutoff:%d %B %Y}; "
            f"{draft_verb} {self.expired_drafts} expired Tell us draft(s)."
        )


def retention_cutoff(now=None, years=None):
    """The moment CASE_RETENTION_YEARS before now (29 February falls back to the 28th)."""
    now = now or datetime.now(UTC)
    years = current_app.config["CASE_RETENTION_YEARS"] if years is None else years
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def cases_due(cutoff):
    """Ids of closed cases whose last recorded event (their closing, or anything after it) is before cutoff, and
    whose personal details are still there. A case with no closing event of its own closes at its last event."""
    last_event = (
        select(CaseEvent.case_id, func.max(CaseEvent.at).label("last_at")).group_by(CaseEvent.case_id).subquery()
    )
    already_removed = select(CaseEvent.case_id).where(CaseEvent.kind == REMOVED_EVENT)
    return list(
        get_session().scalars(
            select(Case.id)
            .outerjoin(last_event, last_event.c.case_id == Case.id)
            .where(
                Case.status == CaseStatus.CLOSED,
                func.coalesce(last_event.c.last_at, Case.received_at) < cutoff,
                Case.id.not_in(already_removed),
            )
            .order_by(Case.id)
        )
    )


def _expired_drafts(now):
    return get_session().scalar(
        select(func.count(TellUsDraft.id)).where(TellUsDraft.updated_at < now - draft_idle_lifetime())
    )


def remove_personal_details(case, years):
    """Blank what identifies a person on one case; record it in the case's history."""
    case.words = REMOVED_WORDS
    case.wanted_outcome = None
    case.told_by_other = None
    case.reply_email = None
    case.reply_phone = None
    case.reply_via_name = None
    case.name = None
    case.language = None
    get_session().execute(delete(EqualityAnswers).where(EqualityAnswers.case_id == case.id))
    get_session().execute(delete(YoungPersonsWords).where(YoungPersonsWords.case_id == case.id))
    case.add_event(
        REMOVED_EVENT,
        f"Personal details removed: the case was closed more than {years} years ago (retention policy).",
    )


def delete_old_session_records(now):
    """Delete the records of sign-in sessions last used more than SESSION_RECORD_DAYS ago (ended or idle long since:
    a live one is seen at least every STAFF_IDLE_TIMEOUT)."""
    get_session().execute(
        delete(UserSession).where(UserSession.last_seen_at < now - timedelta(days=SESSION_RECORD_DAYS))
    )


def delete_old_messages(now):
    """Delete outbox messages written more than MESSAGE_DAYS ago that nothing more will happen to (any not waiting:
    sent, failed, or a text to send by hand that is long past use)."""
    get_session().execute(
        delete(Message).where(
            Message.created_at < now - timedelta(days=MESSAGE_DAYS), Message.state != MessageState.WAITING
        )
    )


def run_retention(apply=False, now=None):
    """Find (and, with apply, act on) what retention removes; returns a RetentionReport. Acting is logged."""
    db = get_session()
    now = now or datetime.now(UTC)
    years = current_app.config["CASE_RETENTION_YEARS"]
    cutoff = retention_cutoff(now, years)
    report = RetentionReport(cutoff, cases_due(cutoff), _expired_drafts(now), apply)
    if not apply:
        return report
    for case_id in report.case_ids:
        remove_personal_details(db.get(Case, case_id), years)
    # Drafts tied to a case are deleted with the rest: the case keeps nothing of them.
    db.execute(delete(TellUsDraft).where(TellUsDraft.updated_at < now - draft_idle_lifetime()))
    delete_old_session_records(now)
    delete_old_messages(now)
    log_security_event("retention", report.summary())
    db.commit()
    forget_finished_windows(now)
    current_app.logger.info("Retention: %s", report.summary())
    return report
