"""flask --app wsgi digest | monthly-summary | generate-cases (registered in portal/cli.py)."""

import random
from datetime import UTC, datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import insert, select

from portal.cases.deadlines import NO_DATE, RANK_CLOSED, RANK_OPEN, RANK_UNSAFE_UNSEEN
from portal.clock import london_today
from portal.db import get_session
from portal.models import Case, CaseKind, CaseStatus, Channel, Role, User
from portal.triage import notify


@click.command("digest")
@with_appcontext
def digest_command():
    """Email each officer their overdue cases and those due within 3 working days (run once a day)."""
    sent = notify.send_digests()
    click.echo(f"Sent {sent} digest emails to the outbox; the worker delivers them.")


@click.command("monthly-summary")
@with_appcontext
@click.option("--month", help="YYYY-MM; the month before this one if not given.")
def monthly_summary_command(month):
    """Email senior managers the month's counts: received, urgent, overdue, themes, escalations."""
    if month:
        try:
            first_day = datetime.strptime(month, "%Y-%m").date()
        except ValueError:
            raise click.BadParameter("use YYYY-MM, like 2026-10", param_hint="--month") from None
    else:
        first_day = (london_today().replace(day=1) - timedelta(days=1)).replace(day=1)
    sent, counts = notify.send_monthly_summary(first_day)
    click.echo(f"Sent the summary for {first_day:%B %Y} to the outbox for {sent} addresses: {counts}")


WORDS = [
    "social",
    "worker",
    "placement",
    "contact",
    "family",
    "brother",
    "sister",
    "school",
    "college",
    "money",
    "allowance",
    "pocket",
    "review",
    "meeting",
    "foster",
    "carer",
    "housing",
    "flat",
    "dentist",
    "doctor",
    "health",
    "advocate",
    "phone",
    "visit",
    "weekend",
    "holiday",
    "bus",
    "pass",
    "laptop",
    "room",
    "moved",
    "changed",
    "cancelled",
    "late",
    "ignored",
    "listened",
    "respect",
    "privacy",
    "bullying",
    "food",
    "clothes",
    "birthday",
    "court",
    "police",
]
# About one case in a thousand mentions one of these (each word 1 in 5,000): like a name or a place in real cases.
RARE_WORDS = ("trampoline", "saxophone", "allotment", "caravan", "hamster")
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"


def _reference(number):
    characters = []
    for _ in range(6):
        number, digit = divmod(number, len(ALPHABET))
        characters.append(ALPHABET[digit])
    return f"GN-{''.join(characters[:4])}-{''.join(characters[4:])}"


@click.command("generate-cases")
@with_appcontext
@click.argument("count", type=int)
@click.option("--seed", default=1989, help="The same seed makes the same cases.")
def generate_cases_command(count, seed):
    """Bulk-generate COUNT made-up cases for benchmarks (references GN-...). Refused in production."""
    if not current_app.config["DEMO_DATA_ALLOWED"]:
        raise click.ClickException("Generated cases are refused in production.")
    added = generate_cases(count, seed)
    click.echo(f"Generated {added} cases.")


def generate_cases(count, seed=1989, batch=5000):
    """Insert count cases straight through the table (no ORM objects: a million would not fit in memory), with
    their queue fields set the way portal.cases.deadlines would. Returns how many."""
    rng = random.Random(seed)  # noqa: S311 - made-up data
    db = get_session()
    officers = db.scalars(select(User.id).where(User.role.in_((Role.COMPLAINTS_OFFICER, Role.MANAGER)))).all()
    start_number = db.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 0
    today = london_today()
    table = Case.__table__
    made = 0
    while made < count:
        rows = []
        for i in range(min(batch, count - made)):
            number = start_number + made + i + 1
            received = datetime.now(UTC) - timedelta(days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 1440))
            closed = rng.random() < 0.85
            urgent = rng.random() < 0.03
            due = None if closed else today + timedelta(days=rng.randint(-15, 30))
            closed_on = received.date() + timedelta(days=rng.randint(5, 60)) if closed else None
            # Generated cases are never acknowledged, so an urgent open one is not yet seen (queue_rank's rule).
            rank = RANK_CLOSED if closed else (RANK_UNSAFE_UNSEEN if urgent else RANK_OPEN)
            rows.append(
                {
                    "reference": _reference(number),
                    "tracking_code_hash": "generated",
                    "kind": rng.choice(list(CaseKind)).value,
                    "channel": Channel.WEB.value,
                    "received_at": received,
                    "acknowledge_by": received.date() + timedelta(days=2),
                    "told_by": "young_person",
                    "safe_now": "no" if urgent else "yes",
                    "urgent": urgent,
                    "words": " ".join(rng.choices(WORDS, k=rng.randint(6, 30)))
                    + (f" {rng.choice(RARE_WORDS)}" if rng.random() < 0.001 else ""),
                    "over_a_year_old": False,
                    "reply_route": "none",
                    "interpreter_needed": False,
                    "status": CaseStatus.CLOSED.value
                    if closed
                    else rng.choice([CaseStatus.RECEIVED, CaseStatus.STAGE_1, CaseStatus.STAGE_2]).value,
                    "version": 1,
                    "safeguarding": False,
                    "assigned_to_id": rng.choice(officers) if officers and rng.random() < 0.9 else None,
                    "next_due_on": due,
                    "queue_rank": rank,
                    "queue_due_on": due or closed_on or NO_DATE,
                    "closed_on": closed_on,
                }
            )
        db.execute(insert(table), rows)
        db.commit()
        made += len(rows)
    return made


COMMANDS = [digest_command, monthly_summary_command, generate_cases_command]
