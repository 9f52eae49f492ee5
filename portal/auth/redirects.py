"""Where someone goes after signing in: the page they asked for, if it is a plain path on this site, or else their
role's start page. The one place a `next` target is checked."""

import unicodedata
from urllib.parse import urlsplit

from flask import url_for

from portal.models import Role

# The page each role uses most: where signing in leads when no page (or no usable page) was asked for.
START_PAGES = {
    Role.RMA_MEMBER: "drafting.drafts",
    Role.PARTICIPATION_OFFICER: "drafting.drafts",
    Role.PARTNER_LEAD: "kept.partner_promises",
    Role.COMPLAINTS_OFFICER: "triage.cases",
    Role.MANAGER: "triage.cases",
    Role.ADMIN: "admin.users",
}


def _unsafe_character(character):
    # Control and format characters (C0, DEL, C1, bidi overrides, ...) and the Unicode line and paragraph
    # separators: a newline in a Location header is a 500 (or a forged header), and browsers drop tabs and
    # newlines from URLs, so "/<tab>/host" becomes "//host", another site.
    return unicodedata.category(character)[0] == "C" or unicodedata.category(character) in ("Zl", "Zp")


def is_local_path(target):
    """True if target is a path on this site ("/staff/cases?page=2"), safe to put in a Location header."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return False
    # Browsers read a backslash as a slash, so "/\\host" is "//host".
    if "\\" in target or any(_unsafe_character(character) for character in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def start_page_for(user):
    return url_for(START_PAGES.get(user.role, "public.home"))


def page_after_sign_in(target, user):
    """target if it is a plain path on this site, else user's start page."""
    return target if is_local_path(target) else start_page_for(user)
