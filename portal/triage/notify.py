"""Messages from triage: the assigned officer, managers when an officer takes a case, the safeguarding inbox, news
for a young person who chose email or a text (never with private details: no words, no code, no names), the daily
digest, and the monthly summary for senior managers (counts only). Each is written to the outbox (portal/outbox.py)
with the change that causes it, so callers call these before they commit; the worker delivers them, and the case
page shows each one's state."""

from collections import Counter
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import mail, outbox
from portal.cases.alerts import case_url
from portal.cases.deadlines import RANK_CLOSED
from portal.clock import london_midnight, london_today
from portal.db import get_session
from portal.models import Case, CaseEvent, CaseStage, CaseStatus, QualityTheme, Role, User
from portal.models.triage import case_themes
from portal.working_days import add_working_days

DUE_SOON_WORKING_DAYS = 3


def tell_officer_of_assignment(case, officer):
    outbox.enqueue(
        "assignment",
        officer.email,
        f"Case {case.reference} is assigned to you",
        mail.render("triage_assigned", case=case, officer=officer, url=case_url(case)),
        case=case,
    )


def tell_managers_of_take(case, officer):
    """Every active manager, when an officer takes a case for themselves (and so sees its contact details). The
    reason stays in the case history, not the email, which may be read anywhere."""
    managers = get_session().scalars(
        select(User).where(User.role == Role.MANAGER, User.active.is_(True)).order_by(User.id)
    )
    for manager in managers.all():
        outbox.enqueue(
            "taken",
            manager.email,
            f"{officer.name} took case {case.reference}",
            mail.render("triage_taken", case=case, officer=officer, manager=manager, url=case_url(case)),
            case=case,
        )


def tell_safeguarding_inbox(case, referral):
    outbox.enqueue(
        "safeguarding",
        current_app.config["SAFEGUARDING_INBOX"],
        f"Safeguarding referral recorded ({case.reference})",
        mail.render("safeguarding_referral", case=case, referral=referral, url=case_url(case)),
        case=case,
        urgent=True,
    )


def tell_young_person(case):
    """Only where they chose email or a text. Says there is news and where to look: never what it is. Returns
    True if a message was written."""
    track_url = mail.portal_url("track.track")
    # In the language of the pages they told us on (cases.page_language), as the acknowledgement was.
    with mail.in_language(case.page_language):
        subject = _("News about your message (%(reference)s)", reference=case.reference)
    if case.reply_route == "email" and case.reply_email:
        outbox.enqueue(
            "young_person_update",
            case.reply_email,
            subject,
            mail.render("young_person_update", case.page_language, case=case, track_url=track_url),
            case=case,
        )
        return True
    if case.reply_route == "text" and case.reply_phone:
        outbox.enqueue(
            "young_person_text",
            case.reply_phone,
            subject,
            mail.render("young_person_text", case.page_language, case=case, track_url=track_url).strip(),
            case=case,
            channel="sms",
        )
        return True
    return False


# The daily digest ---------------------------------------------------------------------------------------------------


def digest_for_officers(today=None):
    """{officer: (overdue cases, cases due soon, cases with a reply from the young person waiting)} for every officer
    with open cases due within 3 working days or with replies not yet read."""
    today = today or london_today()
    soon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    open_and_theirs = (Case.queue_rank < RANK_CLOSED, User.active.is_(True))
    due = get_session().execute(
        select(Case, User)
        .join(User, Case.assigned_to_id == User.id)
        .where(*open_and_theirs, Case.next_due_on.is_not(None), Case.next_due_on <= soon)
        .order_by(User.id, Case.next_due_on, Case.id)
    )
    digests = {}
    for case, officer in due:
        overdue, due_soon, _replied = digests.setdefault(officer, ([], [], []))
        (overdue if case.next_due_on < today else due_soon).append(case)
    # A reply on a closed case waits too: the young person may be saying it is not sorted.
    replied = get_session().execute(
        select(Case, User)
        .join(User, Case.assigned_to_id == User.id)
        .where(User.active.is_(True), Case.young_person_replied_at.is_not(None))
        .order_by(User.id, Case.young_person_replied_at, Case.id)
    )
    for case, officer in replied:
        digests.setdefault(officer, ([], [], []))[2].append(case)
    return digests


def send_digests(today=None):
    """One email per officer, written to the outbox and committed; returns how many."""
    today = today or london_today()
    sent = 0
    for officer, (overdue, due_soon, replied) in digest_for_officers(today).items():
        body = mail.render(
            "triage_digest",
            officer=officer,
            overdue=overdue,
            due_soon=due_soon,
            replied=replied,
            today=today,
            days=DUE_SOON_WORKING_DAYS,
            url=mail.portal_url("triage.cases"),
        )
        subject = f"Cases due: {len(overdue)} overdue, {len(due_soon)} due soon"
        if replied:
            subject += f"; {len(replied)} with a reply from the young person"
        outbox.enqueue("digest", officer.email, subject, body)
        sent += 1
    get_session().commit()
    return sent


# The monthly summary for senior managers ------------------------------------------------------------------------------


def monthly_summary(first_day):
    """Counts only, for the month starting first_day: received, urgent, overdue now, themes, escalations."""
    next_month = date(first_day.year + (first_day.month == 12), first_day.month % 12 + 1, 1)
    start, end = london_midnight(first_day), london_midnight(next_month)
    db = get_session()
    received = select(Case.id).where(Case.received_at >= start, Case.received_at < end)
    counts = {
        "received": db.scalar(select(func.count()).select_from(received.subquery())),
        "urgent": db.scalar(
            select(func.count()).where(Case.received_at >= start, Case.received_at < end, Case.urgent.is_(True))
        ),
        "safeguarding": db.scalar(
            select(func.count(func.distinct(CaseEvent.case_id))).where(
                CaseEvent.kind == "safeguarding", CaseEvent.at >= start, CaseEvent.at < end
            )
        ),
        "overdue_now": db.scalar(
            select(func.count()).where(Case.queue_rank < RANK_CLOSED, Case.next_due_on < london_today())
        ),
        "stage_2_requests": db.scalar(
            select(func.count()).where(
                CaseStage.number == 2, CaseStage.requested_on >= first_day, CaseStage.requested_on < next_month
            )
        ),
        "stage_3_requests": db.scalar(
            select(func.count()).where(
                CaseStage.number == 3, CaseStage.requested_on >= first_day, CaseStage.requested_on < next_month
            )
        ),
        "closed": db.scalar(
            select(func.count()).where(
                Case.status == CaseStatus.CLOSED, Case.closed_on >= first_day, Case.closed_on < next_month
            )
        ),
    }
    theme_counts = Counter(
        dict(
            db.execute(
                select(QualityTheme.name, func.count())
                .join(case_themes, case_themes.c.theme_id == QualityTheme.id)
                .where(case_themes.c.case_id.in_(received))
                .group_by(QualityTheme.name)
            ).all()
        )
    )
    return counts, theme_counts.most_common()


def senior_manager_addresses():
    configured = current_app.config["SENIOR_MANAGERS_INBOX"]
    if configured:
        return [configured]
    return list(get_session().scalars(select(User.email).where(User.role == Role.MANAGER, User.active.is_(True))))


def send_monthly_summary(first_day):
    counts, theme_counts = monthly_summary(first_day)
    body = mail.render("triage_monthly_summary", month=first_day, counts=counts, theme_counts=theme_counts)
    addresses = senior_manager_addresses()
    for address in addresses:
        outbox.enqueue(
            "monthly_summary", address, f"Complaints from children in care: {first_day:%B %Y} in numbers", body
        )
    get_session().commit()
    return len(addresses), counts
