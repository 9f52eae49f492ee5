"""Email each partner lead whose organisation has late progress updates (`flask --app wsgi reminders`, kept/cli.py)."""

from flask import current_app, url_for

from portal import mail, outbox
from portal.clock import london_today
from portal.db import get_session
from portal.kept import services


def send_reminders(today=None):
    """Email every active partner lead a list of their organisation's late updates, through the outbox. Returns
    (sent, failed): lists of (email, number of late promises); failed stays empty now that the worker does the
    sending (and the trying again), and is kept for the command's callers."""
    today = today or london_today()
    sent, failed = [], []
    # Links in the emails point at the portal's public address (PORTAL_URL); there is no request to take it from.
    with current_app.test_request_context(base_url=current_app.config["PORTAL_URL"]):
        for lead, plans in services.reminders_due(today).items():
            _remind(lead, plans, today, sent, failed)
        get_session().commit()
    return sent, failed


def _remind(lead, plans, today, sent, failed):
    """Email one partner lead about their late plans; note the result in sent or failed."""
    late = [
        {
            "title": services.promise_title(plan.promise_id),
            "due": plan.next_due,
            "days_late": services.days_late(plan, today),
            "url": url_for("kept.partner_update", promise_id=plan.promise_id, _external=True),
        }
        for plan in plans
    ]
    subject = f"Pledge progress is late: {len(late)} {'promise' if len(late) == 1 else 'promises'}"
    body = mail.render("progress_reminder", lead=lead, late=late, council_name=current_app.config["COUNCIL_NAME"])
    # Written to the outbox, which the worker delivers with retries: writing it cannot fail for a mail server.
    outbox.enqueue("reminder", lead.email, subject, body)
    sent.append((lead.email, len(late)))
