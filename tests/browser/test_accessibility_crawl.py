"""Crawl the portal as each demo role, at phone and desktop widths, and run axe-core on every page found.

No list of pages is kept here: the crawl follows every same-origin link from the home page, so pages later work adds
are checked as soon as something links to them. To stay quick as records grow, URLs that differ only in their
numbers (/cases/12, /cases/13) count as one pattern, visited at most twice.

Each role crawls in English. The language links are not followed there (each would show every page again, in every
language, for every role): the pages a visitor sees without signing in, which are the young people's pages, are
crawled again in each other language instead, having chosen it first."""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit, urlunsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from portal.config import config_for
from portal.site import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

VIEWPORTS = ((390, 844), (1280, 800))
MAX_PAGES_PER_CRAWL = 200
MAX_URLS_PER_PATTERN = 2
# Never follow a link whose path looks like signing out: the crawl must stay signed in. (Sign out is a POST form
# today, so no link reaches it; this guards against one appearing.)
SIGN_OUT_PATH = re.compile(r"sign-?out|log-?out", re.IGNORECASE)

ACCOUNTS = [("anonymous", None)] + [(email.split("@")[0], email) for email, *_ in DEMO_ACCOUNTS]
OTHER_LANGUAGES = [code for code in config_for("test").LANGUAGES if code != "en"]
CRAWLS = [(account, email, "en") for account, email in ACCOUNTS] + [
    ("anonymous", None, code) for code in OTHER_LANGUAGES
]


@dataclass
class Crawl:
    origin: str
    queue: deque = field(default_factory=deque)
    seen: set = field(default_factory=set)
    patterns: Counter = field(default_factory=Counter)
    found_on: dict = field(default_factory=dict)
    visited: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    capped: bool = False

    def offer(self, url, found_on):
        """Queue url unless it leaves the site, signs out, was seen, or its pattern has been visited enough."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != self.origin:
            return
        if SIGN_OUT_PATH.search(parts.path):
            return
        if "lang" in parse_qs(parts.query):
            return  # a language link: each language has a crawl of its own
        if parts.path.endswith((".pdf", ".csv")):
            return  # downloads, not pages: axe cannot read them (the report's PDF and CSV have tests of their own)
        url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
        if url in self.seen:
            return
        self.seen.add(url)
        pattern = url_pattern(url)
        if self.patterns[pattern] >= MAX_URLS_PER_PATTERN:
            return
        self.patterns[pattern] += 1
        self.queue.append(url)
        self.found_on[url] = found_on


def url_pattern(url):
    """The URL with every run of digits in its path and query as N: /cases/12?page=3 -> /cases/N?page=N."""
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path) + ("?" + re.sub(r"\d+", "N", parts.query) if parts.query else "")


def visit(page, url):
    """Open url in page; returns (final url, status, content type). Downloads are fetched with the same cookies."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" not in str(error) and "net::ERR_ABORTED" not in str(error):
            raise
        response = None
    if response is None:
        fetched = page.request.get(url)
        try:
            return fetched.url, fetched.status, fetched.headers.get("content-type", "")
        finally:
            fetched.dispose()
    return page.url, response.status, response.headers.get("content-type", "")


def crawl_site(page, base_url, label, axe_violations, describe_violations):
    """Breadth-first from /, running axe on every HTML page; returns the Crawl with its visits and problems."""
    crawl = Crawl(origin=base_url)
    crawl.offer(f"{base_url}/", found_on="(start)")
    while crawl.queue:
        if len(crawl.visited) >= MAX_PAGES_PER_CRAWL:
            crawl.capped = True
            break
        url = crawl.queue.popleft()
        final_url, status, content_type = visit(page, url)
        crawl.visited.append(url)
        crawl.seen.add(final_url.split("#")[0])
        if status != 200:
            crawl.problems.append(f"{label} | {url} | HTTP {status} (linked from {crawl.found_on[url]})")
        if not content_type.startswith("text/html"):
            continue
        violations = axe_violations(page)
        crawl.problems.extend(describe_violations(violations, final_url, page.viewport_size, label))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            crawl.offer(href, found_on=final_url)
    return crawl


@pytest.mark.parametrize(
    ("account", "email", "language", "viewport"),
    [
        pytest.param(account, email, language, viewport, id=f"{account}-{language}-{viewport[0]}x{viewport[1]}")
        for account, email, language in CRAWLS
        for viewport in VIEWPORTS
    ],
)
def test_every_page_reachable_from_home_is_accessible(
    account,
    email,
    language,
    viewport,
    live_server,
    new_context,
    sign_in,
    axe_violations,
    describe_violations,
    record_crawl,
):
    context = new_context(viewport=viewport, javascript_enabled=True)
    page = context.new_page()
    if email:
        sign_in(page, email)
    if language != "en":
        page.goto(f"/?lang={language}")
        assert page.locator("html").get_attribute("lang") == language, f"{language} was not chosen"
    name = f"{account} {language}" if language != "en" else account
    label = f"{name} {viewport[0]}x{viewport[1]}"

    crawl = crawl_site(page, live_server, label, axe_violations, describe_violations)

    record_crawl(name, viewport, crawl.visited, capped=crawl.capped)
    assert len(crawl.visited) > 1, f"{label}: the crawl found no links from the home page"
    if email:
        page.goto("/")
        assert page.locator("form[action$='/sign-out']").count() == 1, f"{label}: the crawl signed itself out"
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == language, f"{label}: the crawl left {language}"
    assert not crawl.problems, f"{label}: {len(crawl.visited)} pages crawled, problems:\n" + "\n".join(crawl.problems)
