"""Writing the Pledge as its people do (issue 16, items 5 to 8): a Role Model Army member on a phone removes a
promise only after a page that asks first, and sees the reading-age check in words, live as they type with
JavaScript and by its button without; the participation officer on a laptop starts with the comments waiting, hides
one only after being asked, and sees what publishing would do. Each new page is checked with axe.

Set PORTAL_WALK_SHOTS to a folder to keep a screenshot of each step."""

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PHONE, LAPTOP = (390, 844), (1280, 800)
RILEY, OFFICER = "rma@example.org", "participation@example.org"
SHOTS = os.environ.get("PORTAL_WALK_SHOTS")
HARD = "We will make sure your placement is appropriate and your accommodation is suitable."


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def click(page, role, name):
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_young_writer_removes_a_promise_only_after_being_asked_and_reads_the_check_in_words(
    new_context, sign_in, check_axe, javascript
):
    label = f"phone JavaScript {'on' if javascript else 'off'}"
    suffix = "js" if javascript else "nojs"
    page = new_context(viewport=PHONE, javascript_enabled=javascript).new_page()
    sign_in(page, RILEY)
    page.goto("/pledge/drafts")
    page.get_by_label("The Pledge as it is published now").check()
    page.get_by_label("Name of the draft").fill(f"Walk {suffix}")
    click(page, "button", "Start the draft")
    draft_url = page.url

    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Remove\s+Keep you safe$")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Remove ‘Keep you safe’ from this draft?"
    check_axe(page, f"remove a promise, {label}")
    shot(page, f"rma-remove-promise-{suffix}")
    click(page, "link", "Cancel")
    assert page.url.split("#")[0] == draft_url
    assert page.get_by_role("link", name="Keep you safe", exact=True).count() == 1  # nothing removed

    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Remove\s+Keep you safe$")).click()
    click(page, "button", "Yes, remove the promise")
    assert "removed from this draft" in page.inner_text(".govuk-notification-banner")
    assert page.get_by_role("link", name="Keep you safe", exact=True).count() == 0

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"^Edit\s+Be there for you$")).click()
    note = page.locator("#plain-line-reading-age")
    assert note.inner_text().strip() == "Easy to read. Most 10-year-olds can read this."
    page.get_by_label("What this means for you").fill(HARD)
    if javascript:
        page.locator("#plain-line-reading-age", has_text="Hard to read").wait_for()  # no button pressed
    else:
        click(page, "button", "Check reading age")
    assert note.inner_text().strip().startswith("Hard to read. You need to be about 15 to read it easily.")
    page.locator("summary", has_text="How to make words bold").click()
    assert page.locator("details strong", has_text="like this").is_visible()
    check_axe(page, f"promise form with the reading-age check, {label}")
    shot(page, f"rma-reading-age-{suffix}")


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_officer_starts_with_what_waits_and_is_asked_before_hiding_or_publishing(
    new_context, sign_in, check_axe, javascript
):
    label = f"laptop JavaScript {'on' if javascript else 'off'}"
    suffix = "js" if javascript else "nojs"
    page = new_context(viewport=LAPTOP, javascript_enabled=javascript).new_page()
    sign_in(page, OFFICER)
    assert page.get_by_role("heading", level=1).inner_text() == "Pledge drafts"
    waiting = page.locator("#waiting-for-you + ul")
    assert re.search(r"\d+ comments? waiting for you", waiting.inner_text())
    shot(page, f"officer-start-{suffix}")

    with page.expect_navigation():
        waiting.get_by_role("link", name=re.compile("waiting for you")).click()
    comment = page.locator(".govuk-inset-text", has_text="Call me on 07700 900123")
    with page.expect_navigation():
        comment.get_by_role("link", name=re.compile("^Decide")).click()
    assert page.get_by_label("Keep showing it: the report needs no action").count() == 0  # it is held
    page.get_by_label("Hide it").check()
    page.get_by_label("Reason").fill("It has a phone number")
    click(page, "button", "Save decision")
    assert page.get_by_role("heading", level=1).inner_text() == "Hide this comment?"
    check_axe(page, f"hide a comment, {label}")
    shot(page, f"officer-hide-comment-{suffix}")
    click(page, "link", "Cancel")
    assert page.get_by_role("heading", level=1).inner_text() == "Moderate a comment"

    page.goto("/pledge/drafts")
    with page.expect_navigation():
        waiting.get_by_role("link", name=re.compile("^Publish Health update")).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Publish Health update")
    assert "1 suggestion is still waiting for a decision" in page.inner_text(".govuk-warning-text")
    check_axe(page, f"publish, {label}")
    shot(page, f"officer-publish-{suffix}")
    click(page, "link", "Cancel")  # the other browser tests publish their own draft
