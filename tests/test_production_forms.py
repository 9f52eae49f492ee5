"""Forms work in production over HTTPS, where browsers send no Referer (Referrer-Policy: no-referrer)."""

import re


def test_a_form_posted_over_https_without_a_referer_is_accepted_in_production(make_app, monkeypatch):
    monkeypatch.delenv("STAFF_SECOND_FACTOR", raising=False)
    production = make_app(PORTAL_ENV="production", SECRET_KEY="x" * 32)
    client = production.test_client()
    https = "https://portal.example.org"
    page = client.get("/sign-in", base_url=https)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post(
        "/sign-in", data={"csrf_token": token, "email": "nobody@example.org", "password": "x"}, base_url=https
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    # Without the token it is still refused.
    refused = client.post("/sign-in", data={"email": "nobody@example.org", "password": "x"}, base_url=https)
    assert refused.status_code == 400
