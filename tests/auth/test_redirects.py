"""After signing in, a `next` target is followed only if it is a plain path on this site; anything else (another
site, a backslash, a control character that would split the Location header) goes to the role's start page. Checked
with hypothesis: on the helper for many targets, and through the sign-in form for fewer."""

from urllib.parse import quote, urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.utils import redirect

from portal import create_app
from portal.auth.redirects import page_after_sign_in
from portal.models import Role, User
from tests.conftest import PASSWORD

# Arbitrary text, and arbitrary text after the prefixes that make the usual tricks.
TRICKY_PREFIXES = ["/", "//", "/\\", "\\", "/\t/", "/\n/", " /", "http:", "https://evil.example", "javascript:"]
targets = st.one_of(
    st.text(),
    st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(TRICKY_PREFIXES), st.text()),
)


def assert_stays_on_this_site(location):
    """location, as a browser would read it in a Location header, is a page of https://portal.example."""
    assert urlsplit(urljoin("https://portal.example/sign-in", location)).netloc == "portal.example"
    # Browsers also drop tabs and newlines anywhere in a URL and read a backslash as a slash.
    as_a_browser_reads_it = location.replace("\\", "/").replace("\t", "").replace("\n", "").replace("\r", "")
    assert as_a_browser_reads_it.startswith("/") and not as_a_browser_reads_it.startswith("//")


@pytest.fixture(scope="module")
def bare_app():
    return create_app({"PORTAL_ENV": "test", "DATABASE_URL": "sqlite://"})


@settings(max_examples=500, deadline=None, database=None)
@given(target=targets)
def test_any_next_gives_a_location_on_this_site_or_the_start_page(bare_app, target):
    with bare_app.test_request_context("/sign-in"):
        page = page_after_sign_in(target, User(role=Role.MANAGER))
        location = redirect(page).headers["Location"]  # werkzeug refuses a newline here: that was the 500
    assert page in (target, "/staff/cases")
    assert_stays_on_this_site(location)


def test_a_plain_local_path_with_a_query_is_followed(bare_app):
    with bare_app.test_request_context("/sign-in"):
        assert page_after_sign_in("/staff/cases?stage=open&page=2", User(role=Role.ADMIN)) == (
            "/staff/cases?stage=open&page=2"
        )


def test_any_next_through_the_sign_in_form_is_never_a_500(pages, make_user):
    email = make_user(Role.ADMIN)

    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(target=targets)
    def sign_in_with(target):
        response = pages.post(f"/sign-in?next={quote(target, safe='')}", {"email": email, "password": PASSWORD})
        assert_stays_on_this_site(response.response.location)

    sign_in_with()
