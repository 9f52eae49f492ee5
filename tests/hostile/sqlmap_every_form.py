"""make sqlmap: sqlmap (Debian's package) against every form and every query parameter of the portal, served by
gunicorn on 127.0.0.1 with demo data, signed in as an account allowed to use each form. Prints one line per target
and the count of findings; exits 1 if sqlmap calls anything injectable.

Forms come from the URL map (every route that takes POST), with the field names their pages show; query parameters
are the ones the views read. SQLMAP_ARGS adds options (e.g. "--level 3 --risk 2"); SQLMAP_ONLY=substring picks
targets. Every run is bounded: SQLMAP_TARGET_SECONDS per target (180 by default), killed past it, and reported.

    .venv/bin/python tests/hostile/sqlmap_every_form.py"""

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import serve  # noqa: E402 - the bench's gunicorn, client and database helpers
from conftest import SAMPLE_ARGUMENTS  # noqa: E402 - a real value for URL arguments that are not ids

from portal import create_app  # noqa: E402
from portal.access import ANYONE, allowed_roles_for  # noqa: E402
from portal.models import Role  # noqa: E402
from portal.site import DEMO_EMAILS, DEMO_PASSWORD  # noqa: E402

# Query parameters the views read (request.args), with a harmless value each.
QUERY_TARGETS = [
    ("/staff/cases", {"q": "social", "after": "x", "status": "open", "kind": "complaint"}, Role.COMPLAINTS_OFFICER),
    ("/tell-us", {"promise": "1"}, None),
    ("/tell-us/what-happened", {"change": "1"}, None),
    ("/sign-in", {"next": "/pledge"}, None),
    ("/theme.css", {"v": "x"}, None),
]
LIMITS = [
    "SIGN_IN_LIMIT_PER_ACCOUNT",
    "SIGN_IN_LIMIT_PER_ADDRESS",
    "TELL_US_LIMIT_PER_ADDRESS",
    "TELL_US_LIMIT_PER_DEVICE",
    "TRACK_LIMIT_PER_REFERENCE_AND_ADDRESS",
    "TRACK_LIMIT_PER_REFERENCE",
    "TRACK_LIMIT_PER_ADDRESS",
    "KEPT_LIMIT_PER_ADDRESS",
    "CONSULTATION_LIMIT_PER_ADDRESS",
    "TELL_US_MORE_LIMIT_PER_ADDRESS",
    "I_KNOW_LIMIT_PER_ADDRESS",
    "COMMENT_REPORT_LIMIT_PER_ADDRESS",
]
TARGET_SECONDS = int(os.environ.get("SQLMAP_TARGET_SECONDS", "180"))


def consultation_arguments(database_url):
    """The demo's open consultation: its link's token, a promise in it and a comment shown on the Pledge, so the
    consultation's forms exist (with made-up ids they answer 404 and sqlmap cannot test them)."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        token, version_id = connection.execute(text("SELECT token, version_id FROM consultations")).one()
        promise_id = connection.scalar(
            text("SELECT min(id) FROM version_promises WHERE version_id = :v AND removed_at IS NULL"), {"v": version_id}
        )
        comment_id = connection.scalar(text("SELECT min(id) FROM pledge_comments WHERE status = 'shown'"))
    engine.dispose()
    return {"token": token, "promise_id": promise_id}, {"comment_id": comment_id}


def form_targets(database_url):
    consultation, others = consultation_arguments(database_url)
    app = create_app({"PORTAL_ENV": "test", "DATABASE_URL": "sqlite:///:memory:"})
    with app.app_context():
        for rule in app.url_map.iter_rules():
            # Sign-out and sign out everywhere take no input and would end the session sqlmap is testing with.
            if "POST" not in rule.methods or rule.endpoint == "static" or "/sign-out" in rule.rule:
                continue
            allowed = allowed_roles_for(rule.endpoint)
            role = None if allowed == ANYONE else next(r for r in DEMO_EMAILS if r in allowed)
            # promise_id means a promise in the consultation only in the consultation's own URLs.
            real = {**others, **consultation} if "token" in rule.arguments else others
            arguments = {name: real.get(name) or SAMPLE_ARGUMENTS.get(name, 1) for name in rule.arguments}
            yield rule.build(arguments, append_unknown=False)[1], "GET" in rule.methods, role


def fields_of(client, url):
    _response, html = client.request("GET", url)
    names = set(re.findall(rb'name="([a-z_0-9-]+)"', html)) - {b"csrf_token"}
    return {name.decode(): "1" for name in sorted(names)} or {"words": "1"}


def run_sqlmap(url, data, cookie, workdir):
    command = [
        "sqlmap",
        "-u",
        url,
        "--batch",
        "--flush-session",
        f"--output-dir={workdir}",
        "--timeout=15",
        "--retries=1",
        "--time-sec=2",
        "--skip-waf",
        "--disable-coloring",
        "--answers=follow=N",
        # Every page carries its own CSP nonce and CSRF token, so no two answers are the same bytes ("target URL content
        # is not stable") and sqlmap's fallback comparison once took that noise for a boolean-based finding. What a
        # true and a false condition would change is what the page says, so compare its text.
        "--text-only",
        *shlex.split(os.environ.get("SQLMAP_ARGS", "")),
    ]
    if data is not None:
        # A fresh token for each request sqlmap sends, from a page every session can open (one token per session).
        origin = "/".join(url.split("/")[:3])
        command += ["--data", urlencode(data), "--csrf-token=csrf_token", f"--csrf-url={origin}/sign-in"]
    if cookie:
        command += ["--cookie", cookie]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TARGET_SECONDS, check=False)
        output = result.stdout
    except subprocess.TimeoutExpired as stopped:
        output = (stopped.stdout or b"").decode(errors="replace") + "\n[stopped: took too long]"
    injectable = re.findall(r"parameter '([^']+)' (?:is|appears to be) .*injectable", output)
    injectable = [name for name in injectable if "not injectable" not in name]
    # sqlmap says this when it tested every parameter and found nothing; anything else means it did not finish.
    finished = "all tested parameters do not appear to be injectable" in output or bool(injectable)
    if not finished:
        tail = [line for line in output.splitlines() if "[CRITICAL]" in line or "[ERROR]" in line][-1:]
        print(f"    sqlmap did not finish: {tail or output.splitlines()[-1:]}", flush=True)
    return injectable, "[stopped: took too long]" in output or not finished


def main():
    if not Path("/usr/bin/sqlmap").exists():
        subprocess.run(["apt-get", "install", "-y", "-q", "sqlmap"], check=True)
    only = os.environ.get("SQLMAP_ONLY", "")
    url, _new = serve.database("sqlite")
    env = serve.environment(url)
    # Limits off (well, out of reach): otherwise sqlmap's thousands of tries meet the 429 page, not the code behind it,
    # and the signing in before each target is refused too.
    env.update({name: "1000000 per hour" for name in LIMITS})
    if _new:
        serve.flask(env, "migrate")
        serve.flask(env, "demo")
    log = open(ROOT / "instance" / "bench" / "sqlmap-gunicorn.log", "w")  # noqa: SIM115 - open while serving
    server = serve.Server("wsgi:app", env, log)
    base = f"http://127.0.0.1:{server.port}"
    findings, stopped, tested = [], [], 0
    try:
        with tempfile.TemporaryDirectory() as workdir:
            targets = [(path, None, query, role) for path, query, role in QUERY_TARGETS]
            targets += [(path, "form", None, role) for path, _has_get, role in form_targets(url)]
            for path, kind, query, role in targets:
                if only not in path:
                    continue
                client = serve.Client(server.port)
                if role:
                    client.sign_in(DEMO_EMAILS[role], DEMO_PASSWORD)
                data = None
                if kind == "form":
                    data = {**fields_of(client, path), "csrf_token": client.csrf_token("/sign-in")}
                target = f"{base}{path}" + (f"?{urlencode(query)}" if query else "")
                cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
                injectable, too_long = run_sqlmap(target, data, cookie, workdir)
                tested += 1
                status = "INJECTABLE " + ", ".join(injectable) if injectable else "nothing injectable"
                if too_long:
                    stopped.append(path)
                    status = f"NOT FULLY TESTED ({status})"
                print(f"{'POST' if data else 'GET '} {path}: {status}", flush=True)
                findings += [(path, name) for name in injectable]
    finally:
        server.stop()
    print(f"\nsqlmap: {tested} targets, {len(findings)} findings, {len(stopped)} not fully tested: {stopped}")
    sys.exit(1 if findings or stopped else 0)


if __name__ == "__main__":
    main()
