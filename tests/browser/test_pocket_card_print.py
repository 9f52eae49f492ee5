"""The pocket card printed for real: Chromium prints /pledge/print to PDF with the print stylesheet, and the PDF is
one A6 card (not a full-width list) that gives the portal's public address, not the address it was fetched from."""

import io
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from tests.pledge.conftest import People, build_draft, sign_off_and_publish

pytestmark = pytest.mark.browser

PUBLIC_ADDRESS = "https://pledge.example-council.gov.uk"
A6_POINTS = (297.6, 419.5)  # 105 x 148 mm


def serve_from(client):
    """Answers every request the page makes from the Flask app itself, so the card is this app's real output."""

    def answer(route):
        url = urlsplit(route.request.url)
        with client.get(url.path + (f"?{url.query}" if url.query else "")) as response:  # closes static files
            headers = {key: value for key, value in response.headers.items() if key.lower() != "content-length"}
            route.fulfill(status=response.status_code, headers=headers, body=response.get_data())

    return answer


def test_the_pocket_card_prints_as_an_a6_card_with_the_public_address(app, browser, tmp_path):
    app.config["PORTAL_URL"] = PUBLIC_ADDRESS
    with app.test_request_context():
        people = People()
        version, _ = build_draft(people)
        sign_off_and_publish(version, people)

    context = browser.new_context()
    try:
        page = context.new_page()
        # The page is fetched from a local address, as on an officer's machine: that address must not reach the card.
        page.route("**/*", serve_from(app.test_client()))
        page.goto("http://127.0.0.1:5000/pledge/print")
        page.emulate_media(media="print")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    (tmp_path / "pocket-card.pdf").write_bytes(pdf)  # to look at: pdftoppm -png pocket-card.pdf card

    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    assert (float(first.mediabox.width), float(first.mediabox.height)) == pytest.approx(A6_POINTS, abs=2)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert f"{PUBLIC_ADDRESS}/tell-us" in text.replace("\n", "")
    assert "127.0.0.1" not in text
    assert "Help you learn." in text
    # Only the card prints: no navigation, phase banner or footer.
    assert "Skip to main content" not in text and "Cookies" not in text
