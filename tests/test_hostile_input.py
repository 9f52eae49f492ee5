"""Hostile or malformed input never gets a 500: every route, every method it takes, with junk in every field."""

import pytest

from portal.models import Role
from tests.conftest import all_routes

JUNK_VALUES = [
    "",
    "x" * 90_000,
    "\x00\x01\x02",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "😀" * 500,
    "%ff%fe",
    "../../etc/passwd",
]


FIELDS = [
    "email",
    "password",
    "name",
    "role",
    "partner",
    "active",
    "kind",
    "safe_now",
    "words",
    "reply_route",
    "reply_email",
    "reference",
    "code",
    "age_band",
    "told_by",
]


@pytest.mark.parametrize("url", [route.url for route in all_routes() if "POST" in route.methods])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "admin"])
def test_junk_posts_never_get_a_500(pages, sign_in_as, url, signed_in):
    if signed_in:
        sign_in_as(Role.ADMIN)
    token = pages.csrf_token()
    for value in JUNK_VALUES:
        data = {"csrf_token": token, **{field: value for field in FIELDS}}
        response = pages.client.post(url, data=data)
        assert response.status_code < 500, f"{url} with {value[:20]!r}: {response.status_code}"
        response.close()
    # Bytes that are not UTF-8 (a lone surrogate among them), as a broken or hostile client could send.
    body = b"csrf_token=" + token.encode() + b"&words=\xed\xa0\x80\xff\xfe\x00garbage&email=%ff%fe"
    response = pages.client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    response = pages.client.post(url, data="{not json", content_type="application/json")
    assert response.status_code < 500


@pytest.mark.parametrize("url", ["/tell-us/%ff", "/admin/users/99999999999999999999", "/track?x=%00", "/%2e%2e/"])
def test_odd_urls_never_get_a_500(client, url):
    assert client.get(url).status_code < 500
