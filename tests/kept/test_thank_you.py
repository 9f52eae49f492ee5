"""The page after a one-tap answer offers "Not happening for you?" only to someone who said it is not (fully) kept."""

import pytest

from tests.kept.test_views import tap


@pytest.mark.parametrize(
    ("answer", "offered"), [("yes", False), ("dont_know", False), ("partly", True), ("not_yet", True)]
)
def test_not_happening_for_you_is_offered_only_after_partly_or_not_yet(pages, world, answer, offered):
    tap(pages, world.learn, answer)
    page = pages.get(f"/pledge/kept/{world.learn}")
    assert ("Not happening for you?" in page.text()) is offered
    assert (page.html.find(id="tell-us-link") is not None) is offered


def test_the_answer_is_shown_and_changed_on_the_promises_own_page_not_sent_to_the_shared_pledge_page(pages, world):
    tap(pages, world.learn, "not_yet")
    page = pages.get(f"/pledge/kept/{world.learn}")
    assert "You said not yet" in page.text()
    assert "on the Pledge page" not in page.text(), "/pledge is the same for everyone: it cannot show their answer"
    assert "To change your answer, tap a different one." in page.text()
    form = page.html.select_one(f"main form[action='/pledge/kept/{world.learn}']")
    assert [button["value"] for button in form.select("button[name=answer]")] == [
        "yes",
        "partly",
        "not_yet",
        "dont_know",
    ]

    tap(pages, world.learn, "yes")
    assert "You said yes" in pages.get(f"/pledge/kept/{world.learn}").text()
