"""The weight budget for a young person on a cheap phone with little data (issue 11): a first visit to /pledge is
20 KB on the wire, everything included, and a repeat visit 8 KB. Sizes, not timings, so they are asserted here."""

import pytest

from tests.wire import flask_client_getter, visit

FIRST_VISIT_BUDGET = 20 * 1024
REPEAT_VISIT_BUDGET = 8 * 1024


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
    assert page.encoding == ("gzip" if path in ("/", "/pledge") else "br"), "kept pages are kept gzipped"
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
