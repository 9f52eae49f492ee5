"""The public Pledge pages that print or list versions (/pledge/print, /pledge/versions) on a right-to-left page:
numbers and the address keep their own direction, and the Pledge's own words (written in English) read left to
right."""

from tests.pledge.conftest import published_ids


def test_the_pocket_card_keeps_numbers_and_the_address_left_to_right(pages, build):
    build(published_ids)
    pages.get("/pledge/print?lang=ar", expected_status=303)
    page = pages.get("/pledge/print")
    isolated = [bdi.get_text() for bdi in page.html.select("main bdi[dir='ltr']")]
    assert any(text.endswith("/tell-us") for text in isolated), isolated
    assert len(isolated) == 3  # the address, Childline and the emergency number
    promises = page.html.select(".portal-pocket-card__promise p")
    assert promises and all((p.get("lang"), p.get("dir")) == ("en", "ltr") for p in promises)  # none translated


def test_the_pocket_card_reads_as_before_in_english(pages, build, app):
    build(published_ids)
    text = pages.get("/pledge/print").html.select_one("main").get_text()
    assert f"Something wrong? Tell us at {app.config['PORTAL_URL'].rstrip('/')}/tell-us" in text
    childline, emergency = (line["number"] for line in app.config["HELP_LINES"][:2])
    assert f"Childline: {childline}, free. Emergency: {emergency}." in text
