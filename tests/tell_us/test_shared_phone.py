"""A shared phone keeps nothing: the draft lives behind a cookie that ends with the browser, ends after its idle
time, and goes at once when Exit this page tells the server."""

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select, update

from portal.models import Case, TellUsDraft
from tests.conftest import PageClient
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


def kept_answer(pages):
    """The "what kind" answer the journey still holds for this browser, or None."""
    checked = pages.get("/tell-us/what-kind").html.find("input", attrs={"name": "kind", "checked": True})
    return checked["value"] if checked else None


def test_a_draft_is_kept_59_idle_minutes_after_the_last_answer_and_gone_after_61(pages):
    # The start page promises an hour (the default TELL_US_DRAFT_IDLE_MINUTES), counted from the last answer.
    start = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        assert "we delete them after 1 hour" in pages.get("/tell-us").text()
        answer(pages, "what-kind", {"kind": "complaint"})
        clock.shift(timedelta(minutes=40))
        answer(pages, "are-you-safe", {"safe_now": "yes"})  # answering renews it
        clock.shift(timedelta(minutes=59))
        assert kept_answer(pages) == "complaint"
        assert pages.get("/tell-us/who").status == 200  # still on the journey where they left it
        clock.shift(timedelta(minutes=2))  # 61 minutes since the last answer (looking is not answering)
        assert kept_answer(pages) is None
        assert pages.get("/tell-us/who", expected_status=302).response.location == "/tell-us/what-kind"


def test_the_promise_and_the_behaviour_follow_one_setting(make_app, monkeypatch):
    monkeypatch.setenv("TELL_US_DRAFT_IDLE_MINUTES", "90")
    pages = PageClient(make_app(PORTAL_ENV="test").test_client())
    start = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        assert "we delete them after 90 minutes" in pages.get("/tell-us").text()
        answer(pages, "what-kind", {"kind": "complaint"})
        clock.shift(timedelta(minutes=89))
        assert kept_answer(pages) == "complaint"
        clock.shift(timedelta(minutes=2))
        assert kept_answer(pages) is None


def test_exit_this_page_without_javascript_forgets_then_sends_the_person_on(app, pages, db_session):
    for slug, data in COMPLAINT[:4]:
        answer(pages, slug, data)
    page = pages.get("/tell-us/what-happened")
    assert page.html.select_one(".govuk-exit-this-page a")["href"] == "/tell-us/exit"
    response = pages.client.get("/tell-us/exit", headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303
    assert response.location == app.config["EXIT_PAGE_URL"]
    assert db_session.scalar(select(func.count(TellUsDraft.id))) == 0
    assert pages.get("/tell-us/what-happened", expected_status=302).response.location == "/tell-us/what-kind"


def test_a_link_from_another_site_to_exit_sends_on_but_forgets_nothing(app, pages, db_session):
    answer(pages, "what-kind", {"kind": "complaint"})
    response = pages.client.get("/tell-us/exit", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 303 and response.location == app.config["EXIT_PAGE_URL"]
    assert db_session.scalar(select(func.count(TellUsDraft.id))) == 1
