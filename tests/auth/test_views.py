"""Signing in and out: passwords, rate limits, idle time-outs."""

import pytest

from portal.models import Role


def test_sign_in_with_the_right_password_goes_to_the_page_asked_for(pages, make_user):
    email = make_user(Role.ADMIN)
    page = pages.get("/admin/users", expected_status=302)
    assert page.response.location.startswith("/sign-in?next=/admin/users")
    response = pages.post(
        "/sign-in?next=/admin/users", {"email": email.upper(), "password": "correct horse battery staple"}
    )
    assert response.response.location == "/admin/users"
    assert pages.get("/admin/users").h1 == "Users"


# Where each role lands after signing in with no page asked for (or one that is not a plain path on this site).
START_PAGES = {
    Role.RMA_MEMBER: "/pledge/drafts",
    Role.PARTICIPATION_OFFICER: "/pledge/drafts",
    Role.PARTNER_LEAD: "/partner/promises",
    Role.COMPLAINTS_OFFICER: "/staff/cases",
    Role.MANAGER: "/staff/cases",
    Role.ADMIN: "/admin/users",
}


@pytest.mark.parametrize("role", list(Role))
def test_signing_in_with_no_page_asked_for_goes_to_the_roles_start_page(pages, make_user, role):
    response = pages.sign_in(make_user(role))
    assert response.response.location == START_PAGES[role]
    assert pages.get(START_PAGES[role]).h1


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/", "https://evil.example/"])
def test_sign_in_never_redirects_off_site(pages, make_user, target):
    email = make_user(Role.ADMIN)
    response = pages.post(f"/sign-in?next={target}", {"email": email, "password": "correct horse battery staple"})
    assert response.response.location == "/admin/users"


@pytest.mark.parametrize(
    "target",
    [
        "/staff%0d%0aSet-Cookie:x",  # header splitting: CR LF
        "/staff%0aSet-Cookie:x",
        "/staff%0dSet-Cookie:x",
        "/staff%09x",  # tab: browsers drop it, so "/%09/host" is "//host"
        "/%09/evil.example/",
        "/%0a/evil.example/",
        "/staff%00",
        "/staff%7f",
        "/staff%c2%85",  # NEL, a C1 control
        "/staff%e2%80%a8",  # LINE SEPARATOR
        "/staff%e2%80%ae",  # RIGHT-TO-LEFT OVERRIDE, a format character
        "/staff%5ccases",  # a backslash anywhere
        "/%5c%5cevil.example/",
        "%2f%2fevil.example/",
        "javascript:alert(1)",
        "staff/cases",
        "",
    ],
)
def test_a_next_that_is_not_a_plain_path_on_this_site_goes_to_the_start_page(pages, make_user, target):
    email = make_user(Role.MANAGER)
    response = pages.post(f"/sign-in?next={target}", {"email": email, "password": "correct horse battery staple"})
    assert response.response.location == "/staff/cases"
    assert "Set-Cookie:x" not in str(response.response.headers)


def test_wrong_password_shows_an_error_and_keeps_the_email(pages, make_user):
    email = make_user(Role.MANAGER)
    page = pages.sign_in(email, password="wrong password", expected_status=200)
    assert page.title.startswith("Error: Sign in")
    assert page.error_messages() == ["Enter a correct email address and password"]
    assert page.html.find("input", attrs={"name": "email"})["value"] == email
    assert page.html.find("input", attrs={"name": "password"}).get("value") is None


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(pages):
    page = pages.sign_in("nobody@example.org", password="whatever", expected_status=200)
    assert page.error_messages() == ["Enter a correct email address and password"]


def test_empty_form_says_what_to_enter(pages):
    page = pages.post("/sign-in", {"email": "", "password": ""}, expected_status=200)
    assert page.error_messages() == ["Enter your email address", "Enter your password"]


def test_deactivated_account_cannot_sign_in(pages, make_user):
    email = make_user(Role.MANAGER, active=False)
    page = pages.sign_in(email, expected_status=200)
    assert page.error_messages() == ["Enter a correct email address and password"]


def test_passwords_are_stored_as_argon2id_hashes(db_session, make_user):
    from sqlalchemy import select

    from portal.models import User

    make_user(Role.ADMIN)
    stored = db_session.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored


def test_ten_wrong_passwords_slow_down_that_account_with_a_clear_page(pages, make_user):
    email = make_user(Role.COMPLAINTS_OFFICER)
    for _ in range(10):
        pages.sign_in(email, password="wrong password", expected_status=200)
    page = pages.sign_in(email, expected_status=429)  # even the right password waits now
    assert page.h1 == "Too many tries"
    assert "Try again in 15 minutes." in page.text()


def test_a_locked_account_does_not_stop_another_account_signing_in_from_elsewhere(pages, make_user):
    victim = make_user(Role.COMPLAINTS_OFFICER)
    colleague = make_user(Role.MANAGER)
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    for _ in range(11):
        pages.client.post(
            "/sign-in",
            data={"csrf_token": pages.csrf_token(), "email": victim, "password": "guess"},
            environ_base=attacker,
        )
    pages.sign_in(victim, expected_status=429, environ_base=attacker)
    pages.sign_in(colleague, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert pages.get("/").html.find("button", string="Sign out")


def test_one_address_guessing_many_accounts_is_slowed_down(app, pages, make_user):
    app.config["SIGN_IN_LIMIT_PER_ADDRESS"] = "5 per 15 minutes"
    email = make_user(Role.MANAGER)
    for n in range(5):
        pages.sign_in(f"someone{n}@example.org", password="guess", expected_status=200)
    assert pages.sign_in(email, expected_status=429).h1 == "Too many tries"
    pages.sign_in(email, environ_base={"REMOTE_ADDR": "198.51.100.7"})


def test_successful_sign_ins_do_not_count_towards_the_limit(pages, make_user):
    email = make_user(Role.MANAGER)
    for _ in range(12):
        pages.sign_in(email)
        pages.sign_out()


def test_sign_out_ends_the_session(pages, sign_in_as):
    sign_in_as(Role.ADMIN)
    response = pages.sign_out()
    assert response.response.location == "/signed-out"
    assert pages.get("/admin/users", expected_status=302).response.location.startswith("/sign-in")


# The idle time-out (now kept on the server, in user_sessions) is tested with a fixed clock in test_sessions.py.


@pytest.mark.parametrize("role", list(Role))
def test_signed_in_pages_are_not_stored(pages, sign_in_as, role):
    sign_in_as(role)
    response = pages.get("/").response
    assert response.headers["Cache-Control"] == "no-store"
    assert f"({role.label})" in pages.get("/").html.get_text()
