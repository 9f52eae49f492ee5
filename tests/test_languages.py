"""Which language a page is in (portal/i18n.py): a language link keeps the choice for the visit, the browser's
preferred languages come next, staff pages stay in English, and shared pages keep a copy per language."""

from bs4 import BeautifulSoup
from flask import session

from portal.i18n import accepted_language, page_language, text_direction


def test_a_language_link_keeps_the_choice_for_the_visit_and_shows_the_page_without_it(client):
    response = client.get("/pledge?lang=fa-AF&year=2025")
    assert response.status_code == 303
    assert response.headers["Location"] == "/pledge?year=2025"
    with client:
        client.get("/pledge")
        assert session["language"] == "fa-AF"
        assert page_language() == "fa-AF"


def test_a_language_not_offered_is_ignored(client):
    with client:
        response = client.get("/pledge?lang=xx")
        assert response.status_code == 303
        assert "language" not in session


def test_the_browsers_preferred_languages_come_next(app):
    offered = app.config["LANGUAGES"]
    assert accepted_language("ar-SA,ar;q=0.9,en;q=0.5", offered) == "ar"
    assert accepted_language("fa-AF", offered) == "fa-AF"
    assert accepted_language("de-DE,fr;q=0.8", offered) == "en"
    assert accepted_language(None, offered) == "en"


def test_staff_pages_stay_in_english_whatever_was_chosen(app):
    for staff_page in ("/sign-in", "/staff/cases"):
        with app.test_request_context(staff_page, headers={"Accept-Language": "ar"}):
            app.preprocess_request()
            assert page_language() == "en"
    with app.test_request_context("/pledge", headers={"Accept-Language": "ar"}):
        app.preprocess_request()
        assert page_language() == "ar"


def test_each_language_reads_the_way_babel_says(app):
    with app.app_context():
        directions = {code: text_direction(code) for code in app.config["LANGUAGES"]}
    assert [code for code, direction in directions.items() if direction == "rtl"] == ["fa-AF", "ps", "fa", "ar", "ckb"]


def test_a_shared_page_keeps_a_copy_per_language(client):
    english = client.get("/pledge", headers={"Accept-Language": "en"})
    arabic = client.get("/pledge", headers={"Accept-Language": "ar"})
    assert "Accept-Language" in english.headers["Vary"]
    assert english.headers["ETag"] and arabic.headers["ETag"]
    # Until the catalogues say otherwise the two read the same, but each is its own copy: the second visitor's
    # language was asked, not taken from the first visitor's page.
    assert len(client.application.extensions["shared_pages"]) == 2


def test_language_links_carry_nothing_else_from_the_address(client):
    """A shared page is kept for everyone: its links must not carry what one visitor typed in the address."""
    client.get("/get-help?utm=FROM_SOMEONE", headers={"Accept-Language": "en"})
    page = client.get("/get-help", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "FROM_SOMEONE" not in page
    assert 'href="/get-help?lang=ar"' in page


def test_an_address_with_url_for_options_in_its_query_is_not_an_error(client):
    assert client.get("/?_scheme=x&_external=1").status_code == 200
    response = client.get("/?lang=ar&_scheme=x")
    assert response.status_code == 303
    assert response.headers["Location"] == "/?_scheme=x"


def test_words_worked_out_from_a_literal_follow_each_visitors_language(client):
    """A filter on a literal in a template ("fewer than 5" | figure_in_words) is worked out as each page is drawn,
    not once when the template is compiled, which would keep the first visitor's language for everyone after."""
    from flask_babel import force_locale, gettext

    from portal.suppression import FEWER_THAN, figure_in_words

    expected = {}
    with client.application.test_request_context():
        for code in ("ar", "fa_AF", "en"):
            with force_locale(code):
                expected[code] = figure_in_words(FEWER_THAN)
                assert code == "en" or expected[code] != gettext(FEWER_THAN)
    assert len(set(expected.values())) == 3
    for code, words in expected.items():
        page = client.get("/pledge/scorecard", headers={"Accept-Language": code.replace("_", "-")})
        assert words in page.get_data(as_text=True), code


def test_the_default_service_name_is_translated_and_a_councils_own_name_reads_as_set(client, make_app):
    """The header's service name: "Our Pledge" (the default) in the page's language; a name set in SERVICE_NAME is a
    council's own name, shown as set."""

    def service_name(test_client, language):
        page = test_client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)
        return (
            BeautifulSoup(page, "html.parser")
            .select_one(".govuk-service-navigation__service-name")
            .get_text(strip=True)
        )

    assert service_name(client, "en") == "Our Pledge"
    assert service_name(client, "ar") == "وعودنا"  # "Our promises", as the navigation's "Our Pledge" reads
    own = make_app(PORTAL_ENV="test", SERVICE_NAME="Barnet Promise").test_client()
    assert service_name(own, "ar") == "Barnet Promise"
