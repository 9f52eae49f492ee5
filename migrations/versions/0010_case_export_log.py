"""case export log: every CSV export of cases (who, filters, rows, contact details), append-only

Revision ID: 0010_case_export_log
Revises: 0009_user_sessions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_case_export_log"
down_revision: str | None = "0009_user_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_export_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filters", sa.Text(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("contact_rows", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_case_export_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_export_log")),
    )
    with op.batch_alter_table("case_export_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_export_log_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_export_log_at"), ["at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # The same trigger function as case_events and case_access_log (migrations 0003_safety, 0005_triage).
        op.execute(
            "CREATE TRIGGER case_export_log_append_only BEFORE UPDATE OR DELETE ON case_export_log "
            "FOR EACH ROW EXECUTE FUNCTION refuse_history_change()"
        )
        op.execute(
            "CREATE TRIGGER case_export_log_no_truncate BEFORE TRUNCATE ON case_export_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS case_export_log_no_truncate ON case_export_log")
        op.execute("DROP TRIGGER IF EXISTS case_export_log_append_only ON case_export_log")
    op.drop_table("case_export_log")
