"""Browser fixtures: the real app under gunicorn on its own database, Debian's Chromium driven by Playwright, and
axe-core injected into pages.

- live_server: the base URL of a gunicorn serving wsgi:app, migrated and loaded with demo data, for the session.
- new_context(viewport=(w, h), javascript_enabled=True): a fresh browser context (own cookies) with base_url set,
  closed after the test.
- exit_page_url: where the live server's Exit this page leads (a harmless page of its own).
- sign_in(page, email, password=DEMO_PASSWORD): signs a page in through the real form.
- check_axe(page, label): fails listing every axe violation on the page; axe_violations(page) returns them.
  Both work with JavaScript on or off.

Only Debian's /usr/bin/chromium is used, never a browser Playwright downloads. Without it the tests skip, except
under CI=true, where they fail: CI must never pass by not running them."""

import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portal.site import DEMO_PASSWORD
from tests.conftest import free_port, skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
SERVER_START_SECONDS = 30
EXIT_PAGE_PATH = "/healthz?exit-page"
CRAWL_SUMMARY = pytest.StashKey[list]()


# --- The server --------------------------------------------------------------------------------------------------


def own_postgres_database(url, suffix="browser"):
    """Make <db>_<suffix> beside the unit tests' database (they empty theirs between tests); returns its URL."""
    url = make_url(url)
    own_url = url.set(database=f"{url.database}_{suffix}")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            name = connection.dialect.identifier_preparer.quote(own_url.database)
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            connection.execute(text(f"CREATE DATABASE {name}"))
    finally:
        engine.dispose()
    return own_url.render_as_string(hide_password=False)


def drop_postgres_database(browser_url, admin_url):
    engine = create_engine(make_url(admin_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            name = connection.dialect.identifier_preparer.quote(make_url(browser_url).database)
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
    finally:
        engine.dispose()


def run_flask_command(bin_dir, env, *args):
    result = subprocess.run(
        [str(bin_dir / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"flask {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def wait_until_healthy(base_url, server, log_path):
    deadline = time.monotonic() + SERVER_START_SECONDS
    last_problem = "no answer yet"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310 - our loopback
                if response.status == 200:
                    return
                last_problem = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last_problem = f"HTTP {error.code}"
            error.close()
        except (urllib.error.URLError, OSError) as error:
            last_problem = str(error)
        time.sleep(0.1)
    state = f"exited with {server.returncode}" if server.poll() is not None else "still running"
    pytest.fail(
        f"The portal at {base_url} did not answer /healthz with 200 within {SERVER_START_SECONDS}s "
        f"(gunicorn {state}; last: {last_problem}). Its log:\n{log_path.read_text(errors='replace')}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The base URL of the real app under gunicorn, on its own database with demo data loaded."""
    workdir = tmp_path_factory.mktemp("browser")
    bin_dir = Path(sys.executable).parent
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    env.update(PORTAL_ENV="development", SECRET_KEY=secrets.token_hex(32), PYTHONUNBUFFERED="1")

    shared_url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    postgres_admin_url = None
    if shared_url and make_url(shared_url).get_backend_name() == "postgresql":
        postgres_admin_url = shared_url
        env["DATABASE_URL"] = own_postgres_database(shared_url)
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'browser.sqlite3'}"

    server = None
    log_path = workdir / "gunicorn.log"
    log = log_path.open("w")
    try:
        run_flask_command(bin_dir, env, "migrate")
        run_flask_command(bin_dir, env, "demo")
        base_url = f"http://127.0.0.1:{free_port()}"
        # Exit this page sends people to a page on the internet, which this machine cannot reach, and Playwright's
        # routes never see a redirect's next hop (Chromium follows it inside its network stack), so without
        # JavaScript the 303 from /tell-us/exit could not be answered by a route. A harmless page of our own stands in.
        env["EXIT_PAGE_URL"] = base_url + EXIT_PAGE_PATH
        server = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "--bind",
                base_url.removeprefix("http://"),
                "--workers",
                "1",
                "--access-logfile",
                "-",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until_healthy(base_url, server, log_path)
        yield base_url
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()
        if postgres_admin_url:
            drop_postgres_database(env["DATABASE_URL"], postgres_admin_url)


@pytest.fixture
def exit_page_url(live_server):
    """Where the live server's Exit this page leads."""
    return live_server + EXIT_PAGE_PATH


# --- The browser -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, for the whole session."""
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium not installed: apt-get install chromium to run browser tests (no {CHROMIUM})")
    if not AXE_SOURCE.exists():
        skip_or_fail(f"axe-core not installed: run make test (or npm ci) to get {AXE_SOURCE.relative_to(ROOT)}")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@contextlib.contextmanager
def contexts_on(browser, base_url):
    """open_context(viewport=(1280, 800), javascript_enabled=True, **options): a browser context with its own cookies,
    relative URLs resolved against base_url; every context opened is closed when the block ends. For a portal a test
    module serves itself (tests/portal_server.py) as for the live server."""
    contexts = []

    def open_context(viewport=(1280, 800), javascript_enabled=True, **options):
        width, height = viewport
        context = browser.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=javascript_enabled,
            base_url=base_url,
            **options,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    try:
        yield open_context
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def new_context(browser, live_server):
    """Opens a browser context with its own cookies: new_context(viewport=(390, 844), javascript_enabled=True).
    Relative URLs in page.goto resolve against the live server. Every context is closed after the test."""
    with contexts_on(browser, live_server) as open_context:
        yield open_context


# --- Helpers for pages ---------------------------------------------------------------------------------------------


def sign_in(page, email, password=DEMO_PASSWORD):
    """Sign page's context in through the real sign-in form; fails if the portal does not accept the account."""
    page.goto("/sign-in")
    page.fill("input[name='email']", email)
    page.fill("input[name='password']", password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if page.locator("form[action$='/sign-out']").count() == 0:
        errors = page.locator(".govuk-error-summary").all_inner_texts()
        pytest.fail(f"Signing in as {email} failed: still at {page.url}; {errors or 'no error summary'}")


@cache
def axe_source():
    return AXE_SOURCE.read_text(encoding="utf-8")


# Whether the page's scripts run: a <noscript> parsed through innerHTML keeps its children only when they do not.
SCRIPTING_ENABLED = """() => {
    const probe = document.createElement('div');
    probe.innerHTML = '<noscript><p></p></noscript>';
    return probe.querySelector('noscript p') === null;
}"""

# With JavaScript off, Chromium still runs our page.evaluate calls but never fires timers or queueMicrotask
# callbacks, and axe.run waits on both. On such a page (no page script can run to notice) they are replaced by a
# queue that the Python side drives, each poll running the timers that are due.
MANUAL_TIMERS = """() => {
    if (window.__portalTimers) return;
    const timers = new Map();
    let nextId = 1;
    window.setTimeout = (callback, delay = 0, ...args) => {
        const id = nextId++;
        timers.set(id, {callback, args, due: performance.now() + (Number(delay) || 0)});
        return id;
    };
    window.clearTimeout = (id) => { timers.delete(id); };
    window.queueMicrotask = (callback) => { Promise.resolve().then(callback); };
    window.__portalTimers = {
        runDue() {
            const now = performance.now();
            for (const [id, timer] of [...timers]) {
                if (timer.due > now || !timers.delete(id) || typeof timer.callback !== 'function') continue;
                try { timer.callback(...timer.args); } catch (error) { console.error(error); }
            }
        },
    };
}"""

START_AXE = """(options) => {
    window.__portalAxe = null;
    axe.run(document, options).then(
        (results) => {
            window.__portalAxe = {violations: results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
            }))};
        },
        (error) => { window.__portalAxe = {error: String((error && error.stack) || error)}; },
    );
}"""

POLL_AXE = """() => {
    if (window.__portalTimers) window.__portalTimers.runDue();
    return window.__portalAxe;
}"""


def axe_violations(page, timeout=60):
    """Run axe-core's WCAG 2.0/2.1/2.2 A and AA rules on page; returns the violations as plain dicts.

    The script goes in through page.evaluate: the portal's CSP (rightly) refuses an injected <script> tag.
    Works with JavaScript on or off; the run is polled, so a run that never finishes fails after timeout seconds."""
    if not page.evaluate(SCRIPTING_ENABLED):
        page.evaluate(MANUAL_TIMERS)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # The trailing expression keeps the evaluation's result small and serialisable.
        page.evaluate(axe_source() + "\n;void 0")
    page.evaluate(START_AXE, AXE_OPTIONS)
    deadline = time.monotonic() + timeout
    while (outcome := page.evaluate(POLL_AXE)) is None:
        if time.monotonic() > deadline:
            pytest.fail(f"axe did not finish on {page.url} within {timeout}s", pytrace=False)
        time.sleep(0.01)
    if "error" in outcome:
        pytest.fail(f"axe failed on {page.url}: {outcome['error']}", pytrace=False)
    return outcome["violations"]


def describe_violations(violations, url, viewport, label):
    """One line per violation and node: label (the role), url, viewport, rule and the selectors to find it."""
    size = f"{viewport['width']}x{viewport['height']}" if viewport else "no viewport"
    lines = []
    for violation in violations:
        lines.append(f"{label} | {url} | {size} | {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " >> ".join(json.dumps(part) if not isinstance(part, str) else part for part in node["target"])
            lines.append(f"    target: {target}")
            lines.append(f"      html: {node['html'][:200]}")
    return lines


def axe_at_both_widths(page, label):
    """check_axe at 390 and 1280 px, leaving the page at the width it had."""
    before = page.viewport_size
    for width, height in ((390, 844), (1280, 800)):
        page.set_viewport_size({"width": width, "height": height})
        check_axe(page, f"{label}, {width}px")
    page.set_viewport_size(before)


def check_axe(page, label):
    """Fail, listing every violation, if axe finds any WCAG 2.2 A/AA problem on the page as it is now."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            "axe found accessibility violations:\n"
            + "\n".join(describe_violations(violations, page.url, page.viewport_size, label)),
            pytrace=False,
        )


@pytest.fixture(name="sign_in")
def sign_in_fixture():
    """sign_in(page, email, password=DEMO_PASSWORD), for tests (the importlib import mode keeps conftest private)."""
    return sign_in


@pytest.fixture(name="check_axe")
def check_axe_fixture():
    """check_axe(page, label)."""
    return check_axe


@pytest.fixture(name="axe_violations")
def axe_violations_fixture():
    """axe_violations(page) -> list of violations; describe_violations formats them."""
    return axe_violations


@pytest.fixture(name="describe_violations")
def describe_violations_fixture():
    return describe_violations


# --- The crawl's summary -------------------------------------------------------------------------------------------


@pytest.fixture
def record_crawl(request):
    """record_crawl(label, viewport, urls, capped=False): printed now (pytest -s shows the pages), and counted in
    the summary at the end of the run."""

    def record(label, viewport, urls, capped=False):
        size = f"{viewport[0]}x{viewport[1]}"
        note = " (stopped at the cap: some pages were not visited)" if capped else ""
        request.config.stash.setdefault(CRAWL_SUMMARY, []).append((label, size, len(urls), note))
        paths = " ".join(sorted(urlsplit(url)._replace(scheme="", netloc="").geturl() for url in urls))
        print(f"\naccessibility crawl: {label} at {size}: {len(urls)} pages{note}: {paths}")

    return record


def pytest_terminal_summary(terminalreporter, config):
    rows = config.stash.get(CRAWL_SUMMARY, [])
    if not rows:
        return
    terminalreporter.write_sep("-", "accessibility crawl: pages visited per role and viewport")
    for label, size, pages, note in rows:
        terminalreporter.write_line(f"{label:<16} {size:>9}  {pages:>4} pages{note}")
