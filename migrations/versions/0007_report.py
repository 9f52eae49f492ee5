"""the annual report: each stage's due date and working days taken (backfilled), and published young people's versions

Revision ID: 0007_report
Revises: 0006_monitoring
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_report"
down_revision: str | None = "0006_monitoring"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "published_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year_start", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["users.id"], name=op.f("fk_published_reports_published_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_reports")),
        sa.UniqueConstraint("year_start", name=op.f("uq_published_reports_year_start")),
    )
    # Plain ADD COLUMN (no table copy on SQLite): case_stages has no triggers to lose, but keep it simple anyway.
    op.add_column("case_stages", sa.Column("due_on", sa.Date(), nullable=True))
    op.add_column("case_stages", sa.Column("working_days_taken", sa.Integer(), nullable=True))
    backfill_stage_timeliness()
    # The annual report counts a year's cases from this index alone (portal.models.reports.REPORT_COLUMNS).
    op.create_index(
        "ix_cases_report",
        "cases",
        [
            "received_at",
            "kind",
            "told_by",
            "urgent",
            "safeguarding",
            "promise_id",
            "acknowledged_on",
            "acknowledge_by",
            "advocate_wanted",
            "advocacy_requested_on",
            "advocacy_provided_on",
            "ombudsman_referred_on",
            "ombudsman_decided_on",
            "id",
        ],
    )


def backfill_stage_timeliness():
    """Work out due dates and working days taken for stages already recorded, the way portal.cases.deadlines does
    from now on. Case by case, in batches: stages are few (generated bench cases have none until the bench adds them
    with the columns set)."""
    from portal.cases.deadlines import (
        COUNCIL_RESPONDS,
        PANEL_MEETS,
        PANEL_REPORTS,
        STANDARD_DAYS,
    )
    from portal.working_days import add_working_days, working_days_between

    bind = op.get_bind()
    stages = sa.table(
        "case_stages",
        sa.column("id", sa.Integer),
        sa.column("case_id", sa.Integer),
        sa.column("number", sa.Integer),
        sa.column("requested_on", sa.Date),
        sa.column("started_on", sa.Date),
        sa.column("extended_to", sa.Integer),
        sa.column("panel_on", sa.Date),
        sa.column("report_on", sa.Date),
        sa.column("responded_on", sa.Date),
        sa.column("due_on", sa.Date),
        sa.column("working_days_taken", sa.Integer),
    )
    pauses = sa.table(
        "case_pauses",
        sa.column("case_id", sa.Integer),
        sa.column("started_on", sa.Date),
        sa.column("ended_on", sa.Date),
    )
    paused = defaultdict(list)
    for case_id, first, last in bind.execute(sa.select(pauses.c.case_id, pauses.c.started_on, pauses.c.ended_on)):
        paused[case_id].append((first, last))
    for row in bind.execute(sa.select(stages)).mappings().all():
        ranges = paused.get(row["case_id"], [])
        if row["number"] == 3:
            start = row["requested_on"]
            due = None
            if start:
                meet = row["panel_on"] or add_working_days(start, PANEL_MEETS, ranges)
                report = row["report_on"] or (add_working_days(meet, PANEL_REPORTS, ranges) if meet else None)
                due = add_working_days(report, COUNCIL_RESPONDS, ranges) if report else None
        else:
            start = row["started_on"]
            limit = row["extended_to"] or STANDARD_DAYS[row["number"]]
            due = add_working_days(start, limit, ranges) if start else None
        taken = working_days_between(start, row["responded_on"], ranges) if start and row["responded_on"] else None
        bind.execute(stages.update().where(stages.c.id == row["id"]).values(due_on=due, working_days_taken=taken))


def downgrade() -> None:
    op.drop_index("ix_cases_report", table_name="cases")
    with op.batch_alter_table("case_stages", schema=None) as batch_op:
        batch_op.drop_column("working_days_taken")
        batch_op.drop_column("due_on")
    op.drop_table("published_reports")
