"""The accessibility statement, the privacy notice and the cookies page follow the young person's language (issue 24):
every sentence on them is marked for translation, so `make catalogs` finds it. Checked with a stand-in catalogue that
brackets every word it translates: any Latin-alphabet word left outside the brackets would stay English in every
language. The email address stays left to right inside a right-to-left sentence."""

import pytest

from tests.marked_words import OPEN, english_left

STATEMENTS = ("/accessibility", "/privacy", "/cookies")


@pytest.mark.parametrize("url", STATEMENTS)
def test_every_sentence_on_the_statement_pages_is_marked_for_translation(app, pages, bracketed, url):
    page = pages.get(url)
    assert OPEN in page.text()
    # A cookie's name is what a browser shows, the same in every language.
    assert (
        english_left(page.response.get_data(as_text=True), [app.config["SESSION_COOKIE_NAME"], "pledge_device"]) == []
    )
    assert page.h1.startswith(OPEN) and page.title.startswith(OPEN)


@pytest.mark.parametrize("url", ["/accessibility", "/privacy"])
def test_the_email_address_reads_left_to_right_inside_a_right_to_left_sentence(app, pages, url):
    page = pages.get(url, headers={"Accept-Language": "ar"})
    assert page.html.html.get("dir") == "rtl"
    link = page.html.select_one('main a[href^="mailto:"]')
    assert link["href"] == f"mailto:{app.config['CONTACT_EMAIL']}"
    assert link.select_one('bdi[dir="ltr"]').get_text() == app.config["CONTACT_EMAIL"]


def main_text(page):
    """The words of <main> as a reader reads them: no space added where a link or <bdi> starts or ends."""
    return " ".join(page.html.find("main").get_text().split())


def test_the_email_address_is_inside_its_sentence_in_english(pages, app):
    email = app.config["CONTACT_EMAIL"]
    assert f"complain about how we use it. Email {email}." in main_text(pages.get("/privacy"))
    accessibility = main_text(pages.get("/accessibility"))
    assert f"your own language. Email {email}. We will reply within 10 working days." in accessibility


def test_how_long_records_are_kept_reads_as_one_year_or_many(make_app):
    one = make_app(PORTAL_ENV="test", CASE_RETENTION_YEARS=1).test_client().get("/privacy").get_data(as_text=True)
    assert "We keep records of complaints for 1 year after the case is closed." in one
    six = make_app(PORTAL_ENV="test", CASE_RETENTION_YEARS=6).test_client().get("/privacy").get_data(as_text=True)
    assert "We keep records of complaints for 6 years after the case is closed." in six


def test_a_council_name_with_an_ampersand_is_escaped_once(app, pages):
    app.config["COUNCIL_NAME"] = "Brighton & Hove"
    page = pages.get("/accessibility")
    assert "This page says how easy this website is to use. Brighton & Hove Council runs it." in page.text()
    assert "&amp;amp;" not in page.response.get_data(as_text=True)
