"""the queue breaks a tie on due date by when each case was received, so its indexes carry received_at

Revision ID: 0008_queue_received_order
Revises: 0007_report
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_queue_received_order"
down_revision: str | None = "0007_report"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUE_INDEXES = {
    "ix_cases_queue": [],
    "ix_cases_officer_queue": ["assigned_to_id"],
    "ix_cases_status_queue": ["status"],
}


def _recreate(with_received):
    # Plain DROP and CREATE INDEX (no batch table copy on SQLite, which would lose the cases table's triggers).
    order = ["queue_rank", "queue_due_on", *(["received_at"] if with_received else []), "id"]
    for name, leading in QUEUE_INDEXES.items():
        op.drop_index(name, table_name="cases")
        op.create_index(name, "cases", [*leading, *order], unique=False)


def upgrade() -> None:
    _recreate(with_received=True)


def downgrade() -> None:
    _recreate(with_received=False)
