"""cases, their history, equality answers and Tell us drafts

Revision ID: 0002_cases
Revises: 0001_accounts
Create Date: 2026-11-26 15:31:55.458647
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_cases"
down_revision: str | None = "0001_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("tracking_code_hash", sa.String(length=200), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "complaint", "representation", "suggestion", "compliment", name="casekind", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column(
            "channel",
            sa.Enum("web", "phone", "in_person", name="channel", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledge_by", sa.Date(), nullable=False),
        sa.Column("told_by", sa.String(length=40), nullable=False),
        sa.Column("told_by_other", sa.String(length=100), nullable=True),
        sa.Column("young_person_agrees", sa.String(length=20), nullable=True),
        sa.Column("safe_now", sa.String(length=20), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("happened_when", sa.String(length=40), nullable=True),
        sa.Column("over_a_year_old", sa.Boolean(), nullable=False),
        sa.Column("wanted_outcome", sa.Text(), nullable=True),
        sa.Column("promise_id", sa.Integer(), nullable=True),
        sa.Column("advocate_wanted", sa.String(length=20), nullable=True),
        sa.Column("reply_route", sa.String(length=30), nullable=False),
        sa.Column("reply_email", sa.String(length=254), nullable=True),
        sa.Column("reply_phone", sa.String(length=30), nullable=True),
        sa.Column("reply_via_name", sa.String(length=100), nullable=True),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=100), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "received",
                "being_looked_at",
                "stage_1",
                "stage_2",
                "stage_3",
                "closed",
                name="casestatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("reply_by", sa.Date(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum("upheld", "partly_upheld", "not_upheld", "resolved", name="outcome", native_enum=False, length=40),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("reference", name=op.f("uq_cases_reference")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_cases_submission_key")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_received_at"), ["received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_urgent"), ["urgent"], unique=False)

    op.create_table(
        "equality_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("age_band", sa.String(length=40), nullable=True),
        sa.Column("gender", sa.String(length=40), nullable=True),
        sa.Column("ethnicity", sa.String(length=60), nullable=True),
        sa.Column("disability", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_equality_answers_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equality_answers")),
        sa.UniqueConstraint("case_id", name=op.f("uq_equality_answers_case_id")),
    )
    op.create_table(
        "tell_us_drafts",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_tell_us_drafts_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tell_us_drafts")),
    )
    with op.batch_alter_table("tell_us_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tell_us_drafts_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"], name=op.f("fk_case_events_by_user_id_users")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_events_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_case_id"))

    op.drop_table("case_events")
    with op.batch_alter_table("tell_us_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tell_us_drafts_updated_at"))

    op.drop_table("tell_us_drafts")
    op.drop_table("equality_answers")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_urgent"))
        batch_op.drop_index(batch_op.f("ix_cases_status"))
        batch_op.drop_index(batch_op.f("ix_cases_received_at"))

    op.drop_table("cases")
