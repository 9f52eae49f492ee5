"""What young people said shapes the Pledge: a promise in a version, and a suggested change, can say what it answers
(a promise's evidence, or a theme or service area complaints raise with no promise cited) and why, in one sentence

Revision ID: 0015_you_said
Revises: 0014_track_conversation
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_you_said"
down_revision: str | None = "0014_track_conversation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("version_promises", "amendments")
TARGETS = (("promise", "promises"), ("theme", "themes"), ("area", "service_areas"))


def upgrade() -> None:
    for table in TABLES:
        # A batch copy on SQLite (it cannot add a foreign key to a table in place); plain ALTERs on PostgreSQL.
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, target in TARGETS:
                batch_op.add_column(sa.Column(f"answers_{name}_id", sa.Integer(), nullable=True))
                batch_op.create_foreign_key(
                    op.f(f"fk_{table}_answers_{name}_id_{target}"), target, [f"answers_{name}_id"], ["id"]
                )
            batch_op.add_column(sa.Column("you_said", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("you_said")
            for name, target in TARGETS:
                batch_op.drop_constraint(op.f(f"fk_{table}_answers_{name}_id_{target}"), type_="foreignkey")
                batch_op.drop_column(f"answers_{name}_id")
