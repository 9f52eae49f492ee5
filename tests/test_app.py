"""The house: security headers, error pages, health check, configuration, and migrations that match the models."""

import base64
import hashlib
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal import create_app
from portal.assets import asset_url
from portal.config import DEVELOPMENT_SECRET_KEY, TEST_SECRET_KEY
from portal.db import Base
from portal.models.triage import include_name

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def assert_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "default-src 'self'" in csp


@pytest.mark.parametrize(
    "url", ["/", "/get-help", "/sign-in", "/no-such-page", "/healthz", "/static/build/manifest.json"]
)
def test_security_headers_on_every_kind_of_response(client, url):
    with client.get(url) as response:
        assert_security_headers(response)


@pytest.mark.parametrize("url", ["/", "/sign-in", "/tell-us"])
def test_every_inline_script_is_allowed_by_its_hash_and_no_other(pages, url):
    """No nonce: the one inline script (GOV.UK's js-enabled line) is named in the policy by its hash, so a page can
    be the same bytes for everyone; a script injected into a page would have another hash and be refused."""
    page = pages.get(url)
    policy = page.response.headers["Content-Security-Policy"]
    assert "nonce" not in policy
    inline = [script.string for script in page.html.find_all("script") if not script.get("src")]
    assert inline, "the GOV.UK template's js-enabled script"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy, script
    assert "'unsafe-inline'" not in policy


def test_no_third_party_scripts_styles_or_fonts(pages):
    page = pages.get("/")
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
        for element in page.html.find_all(tag, attrs={attribute: True}):
            assert element[attribute].startswith("/"), f"{tag} loads {element[attribute]} from another site"


def test_hsts_only_in_production(client, make_app, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/").headers
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-for-this-test")
    production = make_app(PORTAL_ENV="production")
    response = production.test_client().get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert production.config["SESSION_COOKIE_SECURE"] is True


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"PORTAL_ENV": "production", "SECRET_KEY": None})


def test_without_portal_env_the_portal_is_production_and_refuses_to_start_without_a_secret_key(monkeypatch):
    # A deployment that forgot PORTAL_ENV must not fall back to a published key that forges a manager's cookie.
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set") as refused:
        create_app({"DATABASE_URL": "sqlite://"})
    assert "PORTAL_ENV=development" in str(refused.value), "the message says how to run a development copy"


def test_without_portal_env_and_with_a_secret_key_the_portal_runs_as_production(make_app, monkeypatch):
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-for-this-test")
    app = make_app()
    assert app.config["PORTAL_ENV"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["DEMO_DATA_ALLOWED"] is False
    assert app.test_client().get("/").headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("published_key", [DEVELOPMENT_SECRET_KEY, TEST_SECRET_KEY])
@pytest.mark.parametrize("given", ["environment", "config"])
def test_production_refuses_to_start_with_a_published_key(monkeypatch, published_key, given):
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    monkeypatch.setenv("SECRET_KEY", published_key)
    config = {"DATABASE_URL": "sqlite://", "PORTAL_ENV": "production"}
    if given == "config":
        monkeypatch.delenv("SECRET_KEY")
        config["SECRET_KEY"] = published_key
    with pytest.raises(RuntimeError, match="published"):
        create_app(config)


def test_development_is_named_and_then_uses_the_development_key(make_app, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "development")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("STAFF_SECOND_FACTOR", raising=False)
    app = make_app()
    assert app.config["PORTAL_ENV"] == "development"
    assert app.config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY
    assert app.config["DEMO_DATA_ALLOWED"] is True
    assert app.test_client().get("/").status_code == 200


def test_unknown_portal_env_is_refused():
    with pytest.raises(RuntimeError, match="PORTAL_ENV"):
        create_app({"PORTAL_ENV": "staging"})


def test_post_without_csrf_token_gets_the_400_page(client):
    response = client.post("/sign-in", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "reload the page and try again" in response.get_data(as_text=True)
    assert "<h1" in response.get_data(as_text=True)


def test_not_found_page_is_in_the_portal_style(pages):
    page = pages.get("/no-such-page", expected_status=404)
    assert page.h1 == "Page not found"
    assert page.html.find("a", href="/get-help"), "error pages keep the footer with help"


def test_wrong_method_gets_the_405_page(pages):
    page = pages.get("/sign-out", expected_status=405)
    assert page.h1 == "Sorry, that did not work"
    assert "POST" in page.response.headers["Allow"]


def test_oversized_post_gets_the_413_page(client):
    response = client.post("/sign-in", data={"email": "x" * 200_000, "password": "y"})
    assert response.status_code == 413
    assert "too big" in response.get_data(as_text=True)


def test_unexpected_error_gets_the_500_page_without_a_stack_trace(app):
    @app.get("/explode")
    def explode():
        raise RuntimeError("secret internals")

    explode.allowed_roles = "anyone"
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/explode")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Sorry, something went wrong" in body
    assert "secret internals" not in body and "Traceback" not in body


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "oldest_undelivered_message_seconds": 0}


def test_healthz_answers_503_when_the_database_does_not(make_app):
    # A PostgreSQL address where nothing listens: the database cannot answer.
    app = make_app(PORTAL_ENV="test", DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:9/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


def test_favicon_is_served(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"


def test_session_cookie_flags(client, make_user, pages):
    pages.sign_in(make_user("admin"))
    cookie = client.get_cookie("portal_session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_the_session_cookie_outlives_both_idle_times_however_they_are_set(make_app):
    """Flask's PERMANENT_SESSION_LIFETIME follows the two settings, even when a test_config overrides them."""
    assert make_app(PORTAL_ENV="test").config["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=60)
    longer_draft = make_app(PORTAL_ENV="test", TELL_US_DRAFT_IDLE_MINUTES=240)
    assert longer_draft.config["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=240)
    longer_staff = make_app(PORTAL_ENV="test", STAFF_IDLE_TIMEOUT=timedelta(hours=8))
    assert longer_staff.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=8)


def test_migrations_match_the_models(migrated_database):
    with migrated_database.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(
                connection,
                # The full-text search objects are made by hand in the migration (see models.triage.include_name).
                opts={"compare_type": True, "include_name": include_name},
            ),
            Base.metadata,
        )
    assert differences == []


def test_forbidden_page_is_in_the_portal_style(pages, sign_in_as):
    sign_in_as("manager")
    page = pages.get("/admin/users", expected_status=403)
    assert page.h1 == "You cannot see this page"
    assert page.response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_stylesheet_is_sent_compressed_to_browsers_that_accept_it(app, client, encoding):
    with app.test_request_context():
        url = asset_url("portal.css")
    with client.get(url, headers={"Accept-Encoding": encoding}) as response:
        assert response.headers["Content-Encoding"] == encoding
        # 11 KB: the right-to-left rules (static/scss/_rtl.scss) and the language links added about 600 bytes.
        assert int(response.headers["Content-Length"]) < 11_000


def test_council_colour_comes_from_configuration(make_app):
    page = make_app(PORTAL_ENV="test", COUNCIL_COLOUR="#005ea5").test_client().get("/theme.css")
    assert page.get_data(as_text=True) == ".portal-header{background-color:#005ea5}\n"


@pytest.mark.parametrize("colour", ["#ffdd00", "red", "#fff; } body { display:none"])
def test_a_council_colour_white_text_cannot_be_read_on_is_refused(colour):
    with pytest.raises(RuntimeError, match="COUNCIL_COLOUR"):
        create_app({"PORTAL_ENV": "test", "COUNCIL_COLOUR": colour})
