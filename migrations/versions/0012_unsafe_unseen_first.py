"""the queue puts a young person who is not safe and not yet seen first (queue_rank 0 not safe and not yet seen, 1
urgent, 2 open, 3 closed), and a closed case is never still paused

Revision ID: 0012_unsafe_unseen_first
Revises: 0011_outbox
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0012_unsafe_unseen_first"
down_revision: str | None = "0011_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

case_events = sa.table(
    "case_events",
    sa.column("case_id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("kind", sa.String),
    sa.column("summary", sa.Text),
    sa.column("shared", sa.Boolean),
    sa.column("by_user_id", sa.Integer),
    sa.column("changes", sa.JSON),
)


def upgrade() -> None:
    # The same ranks portal.cases.deadlines.queue_rank gives, worked out here in SQL: every rank moves down one, then
    # the urgent cases nobody has acknowledged (rank 1 now: urgent, not with safeguarding, not closed) go to 0.
    # The queue indexes lead with queue_rank, so they keep serving the same order.
    op.execute("UPDATE cases SET queue_rank = queue_rank + 1")
    op.execute("UPDATE cases SET queue_rank = 0 WHERE queue_rank = 1 AND acknowledged_on IS NULL")
    if op.get_bind().dialect.name == "postgresql":
        # (SQLite would copy the whole table to change a default, losing its triggers; the flush listener sets
        # the rank of every case saved through the models, so the default is only for hand-written inserts.)
        op.execute("ALTER TABLE cases ALTER COLUMN queue_rank SET DEFAULT 2")
    _end_pauses_of_closed_cases()


def _end_pauses_of_closed_cases():
    """Closing now ends a running pause; cases closed before that still show "Closed" and "Paused" at once. End
    each such pause the day its case closed (never before it began), and say so in the case's history."""
    connection = op.get_bind()
    running = connection.execute(
        sa.text(
            "SELECT case_pauses.id, case_pauses.case_id, case_pauses.started_on, cases.closed_on "
            "FROM case_pauses JOIN cases ON cases.id = case_pauses.case_id "
            "WHERE case_pauses.ended_on IS NULL AND cases.status = 'closed'"
        )
    ).all()
    events = []
    for pause_id, case_id, started_on, closed_on in running:
        started_on = _day(started_on)
        ended_on = max(started_on, _day(closed_on) or started_on)
        connection.execute(
            sa.text("UPDATE case_pauses SET ended_on = :ended_on WHERE id = :id"),
            {"ended_on": ended_on, "id": pause_id},
        )
        events.append(
            {
                "case_id": case_id,
                "at": datetime.now(UTC),
                "kind": "pause_ended",
                "summary": "The pause ended because the case was closed.",
                "shared": False,
                "by_user_id": None,
                "changes": {"ended_on": [None, ended_on.isoformat()]},
            }
        )
    if events:
        op.bulk_insert(case_events, events)


def _day(value):
    # SQLite hands back dates as text from a raw query.
    if value is None or hasattr(value, "isoformat"):
        return value
    return datetime.strptime(value, "%Y-%m-%d").date()


def downgrade() -> None:
    # Not safe and not yet seen folds back into urgent; the pauses that closing ended stay ended, as the history says.
    op.execute("UPDATE cases SET queue_rank = CASE WHEN queue_rank = 0 THEN 0 ELSE queue_rank - 1 END")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE cases ALTER COLUMN queue_rank SET DEFAULT 1")
