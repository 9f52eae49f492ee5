"""Property-based hostile input (issue 11): for every form in the URL map, as someone allowed to use it, on the demo
data, hypothesis posts arbitrary text of any length and script, repeated fields, missing or wrong CSRF tokens, and
bodies in other encodings or not encoded at all. The property: never a 500."""

import contextlib
from datetime import UTC, datetime

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.access import ANYONE
from portal.limits import forget_finished_windows
from portal.site import DEMO_EMAILS, DEMO_PASSWORD
from tests.conftest import all_routes
from tests.test_hostile_input import FIELDS

EXAMPLES_PER_FORM = 12  # modest: make test runs this on SQLite and PostgreSQL
FORMS = [route for route in all_routes() if "POST" in route.methods and route.url != "/sign-out"]

any_text = st.text(max_size=200)
long_text = st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=4), st.integers(500, 40_000))
a_value = st.one_of(any_text, long_text, st.sampled_from(["", "0", "-1", "1e309", "9" * 40, "yes", "on", "\x00"]))
ENCODINGS = ["utf-8", "latin-1", "utf-16", "shift_jis", "no-such-charset"]


def account_for(route):
    """A demo account allowed to use the route (None: anyone may)."""
    if route.allowed == ANYONE:
        return None
    return next(DEMO_EMAILS[role] for role in DEMO_EMAILS if role in route.allowed)


def field_names(client, route):
    """The names the form itself has (from its page, where it has one), with the usual ones besides."""
    names = set(FIELDS)
    if "GET" in route.methods:
        response = client.get(route.url)
        if response.status_code == 200 and response.mimetype == "text/html":
            html = BeautifulSoup(response.get_data(as_text=True), "html.parser")
            names |= {tag["name"] for tag in html.find_all(["input", "select", "textarea"], attrs={"name": True})}
        response.close()
    names.discard("csrf_token")
    return sorted(names)


def csrf_token(client):
    response = client.get("/sign-in")
    html = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return html.find("input", attrs={"name": "csrf_token"})["value"]


def poster(client, url, names, token, server_errors):
    """A hypothesis test posting arbitrary input to url; a 5xx is recorded in server_errors and fails it."""

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        fields=st.dictionaries(st.sampled_from(names), st.one_of(a_value, st.lists(a_value, max_size=3))),
        with_token=st.sampled_from(["right", "right", "wrong", "none"]),
        raw=st.one_of(st.none(), st.binary(max_size=3000)),
        encoding=st.sampled_from(ENCODINGS),
    )
    def post_anything(fields, with_token, raw, encoding):
        data = dict(fields)
        if with_token != "none":
            data["csrf_token"] = token if with_token == "right" else token[::-1]
        if raw is None:
            response = client.post(url, data=data)
        else:
            # A body that is not valid form encoding, or is in another charset than it says.
            body = b"csrf_token=" + token.encode() + b"&" + raw
            content_type = f"application/x-www-form-urlencoded; charset={encoding}"
            response = client.post(url, data=body, content_type=content_type)
        status = response.status_code
        response.close()
        if status >= 500:
            server_errors.append((url, status, fields if raw is None else raw[:80]))
        assert status < 500

    return post_anything


def test_arbitrary_input_to_every_form_never_gets_a_500(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    server_errors = []
    for route in FORMS:
        client = app.test_client()
        with app.app_context():
            forget_finished_windows(datetime.max.replace(tzinfo=UTC))  # each form starts with no tries used
        email = account_for(route)
        if email:
            signed_in = client.post(
                "/sign-in", data={"csrf_token": csrf_token(client), "email": email, "password": DEMO_PASSWORD}
            )
            assert signed_in.status_code == 302, f"{email} could not sign in"
        names = field_names(client, route)
        token = csrf_token(client)

        # A failure is recorded in server_errors (with the examples hypothesis tried); go on to the next form.
        with contextlib.suppress(AssertionError):
            poster(client, route.url, names, token, server_errors)()
    assert sorted({url for url, _status, _example in server_errors}) == [], server_errors[-10:]
