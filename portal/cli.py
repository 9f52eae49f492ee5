"""flask --app wsgi <command>: migrate, create-user, demo, retention, and every area's commands, all registered here."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from portal import accounts
from portal.accounts import self_service
from portal.db import get_session
from portal.kept import cli as kept_cli
from portal.models import Role, User
from portal.reports import cli as reports_cli
from portal.triage import cli as triage_cli
from portal.worker import COMMANDS as WORKER_COMMANDS


def register(app):
    """Every flask command, the portal's own and each area's, registered here and only here."""
    for command in (*COMMANDS, *kept_cli.COMMANDS, *reports_cli.COMMANDS, *triage_cli.COMMANDS, *WORKER_COMMANDS):
        app.cli.add_command(command)


@click.command("migrate")
@with_appcontext
def migrate_command():
    """Bring the database up to the newest migration."""
    from portal.migrate import upgrade_database

    upgrade_database(current_app.extensions["db_engine"])
    click.echo("Database is up to date.")


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--name", help="Full name (defaults to the part of the email before the @).")
@click.option("--partner", help="Partner organisation, needed for partner leads.")
def create_user_command(email, role, name, partner):
    """Invite EMAIL as --role ROLE: the account is made, and an invitation email with a link to choose their own
    password goes through the outbox (the worker sends it). The link is printed too, for when email is not set up
    yet: pass it on only to that person. No one types a password for someone else."""
    try:
        user, link = self_service.invite_user(email, name or email.split("@")[0], role, partner)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    lasts = self_service.lifetime_in_words(self_service.INVITE)
    click.echo(f"Invited {user.email} as {user.role.label}. The invitation email is in the outbox.")
    click.echo(f"Their link (works once, for {lasts}): {link}")


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only load the demo data when the database has no accounts yet.")
def demo_command(if_empty):
    """Load clearly marked demo data: one account per role, and the records later parts add. Never in production."""
    from portal.demo import load_demo_data

    if not current_app.config["DEMO_DATA_ALLOWED"]:
        raise click.ClickException("Demo data is refused in production.")
    if if_empty and get_session().scalar(select(User.id).limit(1)) is not None:
        click.echo("The database already has accounts: demo data not loaded.")
        return
    summary = load_demo_data()
    click.echo("Demo data loaded: " + ", ".join(f"{count} {what}" for what, count in summary.items()) + ".")


@click.command("retention")
@with_appcontext
@click.option("--apply", is_flag=True, help="Act. Without it, only say what would be removed.")
def retention_command(apply):
    """Remove personal details of cases closed more than CASE_RETENTION_YEARS ago, and expired Tell us drafts."""
    from portal.retention import run_retention

    report = run_retention(apply=apply)
    click.echo(report.summary())
    if not apply:
        click.echo("This was a dry run. Run again with --apply to remove them.")


COMMANDS = [migrate_command, create_user_command, demo_command, retention_command]
