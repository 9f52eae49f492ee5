"""safety: limit counters, second factor and session version for staff, recovery codes, security events, and a
PostgreSQL trigger that refuses to change or delete history

Revision ID: 0003_safety
Revises: 0002_cases
Create Date: 2026-11-27 17:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_safety"
down_revision: str | None = "0002_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables whose rows may be added but never changed or deleted. One trigger per table, one function for all.
APPEND_ONLY_TABLES = ("case_events", "security_events")

REFUSE_HISTORY_CHANGE = """
CREATE OR REPLACE FUNCTION refuse_history_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% on %: history is append-only and cannot be changed or deleted', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def upgrade() -> None:
    op.create_table(
        "limit_counters",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("window_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_limit_counters")),
    )
    op.create_index(op.f("ix_limit_counters_window_ends_at"), "limit_counters", ["window_ends_at"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))

    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=200), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"], unique=False)

    op.create_table(
        "security_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("about_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["about_user_id"], ["users.id"], name=op.f("fk_security_events_about_user_id_users")),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"], name=op.f("fk_security_events_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_events")),
    )
    op.create_index(op.f("ix_security_events_about_user_id"), "security_events", ["about_user_id"], unique=False)
    op.create_index(op.f("ix_security_events_at"), "security_events", ["at"], unique=False)

    # On PostgreSQL the database itself refuses UPDATE, DELETE and TRUNCATE on history: a bug or a hand-written
    # statement cannot rewrite it. SQLite keeps the application's rule (portal.models.cases).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(REFUSE_HISTORY_CHANGE)
        for table in APPEND_ONLY_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_history_change()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS refuse_history_change()")
    op.drop_index(op.f("ix_security_events_at"), table_name="security_events")
    op.drop_index(op.f("ix_security_events_about_user_id"), table_name="security_events")
    op.drop_table("security_events")
    op.drop_index(op.f("ix_recovery_codes_user_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_confirmed_at")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("session_version")
    op.drop_index(op.f("ix_limit_counters_window_ends_at"), table_name="limit_counters")
    op.drop_table("limit_counters")
