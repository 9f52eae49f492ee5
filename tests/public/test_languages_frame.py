"""The frame of every page in the young person's language (issue 24): <html lang dir>, a link to each language at
the top of young people's pages (not staff pages), and a first-draft note until an admin marks the language checked."""

from portal.models import Role


def html_attributes(page):
    return page.html.html.get("lang"), page.html.html.get("dir")


def test_a_young_peoples_page_in_arabic_reads_right_to_left(pages):
    page = pages.get("/get-help", headers={"Accept-Language": "ar"})
    assert html_attributes(page) == ("ar", "rtl")
    assert html_attributes(pages.get("/get-help", headers={"Accept-Language": "vi"})) == ("vi", "ltr")


def test_a_staff_page_stays_english_and_left_to_right(pages, sign_in_as):
    sign_in_as(Role.ADMIN)
    page = pages.get("/admin/users", headers={"Accept-Language": "ar"})
    assert html_attributes(page) == ("en", "ltr")
    assert page.html.select("nav.portal-languages") == []


def test_young_peoples_pages_link_to_each_language_in_itself(pages, app):
    page = pages.get("/get-help?lang=fa-AF", expected_status=303)
    page = pages.get("/get-help")
    nav = page.html.select_one("nav.portal-languages")
    assert nav["aria-label"]
    links = {link["lang"]: link for link in nav.select("a")}
    assert set(links) == set(app.config["LANGUAGES"]) - {"fa-AF"}, "every language but the page's own is a link"
    assert links["ar"].get_text(strip=True) == "العربية"
    assert (
        links["ar"]["hreflang"] == "ar" and links["ar"]["dir"] == "rtl" and links["ar"]["href"] == "/get-help?lang=ar"
    )
    assert links["sq"].get_text(strip=True) == "Shqip" and "dir" not in links["sq"].attrs
    current = nav.select_one('[aria-current="true"]')
    assert current.name == "span" and current["lang"] == "fa-AF" and current.get_text(strip=True) == "دری"


def test_a_language_link_is_the_page_with_its_language_and_nothing_else(pages):
    """A shared page is kept for everyone, so its links carry nothing one visitor put in the address."""
    page = pages.get("/get-help?year=2025")
    link = page.html.select_one('nav.portal-languages a[lang="vi"]')
    assert link["href"] == "/get-help?lang=vi"


def test_the_first_draft_note_shows_in_a_language_until_an_admin_marks_it_checked(pages, sign_in_as):
    def note(language, path="/"):
        page = pages.get(path, headers={"Accept-Language": language})
        return page.html.select_one(".portal-first-draft")

    assert note("ar", "/pledge") is not None  # a shared page with its own version: kept per language and frame
    assert note("en") is None, "English is the source, not a translation"
    assert "مسودة أولى" in note("ar").get_text(" ", strip=True)  # "first draft", in Arabic
    assert note("vi") is not None

    sign_in_as(Role.ADMIN)
    pages.post("/admin/languages/ar/checked", {"csrf_token": pages.csrf_token()})
    pages.sign_out()
    assert note("ar") is None
    assert note("ar", "/pledge") is None
    assert note("vi") is not None, "only the language marked"
