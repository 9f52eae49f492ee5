"""Nothing one tap destroys (issue 16): removing a promise or a theme, publishing and hiding a comment each ask first
on a page of their own, which says what will happen, has one button that does it and a Cancel that goes back. A post
that did not come from that page (no "confirmed") changes nothing."""

from datetime import date

from sqlalchemy import select

from portal.models.pledge import Comment, CommentStatus, PledgeVersion, Theme, VersionPromise, VersionStatus
from portal.pledge import amendments, comments, drafting, versions
from tests.pledge.conftest import build_draft, sign_off_and_publish

RMA, OFFICER = "rma1@test.example.org", "officer@test.example.org"


def _draft(people):
    version, promises = build_draft(people)
    empty = drafting.add_theme(version, "Having fun", people.rma)
    return version.id, [p.id for p in promises], empty.id


def test_removing_a_promise_asks_first_and_a_post_without_confirming_does_nothing(pages, build, db_session):
    version_id, (promise_id, _other), _theme_id = build(_draft)
    pages.sign_in(RMA)
    draft = pages.get(f"/pledge/drafts/{version_id}")
    remove = draft.html.find("a", href=f"/pledge/promises/{promise_id}/remove")
    assert remove is not None and draft.html.find("form", action=f"/pledge/promises/{promise_id}/remove") is None

    page = pages.get(remove["href"])
    assert page.h1 == "Remove ‘Help you learn’ from this draft?"
    assert "Its words, its changes and its comments are kept" in page.text()
    cancel = page.html.select_one("main a.govuk-link:-soup-contains('Cancel')")
    assert cancel["href"] == f"/pledge/drafts/{version_id}#promise-{promise_id}"

    # The old one-tap post (a button on the draft page, a second tab): sent to the question, nothing removed.
    response = pages.post(f"/pledge/promises/{promise_id}/remove", {})
    assert response.response.location == f"/pledge/promises/{promise_id}/remove"
    assert db_session.get(VersionPromise, promise_id).removed_at is None

    pages.post(f"/pledge/promises/{promise_id}/remove", {"confirmed": "yes"})
    db_session.expire_all()
    assert db_session.get(VersionPromise, promise_id).removed_at is not None
    assert "Help you learn" not in pages.get(f"/pledge/drafts/{version_id}").html.select_one("main h3").get_text()


def test_removing_a_theme_asks_first_and_a_post_without_confirming_does_nothing(pages, build, db_session):
    version_id, _promises, theme_id = build(_draft)
    pages.sign_in(RMA)
    draft = pages.get(f"/pledge/drafts/{version_id}")
    assert draft.html.find("a", href=f"/pledge/themes/{theme_id}/remove") is not None
    page = pages.get(f"/pledge/themes/{theme_id}/remove")
    assert page.h1 == "Remove the theme ‘Having fun’?"

    pages.post(f"/pledge/themes/{theme_id}/remove", {})
    assert db_session.get(Theme, theme_id).removed_at is None
    pages.post(f"/pledge/themes/{theme_id}/remove", {"confirmed": "yes"})
    db_session.expire_all()
    assert db_session.get(Theme, theme_id).removed_at is not None


def test_a_theme_with_promises_is_not_offered_for_removal(pages, build, db_session):
    version_id, _promises, _empty = build(_draft)
    theme_id = db_session.scalar(select(Theme.id).where(Theme.title != "Having fun").limit(1))
    pages.sign_in(RMA)
    response = pages.get(f"/pledge/themes/{theme_id}/remove", expected_status=302)
    assert response.response.location == f"/pledge/drafts/{version_id}#theme-{theme_id}"
    assert db_session.get(Theme, theme_id).removed_at is None


def test_publishing_asks_first_and_warns_about_suggestions_still_waiting(app, pages, build, db_session):
    def approved_with_a_suggestion(people):
        first, _ = build_draft(people, title="Pledge 2024")
        sign_off_and_publish(first, people)
        draft = drafting.start_draft(people.rma, first, title="Pledge 2027")
        promise = next(p for p in draft.promises if p.title == "Help you learn")
        amendments.suggest_amendment(promise, people.rma2, title="Learn", wording="W", plain_line="P")
        versions.submit_for_review(draft, people.rma)
        versions.record_sign_off(draft, "approved", date(2026, 11, 2), "CPAP 9", "", people.officer)
        return first.id, draft.id

    first_id, draft_id = build(approved_with_a_suggestion)
    pages.sign_in(OFFICER)
    draft = pages.get(f"/pledge/drafts/{draft_id}")
    assert (
        draft.html.find("a", href=f"/pledge/drafts/{draft_id}/publish").get_text(strip=True) == "Publish this version"
    )

    page = pages.get(f"/pledge/drafts/{draft_id}/publish")
    assert page.h1 == "Publish Pledge 2027?"
    warning = page.html.select_one(".govuk-warning-text").get_text(" ", strip=True)
    assert "1 suggestion is still waiting for a decision" in warning
    assert "Jordan RMA suggests a change to ‘Help you learn’" in page.html.find(id="suggestions-waiting").get_text()
    assert "Pledge 2024, published now, is archived" in page.text()

    pages.post(f"/pledge/drafts/{draft_id}/publish", {})
    assert db_session.get(PledgeVersion, draft_id).status == VersionStatus.APPROVED
    pages.post(f"/pledge/drafts/{draft_id}/publish", {"confirmed": "yes"})
    db_session.expire_all()
    assert db_session.get(PledgeVersion, draft_id).status == VersionStatus.PUBLISHED
    assert db_session.get(PledgeVersion, first_id).status == VersionStatus.ARCHIVED


def test_hiding_a_comment_asks_first_with_the_reason_carried_and_cancel_keeps_it(pages, build, db_session):
    def shown_comment(people):
        _version, (promise, _other) = build_draft(people)
        return comments.add_comment(promise, "Ring 07700 900123", author=people.officer).id

    comment_id = build(shown_comment)
    pages.sign_in(OFFICER)
    url = f"/pledge/comments/{comment_id}/moderate"
    page = pages.post(url, {"action": "hide", "reason": "A phone number"}, expected_status=200)
    assert page.h1 == "Hide this comment?"
    assert "‘A phone number’" in page.text()
    assert page.html.select_one("main form input[name=reason]")["value"] == "A phone number"
    assert page.html.select_one("main a.govuk-link:-soup-contains('Cancel')")["href"] == url
    assert db_session.get(Comment, comment_id).status == CommentStatus.SHOWN

    pages.post(url, {"action": "hide", "reason": "A phone number", "confirmed": "yes"})
    db_session.expire_all()
    assert db_session.get(Comment, comment_id).status == CommentStatus.HIDDEN


def test_a_published_promise_is_never_offered_for_removal(pages, build):
    def published(people):
        version, promises = build_draft(people)
        sign_off_and_publish(version, people)
        return promises[0].id

    promise_id = build(published)
    pages.sign_in(RMA)
    page = pages.get(f"/pledge/promises/{promise_id}/remove", expected_status=409)
    assert page.h1 == "This version cannot be changed"
