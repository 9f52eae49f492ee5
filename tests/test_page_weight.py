"""The weight budget for a young person on a cheap phone with little data (issue 11): a first visit to /pledge is
20 KB on the wire, everything included, and a repeat visit 8 KB; a repeat visit that asks whether the page changed
(If-None-Match) is under 1 KB, counted on a real socket. Sizes, not timings, so they are asserted here."""

import socket
import threading

import pytest
from werkzeug.serving import make_server

from tests.wire import BROWSER_HEADERS, flask_client_getter, visit

FIRST_VISIT_BUDGET = 20 * 1024
REPEAT_VISIT_BUDGET = 8 * 1024
NOT_MODIFIED_BUDGET = 1024


@pytest.fixture
def demo_client(runner, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    return client


def test_first_visit_to_the_pledge_is_within_20_kb(demo_client):
    first = visit(flask_client_getter(demo_client), "/pledge")
    assert [fetch.status for fetch in first.fetches] == [200] * first.requests
    assert first.wire_bytes <= FIRST_VISIT_BUDGET, [(f.url, f.wire_bytes) for f in first.fetches]


def test_repeat_visit_to_the_pledge_is_within_8_kb_and_fetches_only_the_page(demo_client):
    get = flask_client_getter(demo_client)
    first = visit(get, "/pledge")
    repeat = visit(get, "/pledge", cached=first.fetches)
    assert [fetch.url for fetch in repeat.fetches] == ["/pledge"]
    assert repeat.wire_bytes <= REPEAT_VISIT_BUDGET


@pytest.mark.parametrize("path", ["/", "/pledge", "/tell-us", "/pledge/scorecard", "/sign-in"])
def test_pages_are_compressed_and_their_files_cached_for_a_year(demo_client, path):
    first = visit(flask_client_getter(demo_client), path)
    page, *files = first.fetches
    assert page.encoding == "br"
    assert files, "the page names its stylesheet and script"
    for fetch in files:
        assert fetch.encoding in ("br", "gzip") or fetch.body_bytes < 500, fetch.url
        assert "max-age=31536000" in fetch.cache_control or "max-age=315360000" in fetch.cache_control, fetch.url
        assert "immutable" in fetch.cache_control, fetch.url


def test_a_page_with_a_character_count_fetches_that_script_and_others_do_not(demo_client):
    get = flask_client_getter(demo_client)
    assert not any("character-count" in fetch.url for fetch in visit(get, "/pledge").fetches)
    demo_client.post("/tell-us/what-kind", data={})  # a fresh draft starts at the first question
    start = visit(get, "/tell-us")
    assert any("exit-this-page" in fetch.url for fetch in start.fetches)


def raw_exchange(port, request):
    """Every byte the server sends back for one HTTP/1.1 request (it closes the connection after)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request.encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


def test_a_repeat_visit_asking_if_the_pledge_changed_is_a_304_under_1_kb_on_the_wire(app, demo_client):
    server = make_server("127.0.0.1", 0, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        headers = "".join(f"{name}: {value}\r\n" for name, value in BROWSER_HEADERS.items())
        ask = f"GET /pledge HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n"
        first = raw_exchange(server.port, ask + "\r\n")
        assert first.split(b" ", 2)[1] == b"200"
        etag = next(line for line in first.split(b"\r\n") if line.lower().startswith(b"etag:")).split(b":", 1)[1]
        repeat = raw_exchange(server.port, ask + f"If-None-Match: {etag.strip().decode()}\r\n\r\n")
    finally:
        server.shutdown()
    assert repeat.split(b" ", 2)[1] == b"304"
    assert len(repeat) < NOT_MODIFIED_BUDGET, repeat.decode()
