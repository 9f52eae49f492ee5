"""/track is a conversation: the young person's own words on a case's history (by_young_person, with the form's
submission key so a double tap makes one reply), and when they last wrote unseen by an officer

Revision ID: 0014_track_conversation
Revises: 0013_account_links
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_track_conversation"
down_revision: str | None = "0013_account_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch copy): SQLite keeps the table, and PostgreSQL its append-only trigger.
    op.add_column(
        "case_events", sa.Column("by_young_person", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("case_events", sa.Column("submission_key", sa.String(length=64), nullable=True))
    op.create_index("ix_case_events_submission_key", "case_events", ["submission_key"], unique=True)
    op.add_column("cases", sa.Column("young_person_replied_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("cases", "young_person_replied_at")
    op.drop_index("ix_case_events_submission_key", table_name="case_events")
    op.drop_column("case_events", "submission_key")
    op.drop_column("case_events", "by_young_person")
