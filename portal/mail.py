"""Email through SMTP. Messages are plain text from templates/email/, so what they say can be read in one place."""

import smtplib
from email.message import EmailMessage

from flask import current_app, render_template


class MailError(RuntimeError):
    """The message could not be handed to the SMTP server."""


def render(name, **context):
    return render_template(f"email/{name}.txt", **context)


def send(to, subject, body):
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(str(error)) from error
