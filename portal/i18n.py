"""Languages (Flask-Babel): which language a page is in, and which way it reads.

Young people's pages (those anyone may open) follow the language the visitor chose with a link (`?lang=fa-AF`, kept
in the session for the visit), else the browser's preferred languages, else English. Staff pages stay in English.
Codes are BCP 47 as in the LANGUAGES setting ("fa-AF"); Babel's catalogues use its own form ("fa_AF")."""

from urllib.parse import urlencode

from babel import Locale
from flask import current_app, has_request_context, redirect, request, session, url_for
from flask_babel import Babel, get_locale
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from portal.config import ROOT

SESSION_KEY = "language"
SOURCE = "en"
babel = Babel()


def init_app(app, young_peoples_page):
    """young_peoples_page() says whether this request's page follows the language chosen (pages anyone may open)."""
    app.extensions["young_peoples_page"] = young_peoples_page
    babel.init_app(
        app,
        locale_selector=page_language_for_babel,
        default_translation_directories=str(ROOT / "translations"),
    )
    app.before_request(remember_chosen_language)


def languages():
    return current_app.config["LANGUAGES"]


def babel_name(code):
    return code.replace("-", "_")


def accepted_language(accept_language, offered):
    """The best of `offered` codes for an Accept-Language header, or English."""
    return parse_accept_header(accept_language or "", LanguageAccept).best_match(list(offered), default=SOURCE)


def young_peoples_page():
    return current_app.extensions["young_peoples_page"]()


def page_language():
    """The BCP 47 code of the language this request's page is in; English outside a request (a command, the worker).
    An email to a young person is rendered under Flask-Babel's force_locale instead, which does not ask this."""
    if not has_request_context() or not young_peoples_page():
        return SOURCE
    chosen = session.get(SESSION_KEY)
    if chosen in languages():
        return chosen
    return accepted_language(request.headers.get("Accept-Language"), languages())


def page_language_name():
    """This page's language, named in itself ("دری" for Dari)."""
    return languages().get(page_language(), "")


def page_language_for_babel():
    return babel_name(page_language())


def remember_chosen_language():
    """A language link (`?lang=ar`) keeps the choice for the visit, then shows the same page without it: so the
    address stays the page's own, and a page kept for everyone is never answered for a link."""
    chosen = request.args.get("lang")
    if chosen is None or request.method != "GET" or request.endpoint is None or not young_peoples_page():
        return None
    if chosen in languages():
        session[SESSION_KEY] = chosen
    # The page's own address from its route (never the path as typed), then the rest of the query as it came: passed
    # to url_for, a parameter named like one of its options (_scheme, _external) would change the address.
    rest = [(name, value) for name, value in request.args.items(multi=True) if name != "lang"]
    address = url_for(request.endpoint, **(request.view_args or {}))
    return redirect(address + ("?" + urlencode(rest) if rest else ""), 303)


def text_direction(code=None):
    """ "rtl" or "ltr" for a language (this page's, unless named), as Babel knows it."""
    locale = Locale.parse(babel_name(code)) if code else get_locale()
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def in_english(words):
    """English words on a page in another language (a promise not translated yet, a theme's heading): marked as
    English, so a screen reader says them in English, and kept left to right inside right-to-left text. On an
    English page, the words as they are."""
    if page_language() == SOURCE:
        return words
    return Markup('<span lang="en" dir="ltr">%s</span>') % words


def left_to_right(text):
    """Text that reads left to right in any language (a year like 2025-26, a phone number), between Unicode
    isolates (U+2066, U+2069). Unlike <bdi>, they hold in a page's <title> and in a plain-text email too."""
    return f"\u2066{text}\u2069"
