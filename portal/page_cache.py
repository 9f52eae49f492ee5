"""Public pages that change only when something is published, rendered once per worker and then kept.

A kept page is the same for everyone who is not signed in. What must differ per response, the CSRF token and the CSP
nonce, is rendered as a marker and put in as the page is sent. The key names everything the page shows (for /pledge,
the published version and when it was published: a published version never changes), and the view reads it from the
database on every request. So a worker's copy can never be out of date, and no worker has to be told to forget one:
publishing a new version changes the key for all of them at once."""

import secrets

from flask import current_app, render_template, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal.security import csp_nonce

KEPT_PER_WORKER = 16  # keys; when full, start again (each key is one published version, so this is rare)


def _markers():
    """This app's random markers: nobody can type one into content, so only the real places are replaced."""
    if "kept_page_markers" not in current_app.extensions:
        current_app.extensions["kept_page_markers"] = {"csrf": secrets.token_hex(16), "nonce": secrets.token_hex(16)}
    return current_app.extensions["kept_page_markers"]


def render_kept(key, template, context):
    """template rendered with context() (called only when the page is not kept yet), from this worker's copy for key
    when the visitor is not signed in and has no message waiting; rendered as usual otherwise."""
    if current_user.is_authenticated or session.get("_flashes"):
        return render_template(template, **context())
    markers = _markers()
    pages = current_app.extensions.setdefault("kept_pages", {})
    page = pages.get((template, key))
    if page is None:
        if len(pages) >= KEPT_PER_WORKER:
            pages.clear()
        page = render_template(template, csrf_token=lambda: markers["csrf"], cspNonce=markers["nonce"], **context())
        pages[(template, key)] = page
    return page.replace(markers["csrf"], generate_csrf()).replace(markers["nonce"], csp_nonce())
