"""Bytes on the wire for a visit to a page, as a phone's browser would make it: the page, then every stylesheet, icon
and script it names, each asked for with Accept-Encoding: br, gzip. A response counts its status line, its headers and
its body as sent (compressed). A repeat visit fetches again only what was not cached for long enough to be reused."""

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

BROWSER_HEADERS = {"Accept-Encoding": "br, gzip", "User-Agent": "Mozilla/5.0 (Linux; Android 10) Mobile"}
A_DAY = 24 * 3600


@dataclass
class Fetch:
    url: str
    status: int
    header_bytes: int
    body_bytes: int
    encoding: str
    cache_control: str

    @property
    def wire_bytes(self):
        return self.header_bytes + self.body_bytes

    @property
    def reusable(self):
        """Kept by the browser for at least a day without asking again."""
        match = re.search(r"max-age=(\d+)", self.cache_control)
        return "no-store" not in self.cache_control and bool(match) and int(match[1]) >= A_DAY


@dataclass
class Visit:
    fetches: list = field(default_factory=list)

    @property
    def wire_bytes(self):
        return sum(fetch.wire_bytes for fetch in self.fetches)

    @property
    def requests(self):
        return len(self.fetches)


def subresources(html):
    """What a browser fetches for a page before it is done: stylesheets, icons, the module script, and the extra
    component scripts portal.js imports when the page has that component."""
    soup = BeautifulSoup(html, "html.parser")
    urls = [link["href"] for link in soup.find_all("link", href=True) if {"stylesheet", "icon"} & set(link["rel"])]
    for script in soup.find_all("script", src=True):
        urls.append(script["src"])
        for name, url in script.attrs.items():
            module = name.removeprefix("data-")
            if name.startswith("data-") and soup.find(attrs={"data-module": f"govuk-{module}"}):
                urls.append(url)
    return urls


def visit(get, path, cached=()):
    """A visit to path with get(url) -> Fetch; cached holds the Fetches of an earlier visit (a repeat visit)."""
    reusable = {fetch.url for fetch in cached if fetch.reusable}
    result = Visit()
    page, html = get(path)
    result.fetches.append(page)
    for url in subresources(html):
        if url not in reusable:
            result.fetches.append(get(url)[0])
    return result


def flask_client_getter(client):
    """get(url) for a Flask test client: the headers as they would be written on the wire (HTTP/1.1)."""

    def get(url):
        response = client.get(url, headers=BROWSER_HEADERS)
        body = response.get_data()
        header_bytes = len(f"HTTP/1.1 {response.status}\r\n") + 2
        header_bytes += sum(len(f"{name}: {value}\r\n") for name, value in response.headers.items())
        fetch = Fetch(
            url,
            response.status_code,
            header_bytes,
            len(body),
            response.headers.get("Content-Encoding", ""),
            response.headers.get("Cache-Control", ""),
        )
        html = ""
        if response.mimetype == "text/html":
            html = decode(body, fetch.encoding)
        response.close()
        return fetch, html

    return get


def decode(body, encoding):
    if encoding == "br":
        import brotli

        return brotli.decompress(body).decode()
    if encoding == "gzip":
        import gzip

        return gzip.decompress(body).decode()
    return body.decode()
