"""triage: stages, pauses, safeguarding, themes, learning, access log, search

Revision ID: 0005_triage
Revises: 0004_pledge
Create Date: 2026-11-27 17:29:35.094265
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_triage"
down_revision: str | None = "0004_pledge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "service_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_areas")),
        sa.UniqueConstraint("name", name=op.f("uq_service_areas_name")),
    )
    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
        sa.UniqueConstraint("name", name=op.f("uq_themes_name")),
    )
    op.create_table(
        "case_access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("what", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_access_log_case_id_cases")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_case_access_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_access_log")),
    )
    with op.batch_alter_table("case_access_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_access_log_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_learning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("publish", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_learning_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_learning")),
    )
    with op.batch_alter_table("case_learning", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_learning_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reason_kind", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_pauses_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_pauses")),
    )
    with op.batch_alter_table("case_pauses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_pauses_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_service_areas",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("service_area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_service_areas_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["service_area_id"], ["service_areas.id"], name=op.f("fk_case_service_areas_service_area_id_service_areas")
        ),
        sa.PrimaryKeyConstraint("case_id", "service_area_id", name=op.f("pk_case_service_areas")),
    )
    op.create_table(
        "case_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=True),
        sa.Column("late_request", sa.Boolean(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("extended_to", sa.Integer(), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("investigating_officer", sa.String(length=200), nullable=True),
        sa.Column("independent_person", sa.String(length=200), nullable=True),
        sa.Column("panel_on", sa.Date(), nullable=True),
        sa.Column("report_on", sa.Date(), nullable=True),
        sa.Column("responded_on", sa.Date(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "upheld",
                "partly_upheld",
                "not_upheld",
                "resolved",
                "withdrawn",
                name="outcome",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_stages_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_stages")),
        sa.UniqueConstraint("case_id", "number", name="uq_case_stages_case_id_number"),
    )
    op.create_table(
        "case_themes",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_themes_case_id_cases")),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], name=op.f("fk_case_themes_theme_id_themes")),
        sa.PrimaryKeyConstraint("case_id", "theme_id", name=op.f("pk_case_themes")),
    )
    with op.batch_alter_table("case_themes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_themes_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "complaint_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "upheld",
                "partly_upheld",
                "not_upheld",
                "resolved",
                "withdrawn",
                name="outcome",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_complaint_points_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_points")),
    )
    with op.batch_alter_table("complaint_points", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_points_case_id"), ["case_id"], unique=False)

    op.create_table(
        "safeguarding_referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("referred_by_id", sa.Integer(), nullable=False),
        sa.Column("referred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("referred_to", sa.String(length=200), nullable=False),
        sa.Column("their_reference", sa.String(length=100), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_safeguarding_referrals_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["referred_by_id"], ["users.id"], name=op.f("fk_safeguarding_referrals_referred_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safeguarding_referrals")),
    )
    with op.batch_alter_table("safeguarding_referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_safeguarding_referrals_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("changes", sa.JSON(), nullable=True))

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("assigned_to_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("safeguarding", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("advocacy_requested_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("advocacy_referred_to", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("advocacy_referred_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("advocacy_provided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ombudsman_referred_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ombudsman_decided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ombudsman_decision", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("ombudsman_remedy", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("next_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("queue_rank", sa.SmallInteger(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("queue_due_on", sa.Date(), nullable=False, server_default="9999-12-31"))
        batch_op.create_index(
            "ix_cases_officer_queue", ["assigned_to_id", "queue_rank", "queue_due_on", "id"], unique=False
        )
        batch_op.create_index("ix_cases_queue", ["queue_rank", "queue_due_on", "id"], unique=False)
        batch_op.create_index("ix_cases_status_queue", ["status", "queue_rank", "queue_due_on", "id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_cases_assigned_to_id_users"), "users", ["assigned_to_id"], ["id"])

    # Cases already sent: their queue position from what they have (the app recomputes it on their next save).
    op.execute(
        "UPDATE cases SET queue_rank = CASE WHEN status = 'closed' THEN 2 WHEN urgent THEN 0 ELSE 1 END, "
        "next_due_on = CASE WHEN status = 'closed' THEN NULL WHEN status IN ('received', 'being_looked_at') "
        "THEN acknowledge_by ELSE reply_by END"
    )
    op.execute("UPDATE cases SET queue_due_on = next_due_on WHERE next_due_on IS NOT NULL")
    op.execute("UPDATE cases SET queue_due_on = acknowledge_by WHERE status = 'closed'")
    create_full_text_search()
    refuse_changes_to_access_log()
    seed_lists()


# A frozen copy of portal.triage.lists at the time of this migration: admins change the lists from here on.
SERVICE_AREAS = (
    "Placements and fostering",
    "Residential care",
    "Social work",
    "Leaving care",
    "Education (Virtual School)",
    "Health",
    "Housing",
    "Independent reviewing",
    "Contact with family",
    "Finance and allowances",
)
THEMES = (
    ("Placement", "service_quality"),
    ("Contact with family", "practice"),
    ("Social worker changes", "practice"),
    ("Education", "service_quality"),
    ("Health", "service_quality"),
    ("Leaving care", "service_quality"),
    ("Money and allowances", "service_quality"),
    ("Respect and dignity", "practice"),
    ("Communication", "practice"),
    ("Delay", "service_quality"),
    ("Not listened to", "practice"),
    ("Plans and reviews", "practice"),
)


def seed_lists():
    areas = sa.table("service_areas", sa.column("name", sa.String), sa.column("active", sa.Boolean))
    themes = sa.table(
        "themes", sa.column("name", sa.String), sa.column("kind", sa.String), sa.column("active", sa.Boolean)
    )
    op.bulk_insert(areas, [{"name": name, "active": True} for name in SERVICE_AREAS])
    op.bulk_insert(themes, [{"name": name, "kind": kind, "active": True} for name, kind in THEMES])


def refuse_changes_to_access_log():
    """On PostgreSQL the access log, like the case history, cannot be changed or deleted even by hand-written SQL:
    the same trigger function as case_events (migration 0003_safety)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TRIGGER case_access_log_append_only BEFORE UPDATE OR DELETE ON case_access_log "
        "FOR EACH ROW EXECUTE FUNCTION refuse_history_change()"
    )
    op.execute(
        "CREATE TRIGGER case_access_log_no_truncate BEFORE TRUNCATE ON case_access_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()"
    )


def create_full_text_search():
    """Search over the words uses the database's own full-text index, never LIKE over every row. PostgreSQL: a
    generated tsvector column (always in step, written by the database) with a GIN index. SQLite: an FTS5 table over
    cases.words, kept in step by triggers. Neither is described by the models (see models.triage.include_name)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE cases ADD COLUMN search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', coalesce(words, ''))) STORED"
        )
        op.execute("CREATE INDEX ix_cases_search_vector ON cases USING gin (search_vector)")
        return
    op.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS cases_fts USING fts5("
        "words, content='cases', content_rowid='id', tokenize='porter unicode61')"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS cases_fts_insert AFTER INSERT ON cases BEGIN "
        "INSERT INTO cases_fts(rowid, words) VALUES (new.id, new.words); END"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS cases_fts_delete AFTER DELETE ON cases BEGIN "
        "INSERT INTO cases_fts(cases_fts, rowid, words) VALUES ('delete', old.id, old.words); END"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS cases_fts_update AFTER UPDATE OF words ON cases BEGIN "
        "INSERT INTO cases_fts(cases_fts, rowid, words) VALUES ('delete', old.id, old.words); "
        "INSERT INTO cases_fts(rowid, words) VALUES (new.id, new.words); END"
    )
    op.execute("INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')")


def drop_full_text_search():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_cases_search_vector")
        op.execute("ALTER TABLE cases DROP COLUMN IF EXISTS search_vector")
        return
    for trigger in ("cases_fts_insert", "cases_fts_delete", "cases_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS cases_fts")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS case_access_log_no_truncate ON case_access_log")
        op.execute("DROP TRIGGER IF EXISTS case_access_log_append_only ON case_access_log")
    drop_full_text_search()
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_cases_assigned_to_id_users"), type_="foreignkey")
        batch_op.drop_index("ix_cases_status_queue")
        batch_op.drop_index("ix_cases_queue")
        batch_op.drop_index("ix_cases_officer_queue")
        batch_op.drop_column("queue_due_on")
        batch_op.drop_column("queue_rank")
        batch_op.drop_column("next_due_on")
        batch_op.drop_column("ombudsman_remedy")
        batch_op.drop_column("ombudsman_decision")
        batch_op.drop_column("ombudsman_decided_on")
        batch_op.drop_column("ombudsman_referred_on")
        batch_op.drop_column("advocacy_provided_on")
        batch_op.drop_column("advocacy_referred_on")
        batch_op.drop_column("advocacy_referred_to")
        batch_op.drop_column("advocacy_requested_on")
        batch_op.drop_column("safeguarding")
        batch_op.drop_column("closed_on")
        batch_op.drop_column("acknowledged_on")
        batch_op.drop_column("assigned_to_id")
        batch_op.drop_column("changed_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_column("changes")

    with op.batch_alter_table("safeguarding_referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safeguarding_referrals_case_id"))

    op.drop_table("safeguarding_referrals")
    with op.batch_alter_table("complaint_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_points_case_id"))

    op.drop_table("complaint_points")
    with op.batch_alter_table("case_themes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_themes_theme_id"))

    op.drop_table("case_themes")
    op.drop_table("case_stages")
    op.drop_table("case_service_areas")
    with op.batch_alter_table("case_pauses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_pauses_case_id"))

    op.drop_table("case_pauses")
    with op.batch_alter_table("case_learning", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_learning_case_id"))

    op.drop_table("case_learning")
    with op.batch_alter_table("case_access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_access_log_case_id"))

    op.drop_table("case_access_log")
    op.drop_table("themes")
    op.drop_table("service_areas")
