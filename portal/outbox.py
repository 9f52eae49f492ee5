"""The outbox: every email and text is a row written in the same transaction as the change that causes it, so a
case is never saved without its alert, and no request ever waits on a mail server. The worker (portal/worker.py)
claims waiting rows, delivers each at least once under a Message-ID that stays the same on every try, and tries again
with growing waits until OUTBOX_MAX_ATTEMPTS, when the message is marked failed for someone to act on.

Why not a library: the queues kept on PyPI either keep their own store (huey's SQLite file, Redis), so a message could
not be saved in the same transaction as the case, or run on PostgreSQL only (procrastinate, pgqueuer), and the portal
runs on SQLite too. What is needed is one table and about a hundred lines, here."""

from datetime import timedelta
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import func, or_, select, update

from portal import mail
from portal.clock import as_utc, now
from portal.db import get_session
from portal.models import Case, Message, MessageState

# What each kind of message is, in the words the case history, the banner and the outbox page use.
KINDS = {
    "duty_alert": "duty alert email",
    "safeguarding": "safeguarding referral email",
    "assignment": "assignment email",
    "taken": "‘case taken’ email to a manager",
    "young_person_update": "‘there is news’ email to the young person",
    "young_person_text": "‘there is news’ text to the young person",
    "young_person_wrote": "‘the young person wrote, or asked for stage 2’ email to whoever handles the case",
    "acknowledgement": "acknowledgement email",
    "digest": "daily digest email",
    "monthly_summary": "monthly summary email",
    "reminder": "progress reminder email",
    "invitation": "invitation email",
    "password_reset": "‘choose a new password’ email",
    "password_changed": "‘your password was changed’ email",
}
# Messages claimed by one worker at a time: small, so a slow mail server cannot outlast the claim (see deliver_due).
CLAIM_BATCH = 10


def what(message):
    return KINDS.get(message.kind, message.kind.replace("_", " "))


# Writing ------------------------------------------------------------------------------------------------------------


def enqueue(kind, recipient, subject, body, case=None, channel="email", urgent=False):
    """Add a message to the current session: it is saved by the caller's commit, with the change that caused it, or
    not at all. A text with no GOV.UK Notify key is kept for staff to send by hand (the case page shows it)."""
    moment = now()
    if case is not None and case.id is None:
        get_session().flush()  # the case needs its id for the message to point at it
    state = MessageState.WAITING
    if channel == "sms" and not current_app.config["NOTIFY_API_KEY"]:
        state = MessageState.BY_HAND
    message = Message(
        message_id=make_msgid(domain=current_app.config["MESSAGE_ID_DOMAIN"]),
        kind=kind,
        case_id=case.id if case is not None else None,
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        urgent=urgent,
        state=state,
        attempts=0,
        next_try_at=moment,
        created_at=moment,
    )
    get_session().add(message)
    return message


# Delivering ---------------------------------------------------------------------------------------------------------


def _claimable(moment):
    """Waiting, its time to be tried come, and held by no worker (or by one whose claim has run out)."""
    return (
        Message.state == MessageState.WAITING,
        Message.next_try_at <= moment,
        or_(Message.claimed_until.is_(None), Message.claimed_until < moment),
    )


def _due(moment):
    return (
        select(Message.id)
        .where(*_claimable(moment))
        .order_by(Message.urgent.desc(), Message.next_try_at, Message.id)
        .limit(CLAIM_BATCH)
    )


def claim(db, moment):
    """Ids of waiting messages this worker now holds until moment + OUTBOX_CLAIM_SECONDS. Committed at once, so the
    claim is seen by every other worker; a worker that dies lets its claim run out, and another takes the messages."""
    lease = moment + timedelta(seconds=current_app.config["OUTBOX_CLAIM_SECONDS"])
    if db.get_bind().dialect.name == "postgresql":
        # Rows another worker is claiming this instant are skipped, not waited for: any number of workers share.
        ids = list(db.scalars(_due(moment).with_for_update(skip_locked=True)))
        if ids:
            db.execute(
                update(Message).where(Message.id.in_(ids)).values(claimed_until=lease),
                execution_options={"synchronize_session": False},
            )
    else:
        # SQLite lets one writer in at a time: an UPDATE that still finds the row claimable is the claim (not just
        # unclaimed: another worker may have tried it since, and set its next try later).
        ids = []
        for message_id in db.scalars(_due(moment)).all():
            claimed = db.execute(
                update(Message).where(Message.id == message_id, *_claimable(moment)).values(claimed_until=lease),
                execution_options={"synchronize_session": False},
            )
            if claimed.rowcount == 1:
                ids.append(message_id)
    db.commit()
    return ids


def deliver_due():
    """Claim and deliver one batch of waiting messages; returns how many were claimed (0: nothing to do now)."""
    db = get_session()
    ids = claim(db, now())
    timeout = current_app.config["MAIL_TIMEOUT_SECONDS"]
    for message_id in ids:
        message = db.get(Message, message_id, populate_existing=True)
        # Never send on a claim about to run out: another worker may take the message then, and send it again.
        if message.state != MessageState.WAITING or as_utc(message.claimed_until) < now() + timedelta(seconds=timeout):
            continue
        deliver(message)
        db.commit()  # one at a time: a worker killed now loses at most the one message it was sending
    return len(ids)


def deliver(message):
    """Hand one message to the mail server (or GOV.UK Notify) and record what happened on it and on its case."""
    config = current_app.config
    message.attempts += 1
    message.claimed_until = None
    try:
        if message.channel == "sms":
            mail.send_text(message.recipient, message.body, reference=message.message_id)
        elif config["MAIL_SERVER"]:
            mail.send(message.recipient, message.subject, message.body, message_id=message.message_id)
        else:
            # Development with no mail server: the outbox page shows the message, which is all a newcomer needs.
            message.state = MessageState.KEPT
            message.sent_at = now()
            message.last_error = None
            return
    except mail.MailError as error:
        message.last_error = str(error)[:2000]
        if isinstance(error, mail.RefusedForGood) or message.attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
            message.state = MessageState.FAILED
            current_app.logger.error("Gave up on message %s (%s): %s", message.id, message.kind, error)
            _note_on_case(
                message,
                f"The {what(message)} could not be sent after {message.attempts} tries. Follow this up by hand.",
                "email_failed",
            )
        else:
            message.next_try_at = now() + retry_wait(message.attempts)
            current_app.logger.warning("Message %s (%s) will be tried again: %s", message.id, message.kind, error)
        return
    message.state = MessageState.SENT
    message.sent_at = now()
    message.last_error = None
    # Once sent, the words are in the mailbox they went to; kept here they would only be a risk (a live link to choose
    # a password, in a backup, say) that nobody reads: production's outbox page never shows them. Who, what and when
    # stay. Development's kept messages keep theirs: that page is its mailbox.
    message.body = ""
    _note_on_case(message, f"The {what(message)} was sent.", "email_sent")


def retry_wait(attempts):
    """OUTBOX_RETRY_SECONDS after the first failure, doubling each time, never more than OUTBOX_RETRY_MAX_SECONDS."""
    config = current_app.config
    return timedelta(
        seconds=min(config["OUTBOX_RETRY_SECONDS"] * 2 ** (attempts - 1), config["OUTBOX_RETRY_MAX_SECONDS"])
    )


def _note_on_case(message, summary, kind):
    if message.case_id is not None:
        get_session().get(Case, message.case_id).add_event(kind, summary)


def retry(message):
    """An admin sends a failed message again: it waits its turn with a fresh count of tries."""
    message.state = MessageState.WAITING
    message.attempts = 0
    message.next_try_at = now()
    message.claimed_until = None


# Watching -----------------------------------------------------------------------------------------------------------


def urgent_not_delivered(moment=None):
    """Urgent messages (duty alerts, safeguarding) still not delivered URGENT_ALERT_MINUTES after they were written,
    oldest first, each with its case: what the red banner shows complaints officers and managers."""
    moment = moment or now()
    cutoff = moment - timedelta(minutes=current_app.config["URGENT_ALERT_MINUTES"])
    return (
        get_session()
        .execute(
            select(Message, Case.reference)
            .outerjoin(Case, Case.id == Message.case_id)
            .where(
                Message.urgent.is_(True),
                Message.state.in_((MessageState.WAITING, MessageState.FAILED)),
                Message.created_at < cutoff,
            )
            .order_by(Message.created_at, Message.id)
        )
        .all()
    )


def oldest_undelivered_age(moment=None):
    """Seconds since the oldest message still waiting (or failed) was written; 0 when there is none."""
    oldest = get_session().scalar(
        select(func.min(Message.created_at)).where(Message.state.in_((MessageState.WAITING, MessageState.FAILED)))
    )
    if oldest is None:
        return 0
    return max(0, int(((moment or now()) - as_utc(oldest)).total_seconds()))


def messages_for_case(case_id):
    return get_session().scalars(select(Message).where(Message.case_id == case_id).order_by(Message.id)).all()


def messages_by_state(state, limit=100):
    """The newest messages in one state, for the admin's outbox page."""
    return (
        get_session()
        .scalars(select(Message).where(Message.state == state).order_by(Message.id.desc()).limit(limit))
        .all()
    )


def count_by_state():
    rows = get_session().execute(select(Message.state, func.count()).group_by(Message.state)).all()
    return {state: 0 for state in MessageState.LABELS} | dict(rows)


def minutes_since(moment, at=None):
    return int(((at or now()) - as_utc(moment)).total_seconds() // 60)
