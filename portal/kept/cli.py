"""flask --app wsgi reminders (registered with every command in portal/cli.py)."""

import click
from flask.cli import with_appcontext

from portal.kept.reminders import send_reminders


@click.command("reminders")
@with_appcontext
def reminders_command():
    """Email partner leads whose progress updates on the Pledge are late."""
    sent, failed = send_reminders()
    for email, count in sent:
        click.echo(f"Reminded {email} about {count} late {'update' if count == 1 else 'updates'}.")
    if not sent and not failed:
        click.echo("No progress updates are late.")
    if failed:
        raise click.ClickException("Could not email: " + ", ".join(email for email, _count in failed))


COMMANDS = [reminders_command]
