"""The annual report counts the language of the pages young people used to tell us (issue 24): a split of everything
received, suppressed with the whole report, and those who asked for an interpreter, a count of its own; the page, the
PDF and CSV (built from the same tables) and the exact figures carry it."""

import pytest
from sqlalchemy import select

from portal.clock import Year
from portal.models import Case, Channel
from portal.reports.outputs import report_csv
from portal.reports.services import build_report
from tests.reports.conftest import AS_OF

YEAR = Year(2025)


@pytest.fixture
def told_in_languages(app, known_year, db_session):
    """The known year's 21 cases: complaints 1-6 on Dari pages (1-3 asking for a Pashto interpreter), 7-8 on Arabic
    pages, the 6 representations recorded by staff from phone calls, the other 7 on English pages (told on the
    website before the pages had other languages). Last year's 5: English, the same way."""
    cases = {case.reference: case for case in db_session.scalars(select(Case))}
    for number in range(1, 9):
        case = cases[f"TU-KNWN-{number:02d}"]
        case.page_language = "fa-AF" if number <= 6 else "ar"
        if number <= 3:
            case.interpreter_needed, case.language = True, "Pashto"
    for number in range(13, 19):
        cases[f"TU-KNWN-{number:02d}"].channel = Channel.PHONE
    db_session.commit()


def rows(report):
    return {row[0]: row[1:] for row in report.table("languages").rows}


def test_the_report_counts_each_language_suppressed_with_the_whole_report(app, told_in_languages):
    with app.app_context():
        report = build_report(YEAR, AS_OF)
        exact = build_report(YEAR, AS_OF, exact=True)
    table = report.table("languages")
    assert table.caption == "Language of the pages young people used to tell us"
    got = rows(report)
    assert list(got)[:3] == ["English", "Dari", "Pashto"]
    assert got["English"] == ["7", "5", "+2"]
    assert got["Arabic"][0] == "fewer than 5"  # 2
    assert got["Total"] == ["21", "5", "+16"]
    assert got["Asked for an interpreter"][0] == "fewer than 5"  # 3, linked to nothing
    # 2 hidden beside the total: another of the split is hidden too, so the 2 cannot be worked out.
    assert got["Dari"][0] == "not shown"  # 6, the smallest other cell of the split
    split = [cells[0] for label, cells in got.items() if label not in ("Total", "Asked for an interpreter")]
    assert split.count("not shown") == 1
    assert "Languages no longer offered" not in got  # none: no row of 0s
    assert {label: cells[0] for label, cells in rows(exact).items()} == {
        "English": "7",
        "Dari": "6",
        "Pashto": "0",
        "Farsi": "0",
        "Arabic": "2",
        "Tigrinya": "0",
        "Albanian": "0",
        "Vietnamese": "0",
        "Sorani Kurdish": "0",
        "Recorded by staff": "6",
        "Total": "21",
        "Asked for an interpreter": "3",
    }


def test_the_csv_and_the_exact_figures_carry_the_language_table(app, told_in_languages):
    with app.test_request_context():
        published = report_csv(build_report(YEAR, AS_OF))
        exact = report_csv(build_report(YEAR, AS_OF, exact=True))
    caption = "Language of the pages young people used to tell us"
    assert f"{caption},Arabic,2025-26,fewer than 5" in published
    assert f"{caption},Arabic,2025-26,2" in exact
    assert f"{caption},Asked for an interpreter,2025-26,3" in exact
