"""The duty team's alert when a young person says they are not safe: the same message whichever way the case came in
(Tell us, or staff recording a phone call or letter), written to the outbox with the case."""

from flask import current_app

from portal import mail, outbox


def alert_duty_team(case):
    """Write the urgent alert for case to the duty inbox. It never holds the young person's words or tracking code."""
    outbox.enqueue(
        "duty_alert",
        current_app.config["DUTY_INBOX"],
        f"Urgent: a young person said they are not safe ({case.reference})",
        mail.render("urgent_case", case=case),
        case=case,
        urgent=True,
    )
