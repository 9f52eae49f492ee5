"""/track is a conversation: what the young person writes on /track (young_persons_words, apart from the append-only
history so retention can remove it), the form's submission key on the history so a double tap makes one reply, and
when they last wrote unseen by an officer

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
    op.create_table(
        "young_persons_words",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_young_persons_words_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_young_persons_words")),
    )
    op.create_index(op.f("ix_young_persons_words_case_id"), "young_persons_words", ["case_id"], unique=False)
    # Plain ADD COLUMNs (no batch copy): SQLite keeps the tables, and PostgreSQL the history's append-only trigger.
    op.add_column("case_events", sa.Column("submission_key", sa.String(length=64), nullable=True))
    op.create_index("ix_case_events_submission_key", "case_events", ["submission_key"], unique=True)
    op.add_column("cases", sa.Column("young_person_replied_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_cases_young_person_replied_at", "cases", ["young_person_replied_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_young_person_replied_at", table_name="cases")
    op.drop_column("cases", "young_person_replied_at")
    op.drop_index("ix_case_events_submission_key", table_name="case_events")
    op.drop_column("case_events", "submission_key")
    op.drop_index(op.f("ix_young_persons_words_case_id"), table_name="young_persons_words")
    op.drop_table("young_persons_words")
