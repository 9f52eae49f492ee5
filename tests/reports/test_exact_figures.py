"""The exact figures for the people who manage complaints: every count unsuppressed, as a CSV for managers only,
marked "Not for publication" on every line and in its name, each download in the security log; never on the
published pages, the PDF or the young people's version."""

import csv
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal.models import CaseStage, Outcome, SecurityEvent, User
from tests.triage.conftest import new_case

EXACT = "/staff/reports/annual/2025-26/exact-figures.csv"
MARK = "Not for publication"


@pytest.fixture
def manager(make_user, pages):
    email = make_user("manager")
    pages.sign_in(email)
    return email


def exact_rows(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def value(rows, table, row, column):
    return next(line[5] for line in rows if line[2:5] == [table, row, column])


def test_a_manager_downloads_the_exact_figures_marked_not_for_publication(known_year, manager, pages, db_session):
    response = pages.client.get(EXACT)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert "attachment" in disposition and "NOT-FOR-PUBLICATION" in disposition and "2025-26" in disposition
    assert "no-store" in response.headers["Cache-Control"]
    rows = exact_rows(response)
    assert rows[0][0] == MARK and "Do not publish" in rows[0][1]
    assert all(row[0] == MARK for row in rows), "every line carries the mark, so every printed page does"
    # The published report says "fewer than 5" compliments (3) and hides last year's; these are the real numbers.
    assert value(rows, "Representations received, by kind", "Compliments", "2025-26") == "3"
    assert value(rows, "Representations received, by kind", "Complaints", "2024-25") == "5"
    assert value(rows, "Who made the complaint", "A parent", "Complaints") == "5"
    assert not any("fewer than 5" in cell or "not shown" in cell for row in rows for cell in row)


STAGES = "Complaints and representations at each stage"
RESPONSES = "Responses sent in the year, against each statutory limit (agreed extensions and pauses counted)"
ESCALATION = "Share of each stage's cases that went on to the next stage"
STAGE_1 = "Stage 1 response (10 working days, up to 20 if agreed)"


def test_a_response_is_counted_in_the_year_it_was_sent(known_year, manager, pages, db_session):
    """A complaint received on 24 March 2025 (2024-25), its stage 1 answered on 3 April 2025 (2025-26): the stage is
    2024-25's, the response 2025-26's, as councils' annual reports count responses."""
    made = new_case(db_session, date(2025, 3, 24), reference="TU-KNWN-MARC", acknowledged_on=date(2025, 3, 25))
    made.stages.append(
        CaseStage(number=1, started_on=date(2025, 3, 24), responded_on=date(2025, 4, 3), outcome=Outcome.UPHELD)
    )
    db_session.commit()

    this_year = exact_rows(pages.client.get(EXACT))
    # 2025-26: its own 10 stage 1s, and 11 responses sent: its 10 (5 within time) and March's, 8 working days later.
    assert value(this_year, STAGES, "Stage 1", "2025-26") == "10"
    assert value(this_year, RESPONSES, STAGE_1, "Sent in the year") == "11"
    assert value(this_year, RESPONSES, STAGE_1, "Within time") == "6"
    assert value(this_year, RESPONSES, STAGE_1, "Not answered yet") == "0"
    # Going on to stage 2 counts the year's own cases, as the stages do: 5 of its 10 stage 1s.
    assert value(this_year, ESCALATION, "Stage 1 to stage 2", "2025-26") == "50%"
    # 2024-25: the stage is counted where the case came in, answered (not "not answered yet"), with no response sent.
    last_year = exact_rows(pages.client.get("/staff/reports/annual/2024-25/exact-figures.csv"))
    assert value(last_year, STAGES, "Stage 1", "2024-25") == "1"
    assert value(last_year, RESPONSES, STAGE_1, "Sent in the year") == "0"
    assert value(last_year, RESPONSES, STAGE_1, "Not answered yet") == "0"


def test_each_download_of_the_exact_figures_is_logged(known_year, manager, pages, db_session):
    pages.client.get(EXACT)
    pages.client.get("/staff/reports/annual/2024-25/exact-figures.csv")
    events = db_session.scalars(select(SecurityEvent).where(SecurityEvent.kind == "exact_figures_downloaded")).all()
    who = db_session.scalar(select(User).where(User.email == manager))
    assert [event.by_user_id for event in events] == [who.id, who.id]
    assert ["2025-26" in events[0].summary, "2024-25" in events[1].summary] == [True, True]


def test_only_a_manager_is_offered_or_given_the_exact_figures(known_year, manager, make_user, pages, db_session):
    link = pages.get("/staff/reports/annual?year=2025-26").html.find("a", href=EXACT)
    assert link is not None and "exact figures" in link.get_text()
    pages.sign_out()
    pages.sign_in(make_user("complaints_officer"))
    assert pages.get("/staff/reports/annual?year=2025-26").html.find("a", href=EXACT) is None
    assert pages.client.get(EXACT).status_code == 403
    assert db_session.scalar(select(SecurityEvent).where(SecurityEvent.kind == "exact_figures_downloaded")) is None


def test_the_published_outputs_never_carry_the_exact_figures(after_the_year, known_year, manager, pages):
    csv_text = pages.client.get("/staff/reports/annual/2025-26.csv").get_data(as_text=True)
    assert MARK not in csv_text and "exact-figures" not in csv_text
    pdf = PdfReader(io.BytesIO(pages.client.get("/staff/reports/annual/2025-26.pdf").data))
    pdf_text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    assert MARK not in pdf_text and "exact figures" not in pdf_text
    assert "Compliments fewer than 5" in pdf_text  # the PDF is the suppressed report

    pages.post("/staff/reports/annual/2025-26/publish")
    pages.sign_out()
    for url in ("/reports", "/reports/2025-26"):
        page = pages.get(url)
        assert MARK not in page.text() and "exact-figures" not in str(page.html)
    assert "Fewer than 5 to say thank you" in pages.get("/reports/2025-26").text()
