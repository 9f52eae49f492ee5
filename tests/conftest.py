"""Fixtures in the flaskr style: app, client, runner, a page helper that checks every page, and sign-in per role.

The database is migrated once per test session with the real Alembic migrations, then emptied before each test.
TEST_DATABASE_URL (or DATABASE_URL) picks PostgreSQL; otherwise a SQLite file in a temporary folder."""

import os
import re
import socket
from collections import Counter
from datetime import datetime
from typing import NamedTuple

import pytest
import time_machine
from bs4 import BeautifulSoup
from flask import template_rendered
from flask_babel import get_locale
from sqlalchemy import text

from portal import create_app
from portal.access import allowed_roles_for
from portal.db import Base, make_engine
from portal.migrate import upgrade_database
from portal.models import Role

PASSWORD = "correct horse battery staple"
# A real value for each URL argument that is not a number (ids get 1), so routes can be built and visited.
SAMPLE_ARGUMENTS = {
    "slug": "what-happened",
    "action": "acknowledge",
    "which": "themes",
    "token": "no-such-consultation",
    "year": "2025-26",
}


class Route(NamedTuple):
    endpoint: str
    rule: str
    methods: frozenset
    url: str
    allowed: object  # what the view declares (portal.access), or None


def all_routes():
    """Every route but static files, read from a fresh app's URL map, with a URL built from sample arguments."""
    app = create_app({"PORTAL_ENV": "test"})
    try:
        with app.app_context():
            return [
                Route(
                    rule.endpoint,
                    rule.rule,
                    frozenset(rule.methods - {"HEAD", "OPTIONS"}),
                    rule.build({name: SAMPLE_ARGUMENTS.get(name, 1) for name in rule.arguments}, append_unknown=False)[
                        1
                    ],
                    allowed_roles_for(rule.endpoint),
                )
                for rule in app.url_map.iter_rules()
                if rule.endpoint != "static"
            ]
    finally:
        app.extensions["db_engine"].dispose()


def running_in_ci():
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def skip_or_fail(message):
    """Skip on a developer's machine that lacks a real part (Chromium, redis-server); fail in CI, where a skipped test
    would hide what it checks."""
    if running_in_ci():
        pytest.fail(f"{message} (CI=true: these tests must run)", pytrace=False)
    pytest.skip(message)


def free_port():
    """A TCP port on 127.0.0.1 that nothing is listening on just now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reset_schema(engine):
    """Drop everything, so the migrations run from nothing."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


# Tests whose meaning turns on the date (working days, deadlines, reporting years, due updates, retention): marked
# `dates`, so CI can run them again under each awkward clock without the whole suite.
DATE_SENSITIVE = (
    "tests/cases/",
    "tests/track/",
    "tests/triage/",
    "tests/reports/",
    "tests/kept/",
    "tests/tell_us/",
    "tests/pledge/test_services.py",
    "tests/test_working_days.py",
    "tests/test_retention.py",
)


def pytest_collection_modifyitems(config, items):
    root = config.rootpath
    for item in items:
        path = item.path.relative_to(root).as_posix() if item.path.is_relative_to(root) else ""
        # A module that starts the portal in another process (serve_portal) runs it on the real clock, not the fixed.
        in_another_process = hasattr(item.module, "serve_portal") if item.module else False
        if path.startswith(DATE_SENSITIVE) and not in_another_process:
            item.add_marker(pytest.mark.dates)


@pytest.fixture(scope="session", autouse=True)
def fixed_clock():
    """PORTAL_TEST_CLOCK (an ISO date and time with its offset) sets the clock for the whole run, then lets it tick:
    CI runs the date-sensitive tests (marked `dates`) this way on awkward days (.ci/run). Unset, the real clock."""
    moment = os.environ.get("PORTAL_TEST_CLOCK", "").strip()
    if not moment:
        yield None
        return
    start = datetime.fromisoformat(moment)
    if start.tzinfo is None:
        raise pytest.UsageError("PORTAL_TEST_CLOCK needs an offset, as in 2026-03-29T00:30:00+00:00")
    with time_machine.travel(start, tick=True):
        yield start


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    return url or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def migrated_database(database_url):
    engine = make_engine(database_url)
    reset_schema(engine)
    upgrade_database(engine)
    yield engine
    engine.dispose()


def empty_all_tables(engine):
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # The history tables' triggers refuse DELETE, as they should; tests start clean with triggers off.
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def app(migrated_database, database_url):
    empty_all_tables(migrated_database)
    app = create_app({"PORTAL_ENV": "test", "DATABASE_URL": database_url})
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def make_app(database_url):
    """Makes another app (say, with production settings) on the test database; its connections are closed after."""
    made = []

    def make(**config):
        other = create_app({"DATABASE_URL": database_url, **config})
        made.append(other)
        return other

    yield make
    for other in made:
        other.extensions["db_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db_session(app):
    """A database session for arranging and checking records. Deliberately outside any app context: one held open
    here would be shared by the test client's requests (and with it flask.g)."""
    with app.extensions["db_sessionmaker"]() as session:
        yield session


class Page:
    """A fetched page: the response, its parsed HTML, and checks every page must pass: one h1, a title that starts
    with it, unique ids, every field labelled, every error-summary link pointing at a field."""

    def __init__(self, response):
        self.response = response
        self.html = BeautifulSoup(response.get_data(as_text=True), "html.parser")

    @property
    def status(self):
        return self.response.status_code

    @property
    def h1(self):
        return self.html.find("h1").get_text(" ", strip=True)

    @property
    def title(self):
        return self.html.title.get_text(strip=True)

    def text(self):
        main = self.html.find("main")
        return main.get_text(" ", strip=True) if main else ""

    def error_messages(self):
        return [el.get_text(" ", strip=True) for el in self.html.select(".govuk-error-summary__list a")]

    def check_structure(self):
        h1s = self.html.find_all("h1")
        assert len(h1s) == 1, f"expected exactly one h1, found {len(h1s)}"
        # Unicode isolates (U+2066 to U+2069) keep a year left to right in a title; they are invisible, as a <bdi> is.
        title = re.sub(r"^Error: |[\u2066-\u2069]", "", self.title)
        assert title.startswith(self.h1), f"title {self.title!r} should start with the h1 {self.h1!r}"
        ids = Counter(el["id"] for el in self.html.find_all(id=True))
        repeated = [i for i, n in ids.items() if n > 1]
        assert not repeated, f"ids used more than once: {repeated}"
        for field in self.html.find_all(["input", "select", "textarea"]):
            if field.name == "input" and field.get("type") in ("hidden", "submit", "button"):
                continue
            labelled = (
                field.get("aria-label")
                or field.get("aria-labelledby")
                or (field.get("id") and self.html.find("label", attrs={"for": field["id"]}))
                or field.find_parent("label")
            )
            assert labelled, f"field {field.get('name')!r} has no label"
        for link in self.html.select(".govuk-error-summary a[href^='#']"):
            assert self.html.find(id=link["href"][1:]), f"error summary link {link['href']} points at nothing"
        self.check_groups_ask_a_question()
        return self

    def check_groups_ask_a_question(self):
        """Every group of inputs (radios, checkboxes, a date) sits in a fieldset whose legend shows the question: axe
        passes an empty legend, but a person sees options with nothing asking what they are for."""
        for group in self.html.select(".govuk-radios, .govuk-checkboxes, .govuk-date-input"):
            fieldset = group.find_parent("fieldset")
            assert fieldset, f"a group of inputs ({group.get('class')}) is not in a fieldset"
            legend = fieldset.find("legend")
            assert legend and legend.get_text(strip=True), f"the fieldset around {group.get('class')} asks nothing"
            assert "govuk-visually-hidden" not in (legend.get("class") or []) or self.h1_is_the(legend), (
                f"the question {legend.get_text(strip=True)!r} is hidden from sight"
            )
        for fieldset in self.html.find_all("fieldset"):
            legend = fieldset.find("legend")
            assert legend and legend.get_text(strip=True), "a fieldset has no legend"

    def h1_is_the(self, legend):
        return legend.find("h1") is not None


class PageClient:
    """Fetches pages and posts forms the way a browser does (with the CSRF token from the page), checking each
    HTML page it gets back."""

    def __init__(self, client):
        self.client = client
        self._csrf = None  # (the session cookie it was fetched with, the token)

    def _page(self, response, expected_status):
        assert response.status_code == expected_status, (
            f"expected {expected_status}, got {response.status_code}: {response.get_data(as_text=True)[:500]}"
        )
        if response.mimetype == "text/html":
            return Page(response).check_structure()
        return Page(response)

    def get(self, url, expected_status=200, **kwargs):
        return self._page(self.client.get(url, **kwargs), expected_status)

    def csrf_token(self):
        """The token a form on the sign-in page carries. It stays good while the session does, so it is fetched
        again only when the session cookie has changed since."""
        if self._csrf is None or self._csrf[0] != self._session_cookie():
            page = Page(self.client.get("/sign-in"))
            self._csrf = (self._session_cookie(), page.html.find("input", attrs={"name": "csrf_token"})["value"])
        return self._csrf[1]

    def _session_cookie(self):
        cookie = self.client.get_cookie(self.client.application.config["SESSION_COOKIE_NAME"])
        return cookie.value if cookie else None

    def post(self, url, data=None, expected_status=302, **kwargs):
        data = {"csrf_token": self.csrf_token(), **(data or {})}
        return self._page(self.client.post(url, data=data, **kwargs), expected_status)

    def sign_in(self, email, password=PASSWORD, expected_status=302, **kwargs):
        return self.post("/sign-in", {"email": email, "password": password}, expected_status=expected_status, **kwargs)

    def sign_out(self):
        return self.post("/sign-out")


@pytest.fixture
def pages(client):
    return PageClient(client)


@pytest.fixture
def make_user(app):
    """Makes an account with a role; returns its email."""
    from portal.accounts import create_user

    def make(role, email=None, partner="Virtual School", active=True):
        role = Role(role)
        email = email or f"{role.value}@test.example.org"
        with app.app_context():
            user = create_user(
                email, f"Test {role.label}", role, PASSWORD, partner if role == Role.PARTNER_LEAD else None
            )
            if not active:
                from portal.db import get_session

                user.active = False
                get_session().commit()
        return email

    return make


@pytest.fixture
def sign_in_as(pages, make_user):
    """Signs the test client in with a new account of the given role."""

    def sign_in(role):
        email = make_user(role)
        pages.sign_in(email)
        return email

    return sign_in


@pytest.fixture
def locales_rendered(app):
    """Each template rendered, with the locale Flask-Babel had while rendering it: (template name, locale)."""
    seen = []

    def record(sender, template, context, **extra):
        seen.append((template.name, str(get_locale())))

    template_rendered.connect(record, app)
    yield seen
    template_rendered.disconnect(record, app)


@pytest.fixture
def bracketed(monkeypatch):
    """Every translated word comes back in brackets (tests/marked_words.py): words left unbracketed are unmarked."""
    import flask_babel

    from tests.marked_words import Bracketed

    monkeypatch.setattr(flask_babel.Domain, "get_translations", lambda _self: Bracketed())
