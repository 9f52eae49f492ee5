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
