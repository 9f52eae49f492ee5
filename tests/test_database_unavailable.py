"""When the database is restarting or out of reach (issue 11's soak restarts PostgreSQL), people get the portal's 503
page in plain words, with what they typed shown back to copy, never a bare 500 or their words lost."""

WORDS = "My placement changed and nobody told me. I want to know why."


def unreachable_app(make_app, tmp_path):
    # A SQLite file in a folder that does not exist: every connection fails, as while PostgreSQL restarts.
    return make_app(PORTAL_ENV="test", DATABASE_URL=f"sqlite:///{tmp_path / 'gone' / 'portal.sqlite3'}")


def test_words_sent_while_the_database_is_down_come_back_on_a_503_page(make_app, tmp_path):
    app = unreachable_app(make_app, tmp_path)
    app.config["WTF_CSRF_ENABLED"] = False  # the token needs no database, but this test is about the outage
    client = app.test_client()
    response = client.post("/tell-us/what-happened", data={"words": WORDS, "password": "not shown"})
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Sorry, we cannot do that just now" in page
    assert WORDS in page
    assert "not shown" not in page
    assert response.headers["Cache-Control"] == "no-store"


def test_a_page_read_while_the_database_is_down_gets_the_503_page(make_app, tmp_path):
    response = unreachable_app(make_app, tmp_path).test_client().get("/pledge")
    assert response.status_code == 503
    assert "Try again in a minute" in response.get_data(as_text=True)


def test_staff_signed_in_when_the_database_goes_get_the_503_page(pages, sign_in_as, make_app, tmp_path):
    """The error page must not ask the database who is signed in: that would fail again and end as a bare 500."""
    sign_in_as("complaints_officer")
    session_cookie = pages.client.get_cookie("portal_session").value
    outage = unreachable_app(make_app, tmp_path).test_client()
    outage.set_cookie("portal_session", session_cookie)
    response = outage.get("/staff/cases")
    assert response.status_code == 503
    assert "Try again in a minute" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
