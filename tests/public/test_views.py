"""The pages anyone can read."""

import pytest


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/", "Our Pledge to children in care"),
        ("/get-help", "Get help now"),
        ("/accessibility", "Accessibility statement"),
        ("/privacy", "Privacy notice"),
        ("/cookies", "Cookies"),
    ],
)
def test_public_pages_open_for_everyone(pages, url, heading):
    page = pages.get(url)
    assert page.h1 == heading
    assert "no-store" not in page.response.headers.get("Cache-Control", "")


def test_footer_links_to_the_service_pages(pages):
    footer = pages.get("/").html.find("footer")
    hrefs = {a["href"] for a in footer.find_all("a")}
    assert {"/accessibility", "/privacy", "/cookies", "/get-help"} <= hrefs


def test_get_help_shows_every_help_line_from_configuration(pages, make_app):
    text = pages.get("/get-help").text()
    for number in ("0800 1111", "999", "0808 800 5792", "0800 528 0731"):
        assert number in text
    lines = ({"name": "Test line", "number": "0800 000 0000", "about": "For this test."},)
    other = make_app(PORTAL_ENV="test", HELP_LINES=lines).test_client()
    assert "0800 000 0000" in other.get("/get-help").get_data(as_text=True)


def test_council_name_comes_from_configuration(app, pages):
    app.config["COUNCIL_NAME"] = "Camden"
    page = pages.get("/")
    assert page.html.find("a", class_="portal-header__link").get_text(strip=True) == "Camden Council"
    assert "Camden Council" in page.title


def test_demo_banner_shows_only_while_demo_data_is_loaded(pages, runner):
    assert "Demo data" not in pages.get("/").html.get_text()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert "Demo data" in pages.get("/").html.get_text()
