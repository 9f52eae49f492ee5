"""The young people's version's sentences (portal.reports.young_people), read as a young person reads them, and made
in the page's language as the page is drawn (the published version keeps only the figures and the year)."""

from datetime import date

import pytest
from babel.dates import format_date

from portal.reports.young_people import answered_on_time, pledge_changed, what_you_told_us
from tests.reports.test_views import manager  # noqa: F401 - the fixture: a manager signed in

CONTENT = {"told_us": "21", "complaints": "12", "from_young_people": "7", "advocates": "6"}


def test_advocates_are_counted_in_a_sentence_when_some_got_one():
    assert "6 young people got help from an advocate." in what_you_told_us(CONTENT)["more"]


def test_no_sentence_says_0_young_people_got_help_from_an_advocate():
    # The demo year: 14 asked, none given one yet. "0 young people got help from an advocate" reads as a slip.
    more = what_you_told_us({**CONTENT, "advocates": "0"})["more"]
    assert not any("advocate" in line for line in more), more
    assert "7 of the things that went wrong came from young people." in more


def test_a_small_number_reads_fewer_than_5_at_the_start_of_a_sentence():
    told = what_you_told_us({**CONTENT, "from_young_people": "fewer than 5", "compliments": "fewer than 5"})
    assert "Fewer than 5 of the things that went wrong came from young people." in told["more"]
    assert told["parts"] == ["12 to say something went wrong", "Fewer than 5 to say thank you"]
    assert told["whole"] == "We got 21 messages in all. They were:"


def test_the_whole_is_one_sentence_when_no_kind_is_listed():
    assert what_you_told_us({"told_us": "0"})["whole"] == "We got 0 messages in all."


@pytest.mark.parametrize(("number", "sentence"), [("1", "We changed 1 promise"), ("3", "We changed 3 promises")])
def test_the_pledge_changes_sentence_says_promise_or_promises(number, sentence):
    assert pledge_changed({"pledge_changes": number}) == f"{sentence} in our Pledge because of what you said."


def test_versions_published_before_each_figure_was_kept_still_read_as_before():
    assert answered_on_time({"on_time": "85%"}) == ["We gave 85% of our first answers on time."]
    assert answered_on_time({"answered": "12", "answered_on_time": "not shown"}) == [
        "We sent a first answer to 12 of the messages about something wrong or a change."
    ]
    assert pledge_changed({}) is None


def test_the_years_dates_are_in_the_pages_language(after_the_year, known_year, manager, pages):  # noqa: F811
    pages.post("/staff/reports/annual/2025-26/publish")
    pages.sign_out()
    english = pages.get("/reports/2025-26").text()
    assert "This is for 1 April 2025 to 31 March 2026." in english
    pages.get("/reports/2025-26?lang=ar", expected_status=303)
    page = pages.get("/reports/2025-26")
    arabic = page.text()
    first, last = (format_date(day, "d MMMM y", locale="ar") for day in (date(2025, 4, 1), date(2026, 3, 31)))
    assert first in arabic and last in arabic
    assert "April" not in arabic and "March" not in arabic

    # The year reads 2025-26, not 26-2025, in the right-to-left heading, on one line, and in the tab's title.
    def year_in(element):
        bdi = element.select_one("bdi[dir='ltr']")
        return bdi.get_text() == "2025-26" and "portal-nowrap" in bdi["class"]

    assert year_in(page.html.select_one("h1")) and "\u20662025-26\u2069" in page.html.title.get_text()
    listed = pages.get("/reports").html.select_one("main li a")
    assert year_in(listed) and listed["href"] == "/reports/2025-26"


def test_what_staff_wrote_reads_in_its_own_direction(after_the_year, known_year, manager, pages):  # noqa: F811
    pages.post("/staff/reports/annual/2025-26/publish")
    pages.sign_out()
    page = pages.get("/reports/2025-26")
    change = next(li for li in page.html.select("main li") if "social worker" in li.get_text())
    assert change["dir"] == "auto"
