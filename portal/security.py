"""Security headers on every response, and the cross-origin check that guards the one-tap forms on shared pages."""

import functools
from urllib.parse import urlsplit

from flask import current_app, g, request
from flask_login import current_user
from werkzeug.exceptions import Forbidden

# The one inline script on every page: GOV.UK's page template (govuk-frontend-jinja 4.1.0) marks <body> as
# js-enabled before it is first drawn, so nothing moves when the scripts start (CLS 0). Its text never changes, so
# the policy names its hash rather than a nonce per response: a page the same for every visitor can then be kept by
# any cache (portal/shared_pages.py). tests/test_app.py checks every inline script on a page is this one.
GOVUK_TEMPLATE_SCRIPT = (
    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? "
    "' govuk-frontend-supported' : '');"
)
GOVUK_TEMPLATE_SCRIPT_HASH = "sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw="


def mark_private():
    """Call from a view whose page shows private data to someone who is not signed in (a case being tracked)."""
    g.private_page = True


def content_security_policy(document=True):
    """The policy for a page (document=True: its one inline script allowed by hash) or another file."""
    script_src = f"'self' '{GOVUK_TEMPLATE_SCRIPT_HASH}'" if document else "'self'"
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
        headers["Content-Security-Policy"] = content_security_policy(document=False)
        _common_headers(headers, hsts)

    return add_headers


def set_security_headers(response):
    response.headers["Content-Security-Policy"] = content_security_policy()
    _common_headers(response.headers, current_app.config["HSTS"])
    if g.get("private_page") or (request.endpoint != "static" and current_user.is_authenticated):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


# --- Cross-origin posts to one-tap forms ---------------------------------------------------------------------------


class CrossOriginRequest(Forbidden):
    """A form sent to us by a page on another site (portal/errors.py shows the 403 page with this description)."""

    description = (
        "This answer was sent from another website, so we did not keep it. Go to our Pledge page and try again."
    )


def is_cross_origin(headers, host):
    """True when a browser says this request came from another site, as Go 1.25's http.CrossOriginProtection decides:
    Sec-Fetch-Site same-origin or none (typed or bookmarked) is allowed and any other value refused; without it (an
    older browser) Origin's host must be Host; with neither header it is not a browser, or one too old to tell us,
    and it is allowed (a cross-site form post from a browser always carries one of the two since 2020)."""
    site = headers.get("Sec-Fetch-Site")
    if site:
        return site not in ("same-origin", "none")
    origin = headers.get("Origin")
    if not origin:
        return False
    try:
        return urlsplit(origin).netloc != host
    except ValueError:
        return True


def same_origin_posts_only(view):
    """For a one-tap anonymous form on a shared page, which carries no CSRF token (a token would make the page
    different per visitor): refuse a post another site's page made the browser send. Exempt the view from
    CSRFProtect (csrf.exempt) where it is declared."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS") and is_cross_origin(request.headers, request.host):
            raise CrossOriginRequest()
        return view(*args, **kwargs)

    return checked
