"""Emails to staff that a case itself causes, whichever area changed it, written to the outbox with the change: the
duty team's alert when a young person says they are not safe (the same whether the case came from Tell us or staff
recording a phone call or letter), and word to whoever handles a case that the young person wrote on /track."""

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


def case_url(case):
    """The case page, for emails to staff (who sign in to see it)."""
    return mail.portal_url("triage.case", case_id=case.id)


def tell_whoever_handles(case, what):
    """The assigned officer, or the duty inbox if nobody (still active) is assigned: the young person wrote on /track
    (what: "wrote to you", "asked for stage 2"). Never their words: the email may be read anywhere."""
    officer = case.assigned_to if case.assigned_to is not None and case.assigned_to.active else None
    outbox.enqueue(
        "young_person_wrote",
        officer.email if officer is not None else current_app.config["DUTY_INBOX"],
        f"Case {case.reference}: the young person {what}",
        mail.render("young_person_wrote", case=case, officer=officer, what=what, url=case_url(case)),
        case=case,
    )
