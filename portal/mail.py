"""Email through SMTP, and texts through GOV.UK Notify. Only the worker calls these (portal/outbox.py): the rest of
the portal writes messages to the outbox. Emails are plain text from templates/email/, so what they say can be read
in one place."""

import smtplib
from contextlib import contextmanager
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from portal.i18n import SOURCE, babel_name


class MailError(RuntimeError):
    """The message could not be handed over; it may go if tried again."""


class RefusedForGood(MailError):
    """The other end refused this message for what it is (a bad number, say): trying again will not help."""


def render(name, language=None, **context):
    """An email or text from templates/email/, in `language` (a BCP 47 code: a case's page_language, for messages to
    a young person), else English. Staff messages are English even when written during a young person's request
    (an urgent alert, sent as they press Send on a page in Dari). Rendered as the message is written to the outbox:
    the worker that sends it later has no request, so no language of its own."""
    with in_language(language):
        return render_template(f"email/{name}.txt", **context)


@contextmanager
def in_language(code):
    """Words made inside (gettext, render) are in this language (a BCP 47 code), English if there is none: for a
    message's subject, beside its body from render."""
    with force_locale(babel_name(code or SOURCE)):
        yield


def send(to, subject, body, message_id=None):
    """Hand one email to the SMTP server. message_id stays the same on every try, so a repeat is recognisable."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT_SECONDS"]) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        raise RefusedForGood(str(error)) from error
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(str(error)) from error


def send_text(phone_number, body, reference=None):
    """Send a text through GOV.UK Notify with its official client: the template NOTIFY_SMS_TEMPLATE_ID holds only
    ((body)), so the words live here, in templates/email/, beside the emails."""
    config = current_app.config
    client = NotificationsAPIClient(
        config["NOTIFY_API_KEY"], base_url=config["NOTIFY_BASE_URL"], timeout=config["MAIL_TIMEOUT_SECONDS"]
    )
    try:
        client.send_sms_notification(
            phone_number=phone_number,
            template_id=config["NOTIFY_SMS_TEMPLATE_ID"],
            personalisation={"body": body},
            reference=reference,
        )
    except APIError as error:
        # 400 and 403 are about this message or our key (a bad number, a trial-mode recipient): trying again will
        # not help. 429 (too many), 5xx and no answer at all (the client calls that 503) go round again.
        if error.status_code in (400, 403):
            raise RefusedForGood(f"GOV.UK Notify refused the text: {error.status_code} {error.message}") from error
        raise MailError(f"GOV.UK Notify: {error.status_code} {error.message}") from error


def portal_url(endpoint, **values):
    """A page's full address on PORTAL_URL, for a link in an email or text. Never from the request's Host header,
    which the sender of a request chooses: a forged Host would otherwise send someone's link to another site."""
    base = urlsplit(current_app.config["PORTAL_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
