"""Security headers on every response, and the CSP nonce templates use."""

import secrets

from flask import current_app, g, request
from flask_login import current_user


def csp_nonce():
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def mark_private():
    """Call from a view whose page shows private data to someone who is not signed in (a case being tracked)."""
    g.private_page = True


def content_security_policy(nonce=None):
    script_src = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    return (
        "default-src 'self'; "
        f"script-src {script_src}; "
        "style-src 'self'; "
        "img-src 'self' data:; "
        "font-src 'self'; "
        "connect-src 'self'; "
        "object-src 'none'; "
        "base-uri 'none'; "
        "form-action 'self'; "
        "frame-ancestors 'none'"
    )


def _common_headers(headers, hsts):
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if hsts:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"


def static_file_headers_for(app):
    """WhiteNoise's add_headers_function: the same headers on static files as on pages, except that a stylesheet or
    script, which is never opened as a document, goes without the document-only ones (CSP, frame and permission
    policies): every byte counts on a young person's data plan."""
    hsts = app.config["HSTS"]

    def add_headers(headers, path, _url):
        if path.endswith((".css", ".js", ".mjs")):
            headers["X-Content-Type-Options"] = "nosniff"
            if hsts:
                headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
            return
        headers["Content-Security-Policy"] = content_security_policy()
        _common_headers(headers, hsts)

    return add_headers


def set_security_headers(response):
    response.headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    _common_headers(response.headers, current_app.config["HSTS"])
    if g.get("private_page") or (request.endpoint != "static" and current_user.is_authenticated):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response
