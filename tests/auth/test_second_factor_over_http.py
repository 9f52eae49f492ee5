"""The second-factor set-up secret belongs to one pending sign-in, over real HTTP (gunicorn, two workers): two people
who pass the password step for the same account each get their own secret, one's secret does not confirm the other's
set-up, and once set up, the set-up page shows no secret to anyone."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pyotp
import pytest

from portal.site import DEMO_PASSWORD
from tests.portal_server import serve_portal

ACCOUNT = "complaints@example.org"  # a demo account that has not set up a second factor
STORED_SECRET = "SELECT totp_secret FROM users WHERE email = 'complaints@example.org'"
WRONG_CODE = "Enter a correct code. Codes from the app change every 30 seconds"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with serve_portal(tmp_path_factory.mktemp("set-up"), "set-up", workers=2, STAFF_SECOND_FACTOR="true") as running:
        yield running


class Browser:
    """One person's browser: its own cookie jar, following redirects as a browser does."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        """(final path, body) after any redirects."""
        with self.opener.open(f"{self.base_url}{path}", timeout=30) as response:
            return urllib.parse.urlsplit(response.url).path, response.read().decode()

    def post_form(self, path, fields):
        """GET the form at path and POST it with its CSRF token: (status, final path, body)."""
        _path, page = self.get(path)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, **fields}).encode()
        request = urllib.request.Request(f"{self.base_url}{path}", data=data)  # noqa: S310 - our loopback server
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, urllib.parse.urlsplit(response.url).path, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, path, error.read().decode()

    def pass_the_password_step(self):
        status, path, _body = self.post_form("/sign-in", {"email": ACCOUNT, "password": DEMO_PASSWORD})
        assert (status, path) == (200, "/second-factor/set-up")

    def set_up_secret(self):
        """The secret the set-up page shows this browser, or None if it shows none."""
        _path, body = self.get("/second-factor/set-up")
        shown = re.search(r'id="set-up-key"[^>]*>([^<]*)<', body)
        return shown.group(1).replace(" ", "").strip() if shown else None

    def signed_in(self):
        return 'action="/sign-out"' in self.get("/")[1]


def test_each_pending_sign_in_gets_its_own_set_up_secret_and_none_is_shown_once_set_up(portal):
    first, second = Browser(portal.base_url), Browser(portal.base_url)
    first.pass_the_password_step()
    second.pass_the_password_step()
    first_secret, second_secret = first.set_up_secret(), second.set_up_secret()
    assert first_secret and second_secret
    assert first_secret != second_secret, "two people passing the password step were shown the same secret"
    assert first.set_up_secret() == first_secret, "a reload of the page keeps this sign-in's secret"
    assert portal.query(STORED_SECRET) is None, "not stored until confirmed"

    # A code from the secret shown to the first person does not confirm set-up in the second person's session.
    status, _path, body = second.post_form("/second-factor/set-up", {"code": pyotp.TOTP(first_secret).now()})
    assert status == 200 and WRONG_CODE in body
    assert not second.signed_in()

    # The second person confirms with their own secret: that secret, and no other, is stored.
    status, _path, body = second.post_form("/second-factor/set-up", {"code": pyotp.TOTP(second_secret).now()})
    assert status == 200 and "Save your recovery codes" in body
    assert second.signed_in()
    assert portal.query(STORED_SECRET) == second_secret

    # After that, nobody is shown a secret: not the first person, whose pending sign-in is still fresh, and not a
    # third who passes the password step now (they are asked for a code instead).
    assert first.set_up_secret() is None
    status, path, body = first.post_form("/second-factor/set-up", {"code": pyotp.TOTP(first_secret).now()})
    assert path == "/second-factor" and not first.signed_in()
    third = Browser(portal.base_url)
    status, path, _body = third.post_form("/sign-in", {"email": ACCOUNT, "password": DEMO_PASSWORD})
    assert (status, path) == (200, "/second-factor")
    assert third.set_up_secret() is None
    assert first_secret not in third.get("/second-factor/set-up")[1].replace(" ", "")
