"""make lighthouse | make vnu: the portal under gunicorn on 127.0.0.1 with demo data, then

- lighthouse: npm lighthouse (pinned in package.json) with Debian's /usr/bin/chromium (CHROME_PATH; never a downloaded
  browser), mobile, on /, /pledge, /tell-us and /pledge/scorecard: the four category scores per page;
- vnu: the Nu HTML checker (npm vnu-jar; Java from Debian's default-jre-headless, installed if missing) over every page
  a crawl reaches from the home page, anonymous and as each demo account: errors per page.

Exits 1 if a score is below 100 (lighthouse) or the checker finds an error (vnu)."""

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import serve  # noqa: E402 - the bench's gunicorn, client and database helpers

from portal.site import DEMO_EMAILS  # noqa: E402

LIGHTHOUSE_PAGES = ["/", "/pledge", "/tell-us", "/pledge/scorecard"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
ACCOUNTS = [None, *DEMO_EMAILS.values()]  # anonymous, then each demo account
MAX_PAGES = 150  # per account: the crawl is bounded
SKIP = re.compile(r"sign-out|/static/|\.csv|/export|forget")


def running_portal():
    url, new = serve.database("sqlite")
    env = serve.environment(url)
    if new:
        serve.flask(env, "migrate")
        serve.flask(env, "demo")
    log = open(ROOT / "instance" / "bench" / "quality-gunicorn.log", "w")  # noqa: SIM115 - open while serving
    return serve.Server("wsgi:app", env, log)


def lighthouse(port):
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    failures = 0
    print("| page | " + " | ".join(CATEGORIES) + " |\n|---|" + "---:|" * len(CATEGORIES))
    with tempfile.TemporaryDirectory() as workdir:
        for path in LIGHTHOUSE_PAGES:
            report = Path(workdir) / "report.json"
            subprocess.run(
                [str(binary), f"http://127.0.0.1:{port}{path}", "--quiet", "--output=json",
                 f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}",
                 "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin", "HOME": workdir},
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            result = json.loads(report.read_text())
            scores = [round(result["categories"][name]["score"] * 100) for name in CATEGORIES]
            failures += sum(score < 100 for score in scores)
            print(f"| `{path}` | " + " | ".join(str(score) for score in scores) + " |", flush=True)
            for name in CATEGORIES:
                for ref in result["categories"][name]["auditRefs"]:
                    audit = result["audits"][ref["id"]]
                    if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                        print(f"    {name}: {audit['id']} {audit['score']}: {audit['title']}")
    return failures


def crawl(port, email):
    client = serve.Client(port)
    if email:
        client.sign_in(email, "demo-pledge-portal")
    queue, seen, pages = deque(["/"]), {"/"}, {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response, body = client.request("GET", path)
        if response.status != 200 or not response.headers.get("Content-Type", "").startswith("text/html"):
            continue
        html = body.decode()
        pages[path] = html
        for href in re.findall(r'href="([^"#]+)', html):
            target = urljoin(path, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != f"127.0.0.1:{port}":
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            key = re.sub(r"\d+", "N", parts.path)
            if SKIP.search(target) or target in seen or sum(re.sub(r"\d+", "N", p) == key for p in seen) >= 3:
                continue
            seen.add(target)
            queue.append(target)
    return pages


def vnu(port):
    if not shutil.which("java"):
        subprocess.run(["apt-get", "install", "-y", "-q", "default-jre-headless"], check=True)
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    errors, checked = 0, 0
    with tempfile.TemporaryDirectory() as workdir:
        files = {}
        for email in ACCOUNTS:
            for path, html in crawl(port, email).items():
                name = Path(workdir) / f"page-{len(files):04d}.html"
                name.write_text(html)
                files[str(name)] = f"{email or 'anonymous'} {path}"
        checked = len(files)
        result = subprocess.run(
            ["java", "-jar", str(jar), "--errors-only", "--format", "json", *files],
            capture_output=True, text=True, check=False, timeout=900,
        )  # fmt: skip
        for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
            errors += 1
            where = files.get(urlsplit(message.get("url", "")).path, message.get("url"))
            print(f"  {where}: {message.get('message')} [{message.get('extract', '')[:80]!r}]")
    print(f"\nNu HTML checker: {checked} pages (anonymous and 6 demo accounts), {errors} errors")
    return errors


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "both"
    server = running_portal()
    try:
        failures = 0
        if what in ("lighthouse", "both"):
            failures += lighthouse(server.port)
        if what in ("vnu", "both"):
            failures += vnu(server.port)
    finally:
        server.stop()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
