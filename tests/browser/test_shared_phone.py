"""A shared phone keeps nothing: a young person presses Exit this page mid-journey; whoever picks the phone up next
and opens Tell us in the same browser, or presses Back or reload, finds nothing of their answers. With JavaScript on,
the button's script tells the server as it leaves; with it off, the button's link goes through /tell-us/exit, which
forgets before it sends the person on. Either way the answers also end when the browser is closed."""

import time

import pytest

pytestmark = pytest.mark.browser

PHONE = (390, 844)
WORDS = "My foster carer shouts at me every night"


def start_a_complaint(page):
    page.goto("/tell-us/what-kind")
    page.get_by_label("Something is wrong", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes, I am safe", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("I am the young person", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("What happened?").fill(WORDS)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    # The demo data has a published Pledge, so the journey asks (optionally) which promise it is about.
    assert page.get_by_role("heading", level=1).inner_text() == "Which promise is it about? (optional)"
    page.get_by_label("I am not sure", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "When did it happen?"


def h1(page):
    return page.get_by_role("heading", level=1).inner_text()


def nothing_of_the_earlier_answers(page):
    page.goto("/tell-us")
    assert page.get_by_role("heading", level=1).inner_text() == "Tell us something"
    page.goto("/tell-us/check")
    # No draft: the check page sends the visitor to the first question, with nothing chosen.
    assert page.get_by_role("heading", level=1).inner_text() == "What do you want to tell us?"
    assert page.locator("input:checked").count() == 0
    page.goto("/tell-us/what-happened")
    assert WORDS not in page.content()


def test_exit_this_page_mid_journey_leaves_nothing_behind_with_javascript_on(new_context, exit_page_url, check_axe):
    context = new_context(viewport=PHONE)
    page = context.new_page()
    page.goto("/tell-us")
    assert "we delete them after 1 hour" in page.locator("main").inner_text()
    assert "It also deletes your answers at once" in page.locator("main").inner_text()
    check_axe(page, "shared phone, JavaScript on")
    start_a_complaint(page)

    with page.expect_request(lambda request: request.url.endswith("/tell-us/forget")) as beacon:
        page.get_by_role("button", name="Emergency Exit this page").click()
    page.wait_for_url(exit_page_url)
    assert beacon.value.method == "POST"
    beacon.value.response()  # the server has answered: the draft is gone

    nothing_of_the_earlier_answers(page)


def test_exit_this_page_by_pressing_shift_three_times_also_forgets(new_context, exit_page_url):
    context = new_context(viewport=PHONE)
    beacons = []
    context.on("request", lambda request: beacons.append(request) if request.url.endswith("/tell-us/forget") else None)
    page = context.new_page()
    start_a_complaint(page)
    page.wait_for_function("() => document.body.dataset.govukFrontendExitThisPageKeypress === 'true'")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(exit_page_url)
    # The beacon may still be on its way as the next page opens: wait (a few seconds at most) for the draft to go.
    deadline = time.monotonic() + 10
    while True:
        page.goto("/tell-us/check")
        if h1(page) == "What do you want to tell us?" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert [request.method for request in beacons][:1] == ["POST"]
    nothing_of_the_earlier_answers(page)


def test_with_javascript_off_the_answers_end_with_the_browser(new_context, exit_page_url, check_axe):
    context = new_context(viewport=PHONE, javascript_enabled=False)
    page = context.new_page()
    page.goto("/tell-us")
    assert "It also deletes your answers at once" in page.locator("main").inner_text()
    check_axe(page, "shared phone, JavaScript off")
    start_a_complaint(page)
    page.get_by_role("button", name="Emergency Exit this page").click()
    page.wait_for_url(exit_page_url)

    # The browser is closed: its session cookies go, as a real browser's do; any lasting cookie would stay.
    lasting = [cookie for cookie in context.cookies() if cookie["expires"] != -1]
    assert lasting == []
    reopened = new_context(viewport=PHONE, javascript_enabled=False)
    nothing_of_the_earlier_answers(reopened.new_page())


@pytest.mark.parametrize("javascript_enabled", [False, True], ids=["javascript off", "javascript on"])
def test_after_exit_this_page_back_and_reload_show_none_of_the_words(new_context, exit_page_url, javascript_enabled):
    """Type words (some saved, some only typed), press Exit this page, then Back and reload: the words are gone."""
    context = new_context(viewport=PHONE, javascript_enabled=javascript_enabled)
    page = context.new_page()
    start_a_complaint(page)  # WORDS are saved on the server as the answer to "What happened?"
    page.goto("/tell-us/what-happened")
    assert page.get_by_label("What happened?").input_value() == WORDS
    page.get_by_label("What happened?").fill(WORDS + " and my phone was taken")  # typed, never sent

    if javascript_enabled:
        # The beacon may still be on its way as the exit page opens: wait for its answer, as the first test here does.
        with page.expect_request(lambda request: request.url.endswith("/tell-us/forget")) as beacon:
            page.get_by_role("button", name="Emergency Exit this page").click()
        page.wait_for_url(exit_page_url)
        assert beacon.value.method == "POST"
        beacon.value.response()  # the server has answered: the draft is gone
    else:
        # Without JavaScript nothing to wait for: /tell-us/exit forgets before it answers with its 303.
        page.get_by_role("button", name="Emergency Exit this page").click()
        page.wait_for_url(exit_page_url)

    page.go_back()
    assert "/tell-us/" in page.url
    for _ in ("after Back", "after reload"):
        assert WORDS not in page.content()
        typed = page.locator("textarea, input[type=text]").evaluate_all("fields => fields.map(f => f.value)")
        assert not any("foster carer" in value for value in typed), typed
        page.reload()
