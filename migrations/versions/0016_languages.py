"""Languages: the language of the pages a young person used to tell us (on the case), translations of each promise's
words stored against the version they translate, and the interface languages a fluent reader has checked

Revision ID: 0016_languages
Revises: 0015_you_said
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_languages"
down_revision: str | None = "0015_you_said"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy): SQLite keeps the table as it is.
    op.add_column("cases", sa.Column("page_language", sa.String(length=16), nullable=True))
    op.create_index("ix_cases_page_language", "cases", ["page_language"], unique=False)
    op.create_table(
        "promise_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_promise_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("plain_line", sa.Text(), nullable=False),
        sa.Column("source_digest", sa.String(length=64), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_promise_id"],
            ["version_promises.id"],
            name=op.f("fk_promise_translations_version_promise_id_version_promises"),
        ),
        sa.ForeignKeyConstraint(["made_by_id"], ["users.id"], name=op.f("fk_promise_translations_made_by_id_users")),
        sa.ForeignKeyConstraint(
            ["checked_by_id"], ["users.id"], name=op.f("fk_promise_translations_checked_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promise_translations")),
        sa.UniqueConstraint("version_promise_id", "language", name=op.f("uq_promise_translations_version_promise_id")),
    )
    op.create_index(op.f("ix_promise_translations_version_promise_id"), "promise_translations", ["version_promise_id"])
    op.create_table(
        "language_checks",
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["checked_by_id"], ["users.id"], name=op.f("fk_language_checks_checked_by_id_users")),
        sa.PrimaryKeyConstraint("language", name=op.f("pk_language_checks")),
    )


def downgrade() -> None:
    op.drop_table("language_checks")
    op.drop_index(op.f("ix_promise_translations_version_promise_id"), table_name="promise_translations")
    op.drop_table("promise_translations")
    op.drop_index("ix_cases_page_language", table_name="cases")
    op.drop_column("cases", "page_language")
