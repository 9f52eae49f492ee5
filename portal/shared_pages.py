"""Pages that are the same for every signed-out visitor (home, /pledge, the scorecard, the statements, published
reports), sent as plain files any HTTP cache can keep.

Such a page carries nothing per response: no CSRF token (its one-tap forms are checked by
portal.security.same_origin_posts_only instead), no CSP nonce (the policy names the one inline script by hash), and
no Set-Cookie. Each worker renders it once per version of what it shows and compresses it once (brotli and gzip);
its ETag is a hash of its bytes, so every worker gives the same page the same ETag, and a repeat visit gets
304 Not Modified.

How old a page may be: SHARED_PAGE_SECONDS (1 s). A worker answers from its copy for that long (SharedPageCache, the
WSGI layer below, as a CDN in front would), then asks the view's version() again (one small query) and renders only
if it changed. Responses say `public, max-age=SHARED_PAGE_SECONDS, must-revalidate`, and the worker's copy is sent
with its Age rounded up, so a browser or CDN keeps it only for what is left of that time: a newly published Pledge
reaches everyone within SHARED_PAGE_SECONDS, through any cache that follows HTTP.

Who gets them: only a request with no session cookie. Without one nobody is signed in and no message waits, and
Flask sets no cookie for an empty session. Anyone with a session (staff, someone mid-way through Tell us) gets the
page rendered for them, as before (no-store when signed in). A cache keyed on the URL alone could still hand the
shared copy to someone signed in, so shared pages say `Vary: Cookie`: a browser or CDN keeps a copy per Cookie
header, and a signed-in page is never kept at all (no-store).

Each language has its own copy: a visitor with no session reads the page in the language their browser prefers
(portal.i18n), so copies are keyed by path and that language, and say `Vary: Accept-Language` too.

The copies live in each worker's memory, keyed by path and language: a cache of a pure function of the version, not
state that must hold across requests or workers, so nothing has to be told to forget one and a restart loses
nothing."""

import functools
import gzip
import hashlib
import math
import time

import brotli
from flask import current_app, make_response, request
from werkzeug.http import parse_accept_header, parse_cookie, parse_etags

from portal.i18n import accepted_language

ENVIRON_KEY = "portal.shared_page"
MOST_PAGES = 256  # pages kept per worker; when full, start again (a dozen shared pages, in each language)
# What each response of a page has of its own; the rest of the headers are the same every time.
PER_RESPONSE = {"content-length", "content-encoding", "etag", "date", "age", "set-cookie"}
ENCODINGS = ("br", "gzip")


class SharedPage:
    """One page's bytes as rendered for a version, each encoding made once, and the headers it is sent with."""

    def __init__(self, version, text):
        self.version = version
        self.bodies = {"": text.encode()}
        self.tag = hashlib.sha256(self.bodies[""]).hexdigest()[:32]
        self.bodies["gzip"] = gzip.compress(self.bodies[""], compresslevel=9, mtime=0)
        self.bodies["br"] = brotli.compress(self.bodies[""], mode=brotli.MODE_TEXT)
        self.checked_at = time.monotonic()  # when the version was last asked and found to be this one
        self.headers = None  # the rest of a 200's headers, as Flask last sent them (SharedPageCache reads these)

    def etag(self, encoding):
        """A strong ETag per encoding: the bytes differ, so must the tags."""
        return f'"{self.tag}-{encoding}"' if encoding else f'"{self.tag}"'

    def matches(self, if_none_match, encoding):
        """If-None-Match names the copy this encoding would send (compared weakly, as RFC 9110 says: a CDN may mark
        our tag W/). Only that one: a cache holding another encoding's bytes must be sent these."""
        return bool(if_none_match) and parse_etags(if_none_match).contains_weak(self.etag(encoding)[1:-1])


def choose_encoding(accept_encoding):
    accepted = parse_accept_header(accept_encoding)
    return next((encoding for encoding in ENCODINGS if accepted[encoding]), "")


def validators(app, page, encoding):
    """The headers a 200 and a 304 of a shared page both carry."""
    return [
        ("ETag", page.etag(encoding)),
        ("Cache-Control", f"public, max-age={math.ceil(app.config['SHARED_PAGE_SECONDS'])}, must-revalidate"),
        ("Vary", "Accept-Encoding, Accept-Language, Cookie"),
    ]


def for_everyone(app, environ):
    """True for a GET or HEAD with no session cookie: the visitor is not signed in and nothing is waiting for them."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    cookie = environ.get("HTTP_COOKIE")
    return not cookie or app.config["SESSION_COOKIE_NAME"] not in parse_cookie(cookie)


def _pages(app):
    return app.extensions.setdefault("shared_pages", {})


def _key(app, environ):
    """A copy per path and language: a visitor with no session reads the language their browser prefers."""
    language = accepted_language(environ.get("HTTP_ACCEPT_LANGUAGE"), app.config["LANGUAGES"])
    return environ.get("PATH_INFO", ""), language


def shared_page(version=None):
    """Decorate a public view whose page is the same for every signed-out visitor. version() names what the page
    shows (for /pledge, the published version and the demo flag) in one cheap query; without it the page is rendered
    again each time the worker's copy is SHARED_PAGE_SECONDS old and kept if its bytes are the same."""

    def decorate(view):
        @functools.wraps(view)
        def shared(*args, **kwargs):
            app = current_app._get_current_object()
            if not for_everyone(app, request.environ) or request.query_string:
                return view(*args, **kwargs)  # a copy is kept for the bare address only: never one a visitor made
            key, pages = _key(app, request.environ), _pages(app)
            page, current = pages.get(key), version() if version else None
            if page is None or version is None or page.version != current:
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200 or response.mimetype != "text/html" or "Set-Cookie" in response.headers:
                    return response  # a redirect, or (never expected) a page of its own: sent as it is, not kept
                text = response.get_data(as_text=True)
                if page is not None and page.bodies[""] == text.encode():
                    page.version = current  # the same bytes: its ETag and compressed copies stand
                else:
                    page = SharedPage(current, text)
                    if len(pages) >= MOST_PAGES:
                        pages.clear()
                    pages[key] = page
            page.checked_at = time.monotonic()
            request.environ[ENVIRON_KEY] = page
            headers = request.headers
            return _response(app, page, headers.get("Accept-Encoding", ""), headers.get("If-None-Match"))

        return shared

    return decorate


def _response(app, page, accept_encoding, if_none_match):
    encoding = choose_encoding(accept_encoding)
    headers = validators(app, page, encoding)
    if page.matches(if_none_match, encoding):
        return app.response_class(status=304, headers=headers)
    if encoding:
        headers.append(("Content-Encoding", encoding))
    return app.response_class(page.bodies[encoding], mimetype="text/html", headers=headers)


class SharedPageCache:
    """WSGI: answer a request for a shared page from this worker's copy while it is younger than SHARED_PAGE_SECONDS,
    with the headers Flask last sent it with; anything else goes to Flask. What a CDN in front does, each worker does
    for itself, so most requests for /pledge cost no more than a file's."""

    def __init__(self, wsgi_app, app):
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ, start_response):
        page = self._fresh_copy(environ)
        if page is None:
            return self._from_flask(environ, start_response)
        encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        age = str(math.ceil(time.monotonic() - page.checked_at))
        if page.matches(environ.get("HTTP_IF_NONE_MATCH"), encoding):
            start_response("304 Not Modified", [*validators(self.app, page, encoding), ("Age", age)])
            return []
        body = page.bodies[encoding]
        headers = [*page.headers, ("ETag", page.etag(encoding)), ("Content-Length", str(len(body))), ("Age", age)]
        if encoding:
            headers.append(("Content-Encoding", encoding))
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _fresh_copy(self, environ):
        if environ.get("QUERY_STRING") or not for_everyone(self.app, environ):
            return None
        page = _pages(self.app).get(_key(self.app, environ))
        if page is None or page.headers is None:
            return None
        return page if time.monotonic() - page.checked_at < self.app.config["SHARED_PAGE_SECONDS"] else None

    def _from_flask(self, environ, start_response):
        def keep_headers(status, headers, exc_info=None):
            page = environ.get(ENVIRON_KEY)
            names = {name.lower() for name, _value in headers}
            if page is not None and status.startswith("200") and "set-cookie" not in names:
                page.headers = [(name, value) for name, value in headers if name.lower() not in PER_RESPONSE]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, keep_headers)
