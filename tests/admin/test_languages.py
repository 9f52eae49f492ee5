"""The admin's Languages page: marking a language as checked by a fluent reader, and undoing it."""

from sqlalchemy import select

from portal.models import LanguageCheck, Role, User


def test_an_admin_marks_a_language_checked_and_can_undo_it(pages, sign_in_as, db_session):
    admin = db_session.scalar(select(User).where(User.email == sign_in_as(Role.ADMIN)))
    page = pages.get("/admin/languages")
    row = next(row for row in page.html.select("#languages tbody tr") if "Arabic" in row.get_text())
    assert "Not checked" in row.get_text() and len(page.html.select("#languages tbody tr")) == 8
    assert row.select_one("form")["action"] == "/admin/languages/ar/checked"

    pages.post("/admin/languages/ar/checked", {"csrf_token": pages.csrf_token()})
    check = db_session.scalar(select(LanguageCheck))
    assert (check.language, check.checked_by_id) == ("ar", admin.id)
    page = pages.get("/admin/languages")
    row = next(row for row in page.html.select("#languages tbody tr") if "Arabic" in row.get_text())
    assert f"marked by {admin.name}" in row.get_text()
    assert row.select_one("form")["action"] == "/admin/languages/ar/not-checked"
    assert "To undo this" not in page.text()

    pages.post("/admin/languages/ar/not-checked", {"csrf_token": pages.csrf_token()})
    db_session.expire_all()
    assert db_session.scalar(select(LanguageCheck)) is None
    assert "To undo this, mark it as checked" in pages.get("/admin/languages").text()


def test_a_language_the_portal_does_not_offer_is_not_found(pages, sign_in_as):
    sign_in_as(Role.ADMIN)
    for code in ("en", "de", "1"):
        pages.post(f"/admin/languages/{code}/checked", {"csrf_token": pages.csrf_token()}, expected_status=404)


def test_admins_reach_the_languages_page_from_their_menu(pages, sign_in_as):
    sign_in_as(Role.ADMIN)
    menu = pages.get("/admin/users").html.select_one("#navigation")
    assert menu.find("a", string=lambda text: text and text.strip() == "Languages")["href"] == "/admin/languages"
