"""A shared phone keeps nothing: the draft lives behind a cookie that ends with the browser, ends after its idle
time, and goes at once when Exit this page tells the server."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from portal.models import Case, TellUsDraft
from tests.tell_us.conftest import COMPLAINT, answer, send, walk


def test_the_cookie_ends_when_the_browser_closes(pages):
    pages.get("/tell-us")
    answer(pages, "what-kind", {"kind": "complaint"})
    for header in pages.client.get("/tell-us/what-kind").headers.getlist("Set-Cookie") or []:
        assert "Expires" not in header and "Max-Age" not in header
    cookie = pages.client.get_cookie("portal_session")
    assert cookie is not None and cookie.expires is None


def test_exit_this_page_forgets_the_draft_at_once(pages, db_session):
    for slug, data in COMPLAINT[:4]:
        answer(pages, slug, data)
    assert db_session.scalar(select(func.count(TellUsDraft.id))) == 1
    response = pages.client.post("/tell-us/forget", data={"csrf_token": pages.csrf_token()})
    assert response.status_code == 204
    assert db_session.scalar(select(func.count(TellUsDraft.id))) == 0
    # Back on the journey, nothing of the earlier answers is there.
    page = pages.get("/tell-us/what-happened", expected_status=302)
    assert page.response.location == "/tell-us/what-kind"
    assert pages.get("/tell-us/what-kind").html.find("input", attrs={"checked": True}) is None


def test_forgetting_needs_the_csrf_token(pages, db_session):
    answer(pages, "what-kind", {"kind": "complaint"})
    assert pages.client.post("/tell-us/forget").status_code == 400
    assert db_session.scalar(select(func.count(TellUsDraft.id))) == 1


def test_exit_after_sending_forgets_the_code_but_the_case_stays_sent(pages, db_session):
    walk(pages)
    code = send(pages).html.find(id="tracking-code").get_text(strip=True)
    pages.client.post("/tell-us/forget", data={"csrf_token": pages.csrf_token()})
    assert db_session.scalar(select(func.count(Case.id))) == 1
    page = pages.get("/tell-us/sent", expected_status=302)
    assert code not in page.response.get_data(as_text=True)


def test_every_journey_page_carries_what_exit_this_page_needs_to_forget(pages):
    page = pages.get("/tell-us/what-kind")
    exit_ = page.html.select_one(".govuk-exit-this-page")
    assert exit_["data-portal-forget-url"] == "/tell-us/forget"
    assert exit_["data-portal-csrf-token"]


def test_a_draft_ends_after_its_idle_time(app, pages, db_session):
    app.config["TELL_US_DRAFT_IDLE_MINUTES"] = 30
    for slug, data in COMPLAINT[:4]:
        answer(pages, slug, data)
    db_session.execute(update(TellUsDraft).values(updated_at=datetime.now(UTC) - timedelta(minutes=31)))
    db_session.commit()
    assert pages.get("/tell-us/what-happened", expected_status=302).response.location == "/tell-us/what-kind"


def test_the_start_page_says_how_long_answers_are_kept_and_that_exit_wipes_them(app, pages):
    app.config["TELL_US_DRAFT_IDLE_MINUTES"] = 60
    text = pages.get("/tell-us").text()
    assert "we delete them after 1 hour" in text
    assert "Exit this page takes you away fast. It also deletes your answers at once." in text
    app.config["TELL_US_DRAFT_IDLE_MINUTES"] = 90
    assert "we delete them after 90 minutes" in pages.get("/tell-us").text()
