"""The annual report's pages, downloads and command: who may see them, and that the page, the CSV and the PDF (read
back with pypdf) show the same figures; the young people's version, published by a manager, in plain words."""

import csv
import io
import re
from collections import Counter

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal.models import CaseLearning, PublishedReport
from tests.tell_us.test_reading_age import MAX_GRADE, grade, readable_text

URL = "/staff/reports/annual?year=2025-26"


def page_tables(page):
    """{table caption: {row label: [cells]}} as the page shows them."""
    tables = {}
    for table in page.html.select("main table"):
        caption = page.html.find(id=table["aria-labelledby"]).get_text(" ", strip=True)
        tables[caption] = {
            row.find("th").get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in row.find_all("td")]
            for row in table.select("tbody tr")
        }
    return tables


def as_shown(cell):
    """A CSV cell as a spreadsheet shows it: without the apostrophe that keeps "+7" from running as a formula."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def csv_tables(text):
    """The same shape from the CSV: {table: {row: [values in column order]}}."""
    tables = {}
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[1] == ["section", "table", "row", "column", "value"]
    for _section, table, row, _column, value in lines[2:]:
        if table == "You said, we did":
            continue
        tables.setdefault(table, {}).setdefault(as_shown(row), []).append(as_shown(value))
    return tables


@pytest.fixture
def manager(make_user, pages):
    email = make_user("manager")
    pages.sign_in(email)
    return email


def test_the_report_page_shows_the_known_year_with_its_as_of_time_and_charts(known_year, manager, pages):
    page = pages.get(URL)
    assert page.h1 == "Annual report on representations and complaints 2025-26"
    assert "Built from the records as they were on" in page.text()
    tables = page_tables(page)
    assert tables["Representations received, by kind"]["Compliments"] == ["fewer than 5", "0", "not shown"]
    assert tables["Complaints and representations at each stage"]["Stage 2"] == ["5", "0", "+5"]
    # The words people wrote, and lessons not written for publication, are never in the report.
    assert "social worker changed again" not in page.text()
    assert "names a carer" not in page.text()
    assert "We now tell you when your social worker changes." in page.text()
    # Every chart is an image with a title and a description, and is followed by its table.
    charts = page.html.select("main svg[role=img]")
    assert len(charts) >= 4
    for chart in charts:
        assert chart.find("title").get_text(strip=True) and chart.find("desc").get_text(strip=True)
        assert chart.find_parent("figure").find_next_sibling(class_="portal-table-scroll").find("table") is not None
    assert "no-store" in page.response.headers["Cache-Control"]


def test_a_complaints_officer_may_read_the_report_but_not_publish(known_year, make_user, pages):
    pages.sign_in(make_user("complaints_officer"))
    page = pages.get(URL)
    assert "Publish the version for young people" not in page.text()
    pages.post("/staff/reports/annual/2025-26/publish", expected_status=403)


@pytest.mark.parametrize("role", ["participation_officer", "partner_lead", "rma_member", "admin"])
def test_other_roles_cannot_read_the_report(role, make_user, pages):
    pages.sign_in(make_user(role))
    pages.get(URL, expected_status=403)
    pages.get("/staff/reports/annual/2025-26.csv", expected_status=403)


@pytest.mark.parametrize("year", ["2025", "2025-27", "junk", "2025-26x"])
def test_a_year_not_like_2025_26_is_a_404_in_the_portals_style(year, manager, pages):
    page = pages.get(f"/staff/reports/annual?year={year}", expected_status=404)
    assert page.h1
    pages.get(f"/staff/reports/annual/{year}.csv", expected_status=404)


def test_csv_and_pdf_from_the_command_hold_the_same_numbers_as_the_page(known_year, manager, pages, runner, tmp_path):
    shown = page_tables(pages.get(URL))

    result = runner.invoke(args=["annual-report", "2025-26", "--format", "csv", "--output", str(tmp_path / "r.csv")])
    assert result.exit_code == 0, result.output
    assert csv_tables((tmp_path / "r.csv").read_text(encoding="utf-8")) == shown

    result = runner.invoke(args=["annual-report", "2025-26", "--format", "pdf", "--output", str(tmp_path / "r.pdf")])
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "r.pdf")
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged: headings and tables for screen readers
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for caption in (
        "Representations received, by kind",
        "Complaints and representations at each stage",
        "Outcomes at each stage",
        "Who made the complaint",
        "Share of each stage's cases that went on to the next stage",
        "The year at a glance",
    ):
        for label, cells in shown[caption].items():
            assert f"{label} {' '.join(cells)}" in text, f"{caption}: {label} {cells} not in the PDF"

    result = runner.invoke(args=["annual-report", "2025-26", "--format", "html", "--output", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "fewer than 5" in (tmp_path / "r.html").read_text(encoding="utf-8")


def structure_elements(node):
    """Every structure element under node in a tagged PDF, depth first."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and kid.get("/Type") == "/StructElem":
            yield kid
            yield from structure_elements(kid)


def test_each_table_header_cell_in_the_pdf_says_what_it_heads(known_year, manager, pages):
    reader = PdfReader(io.BytesIO(pages.client.get("/staff/reports/annual/2025-26.pdf").data))
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    scopes = Counter()
    for element in structure_elements(root):
        if element["/S"] == "/TH":
            scope = element["/A"]["/Scope"]
            group = element["/P"].get_object()["/P"].get_object()["/S"]
            assert scope == ("/Column" if group == "/THead" else "/Row"), (scope, group)
            scopes[scope] += 1
    assert scopes["/Column"] > 20 and scopes["/Row"] > 50, scopes


def test_pdf_and_csv_downloads_from_the_page(known_year, manager, pages):
    response = pages.client.get("/staff/reports/annual/2025-26.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    response = pages.client.get("/staff/reports/annual/2025-26.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]


def test_the_command_refuses_a_year_not_like_2025_26(runner, app, tmp_path):
    result = runner.invoke(args=["annual-report", "2025", "--format", "csv", "--output", str(tmp_path / "r.csv")])
    assert result.exit_code != 0
    assert "2025-26" in result.output


def test_a_manager_publishes_the_young_peoples_version_in_plain_words(
    after_the_year, known_year, manager, pages, client
):
    pages.get("/reports/2025-26", expected_status=404)
    assert "There is nothing here yet" in pages.get("/reports").text()
    pages.post("/staff/reports/annual/2025-26/publish")
    listed = pages.get("/reports")
    assert listed.html.find("a", href="/reports/2025-26")
    pages.sign_out()
    page = pages.get("/reports/2025-26")
    told = [li.get_text(" ", strip=True) for li in page.html.select("main li")]
    # The known year: 21 received: 12 complaints (7 by young people), 6 representations, 3 compliments; 10 stage 1
    # answers, 5 on time.
    assert page.html.find(id="told-us-whole").get_text(strip=True) == "We got 21 messages in all. They were:"
    parts = [li.get_text(" ", strip=True) for li in page.html.select("#told-us-parts li")]
    # 6 representations are not shown: with 3 compliments, 6 would let a reader work the 3 out from the 21.
    assert parts == [
        "12 to say something went wrong",
        "Some to ask for a change (we keep this number private)",
        "Fewer than 5 to say thank you",
    ]
    assert "7 of the things that went wrong came from young people." in page.text()
    assert "This year we sent 10 first answers to messages about something wrong or a change." in page.text()
    assert "5 of these answers were on time." in page.text()
    assert "not shown" not in page.text()
    assert "We now tell you when your social worker changes." in told
    assert "social worker changed again" not in page.text()
    # How to tell us again.
    assert page.html.select_one("main a[href='/tell-us']").get_text(strip=True) == "Tell us something"
    print(f"\nreading grade: the young people's version {grade(page):.1f}, the list of years {grade(listed):.1f}")
    assert grade(page) <= MAX_GRADE, readable_text(page)
    assert grade(listed) <= MAX_GRADE


def test_the_young_peoples_version_says_each_change_once(after_the_year, known_year, db_session, manager, pages):
    """The same published action recorded on several cases (the demo gives one to every sixth closed case) is one
    line of "you said, we did", not one per case."""
    for made in known_year[2:9]:
        db_session.add(
            CaseLearning(case_id=made.id, kind="action", words="Your social worker visits more often.", publish=True)
        )
    db_session.commit()
    pages.post("/staff/reports/annual/2025-26/publish")
    pages.sign_out()
    told = [li.get_text(" ", strip=True) for li in pages.get("/reports/2025-26").html.select("main li")]
    assert told.count("Your social worker visits more often.") == 1
    assert told.count("We now tell you when your social worker changes.") == 1


def test_a_version_published_with_a_line_many_times_shows_it_once(
    after_the_year, known_year, db_session, manager, pages
):
    pages.post("/staff/reports/annual/2025-26/publish")
    published = db_session.scalar(select(PublishedReport))
    published.content = {**published.content, "changes": ["We listen more."] * 7}
    db_session.commit()
    told = [li.get_text(" ", strip=True) for li in pages.get("/reports/2025-26").html.select("main li")]
    assert told.count("We listen more.") == 1


def test_publishing_needs_the_form_token(known_year, manager, client):
    assert client.post("/staff/reports/annual/2025-26/publish").status_code == 400


def test_the_young_peoples_parts_add_up_to_the_whole(after_the_year, known_year, manager, pages):
    """'We got 21 messages in all' and then each kind: before, the 6 representations were left out, so 12 + fewer
    than 5 could never make 21."""
    pages.post("/staff/reports/annual/2025-26/publish")
    pages.sign_out()
    page = pages.get("/reports/2025-26")
    whole = int(re.search(r"We got (\d+) messages in all", page.text()).group(1))
    least = most = 0
    for part in page.html.select("#told-us-parts li"):
        text = part.get_text(" ", strip=True)
        if text.startswith("Fewer than 5"):
            least, most = least + 1, most + 4
        elif text.startswith("Some "):  # withheld, so that a small number cannot be worked out: 1 or more
            least, most = least + 1, most + whole
        else:
            number = int(text.split()[0])
            least, most = least + number, most + number
    assert least <= whole <= most, (least, whole, most)


def test_the_staff_report_lists_each_you_said_we_did_once(known_year, db_session, manager, pages):
    for made in known_year[2:9]:
        db_session.add(
            CaseLearning(case_id=made.id, kind="action", words="Your social worker visits more often.", publish=True)
        )
    db_session.commit()
    page = pages.get(URL)
    listed = [li.get_text(" ", strip=True) for li in page.html.select("#learning ~ ul li")]
    assert sum("Your social worker visits more often." in line for line in listed) == 1
    tables = page_tables(page)
    summary = tables["The year at a glance"]
    assert "Complaints and representations at stage 1" in summary and "Complaints at stage 1" not in summary


def test_a_year_not_ended_is_marked_and_its_young_peoples_version_waits(
    before_the_year_ends, known_year, manager, pages
):
    page = pages.get(URL)
    assert "This year has not ended" in page.text()
    assert not page.html.find("form", action="/staff/reports/annual/2025-26/publish")
    pages.post("/staff/reports/annual/2025-26/publish")
    assert "can be published once 2025-26 has ended" in pages.get(URL).text()
    pages.get("/reports/2025-26", expected_status=404)


def test_a_year_that_has_not_started_has_no_report(before_the_year_ends, known_year, manager, pages):
    for path in (
        "/staff/reports/annual?year=2026-27",
        "/staff/reports/annual/2026-27.csv",
        "/staff/reports/annual/2030-31.pdf",
    ):
        pages.get(path, expected_status=404)
    pages.post("/staff/reports/annual/2026-27/publish", expected_status=404)
