"""The Pledge's pages over HTTP: public pages, drafting together, amendments, comments, consultation, sign-off."""

import re
from datetime import date, timedelta

from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.clock import london_today
from portal.models.pledge import Comment, CommentStatus, PledgeVersion, Revision, VersionPromise, VersionStatus
from portal.pledge import amendments, comments, consultations, drafting
from portal.published import live_promises
from tests.conftest import PageClient
from tests.pledge.conftest import build_draft, published_ids, sign_off_and_publish

RMA, RMA2, OFFICER = "rma1@test.example.org", "rma2@test.example.org", "officer@test.example.org"


def draft_ids(people):
    version, promises = build_draft(people)
    return version.id, [p.id for p in promises]


# Public pages -------------------------------------------------------------------------------------------------------


def test_before_anything_is_published_the_pledge_page_says_so_kindly(pages, build):
    build(draft_ids)
    page = pages.get("/pledge")
    assert page.h1 == "Our Pledge to you"
    assert "Our Pledge is not ready yet" in page.text()
    assert "Help you learn" not in page.text()  # a draft is never shown
    assert "not ready yet" in pages.get("/pledge/print").text()
    assert "not ready yet" in pages.get("/pledge/versions").text()


def test_the_pledge_page_shows_each_promise_with_its_plain_line_and_a_way_to_tell_us(pages, build):
    _version, _ids, identities = build(published_ids)
    page = pages.get("/pledge")
    assert [h.get_text(strip=True) for h in page.html.select("main h2.govuk-heading-l")] == [
        "A good education",
        "Keeping healthy",
    ]
    promise = page.html.find(id=f"promise-{identities[0]}")
    assert promise.find("h3").get_text(strip=True) == "Help you learn"
    assert promise.find(class_="portal-promise__meaning").get_text(strip=True) == "We help you at school."
    assert promise.find("strong").get_text() == "learn"  # the Markdown subset, rendered
    assert promise.find("a", href=f"/tell-us?promise={identities[0]}")
    assert page.response.headers.get("Cache-Control") != "no-store"  # public, cacheable


def test_home_page_and_navigation_link_to_the_pledge(pages):
    page = pages.get("/")
    assert page.html.select_one("main a[href='/pledge']")
    assert page.html.select_one(".govuk-service-navigation a[href='/pledge']").get_text(strip=True) == "Our Pledge"


def test_the_pocket_card_lists_every_promise(pages, build):
    build(published_ids)
    page = pages.get("/pledge/print")
    assert page.h1 == "Our Pledge: pocket card"
    assert [p.find("strong").get_text() for p in page.html.select(".portal-pocket-card__promise p")] == [
        "Help you learn.",
        "Look after your health.",
    ]
    # How it prints is checked in a real browser (tests/browser/test_pledge.py emulates print media).


def test_versions_page_shows_each_published_version_its_sign_off_and_the_diff_from_the_one_before(pages, build):
    def two_versions(people):
        first, promises = build_draft(people, title="Pledge 2024")
        sign_off_and_publish(first, people, decided_on=date(2024, 3, 14))
        second = drafting.start_draft(people.rma, first, title="Pledge 2027")
        copy = live_promises(second)[0]
        drafting.save_promise(
            copy,
            drafting.head_revision_id(copy),
            people.rma,
            title=copy.title,
            wording="We will help you **learn** at school and college.",
            plain_line=copy.plain_line,
            owners=copy.owners,
        )
        sign_off_and_publish(second, people, decided_on=date(2027, 3, 1))

    build(two_versions)
    page = pages.get("/pledge/versions")
    assert [h.get_text(" ", strip=True) for h in page.html.select("main h2")] == ["Pledge 2027 (now)", "Pledge 2024"]
    text = page.text()
    assert "Signed off by the Corporate Parenting Advisory Panel on Monday 1 March 2027" in text
    assert "Signed off by the Corporate Parenting Advisory Panel on Thursday 14 March 2024" in text
    assert [ins.get_text() for ins in page.html.select("main ins")][-1] == "added: and college (end of added)"
    assert "Help you learn: changed" in text and "This was the first Pledge" in text
    # The wording is compared as it reads: "**learn**" shows no Markdown marks, and making a word bold is no change.
    assert "**" not in text and "*" not in page.html.select_one("main").get_text()
    assert [ins.get_text() for ins in page.html.select("main ins")] != [] and not any(
        "learn" in change.get_text() for change in page.html.select("main ins, main del")
    )


def test_wording_with_script_is_shown_harmless_on_the_public_page(pages, build):
    def hostile(people):
        version, _ = build_draft(
            people,
            promises=[("Theme", "Safe", "Hi <script>alert(1)</script> [x](javascript:alert(1))", "Plain.")],
        )
        sign_off_and_publish(version, people)

    build(hostile)
    page = pages.get("/pledge")
    main = page.html.find("main")
    assert main.find("script") is None
    assert not main.select("a[href^='javascript']")


# Drafting ------------------------------------------------------------------------------------------------------------


def test_a_role_model_army_member_starts_a_draft_adds_a_theme_and_a_promise(pages, build, db_session):
    build(lambda people: None)
    pages.sign_in(RMA)
    page = pages.post("/pledge/drafts/new", {"start_from": "published", "title": ""}, expected_status=200)
    assert page.error_messages() == ["Nothing is published yet: start from an empty page"]
    page = pages.post("/pledge/drafts/new", {"start_from": "nothing", "title": "Our new Pledge"})
    version_url = page.response.location
    version_id = int(version_url.rsplit("/", 1)[1])
    pages.post(f"/pledge/drafts/{version_id}/themes/new", {"title": "Staying safe"})
    theme_id = db_session.scalar(select(PledgeVersion).where(PledgeVersion.id == version_id)).themes[0].id
    errors = pages.post(f"/pledge/drafts/{version_id}/promises/new", {"theme": str(theme_id)}, expected_status=200)
    assert errors.title.startswith("Error: ")
    assert errors.error_messages() == [
        "Enter a short title",
        "Enter the promise",
        "Enter what this promise means for a young person",
        "Choose who makes this promise",
    ]
    partner_id = errors.html.find("input", attrs={"name": "owners"})["value"]
    pages.post(
        f"/pledge/drafts/{version_id}/promises/new",
        {
            "theme": str(theme_id),
            "title": "Keep you safe",
            "wording": "We act fast.",
            "plain_line": "Tell us. We act fast.",
            "owners": partner_id,
        },
    )
    page = pages.get(version_url)
    assert "Keep you safe" in page.text() and "Tell us. We act fast." in page.text()
    assert db_session.scalar(select(Revision.kind).where(Revision.version_promise_id.is_not(None))) == "created"


def test_editing_shows_the_reading_age_of_the_plain_line_in_words_with_a_nudge_when_hard(pages, build):
    _version_id, (promise_id, _other) = build(draft_ids)
    pages.sign_in(RMA)
    page = pages.get(f"/pledge/promises/{promise_id}/edit")
    note = page.html.find(id="plain-line-reading-age").get_text(" ", strip=True)
    assert note == "Easy to read. Most 10-year-olds can read this."
    form = form_values(page)
    form["plain_line"] = "The local authority will endeavour to facilitate comprehensive educational opportunities."
    form["title"] = ""  # an error, so the form comes back with the nudge for what was typed
    page = pages.post(f"/pledge/promises/{promise_id}/edit", form, expected_status=200)
    assert "Hard to read. You need to be an adult" in page.html.find(id="plain-line-reading-age").get_text()
    assert page.html.find("textarea", attrs={"name": "plain_line"}).get_text().strip() == form["plain_line"]


def form_values(page, form_selector="main form:has(input[name='base_revision'])"):
    """What a browser would send from a page's form as it stands."""
    form = page.html.select_one(form_selector)
    values = {}
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or name == "csrf_token" or field.get("type") == "submit":
            continue
        if field.name == "textarea":
            values[name] = field.get_text().lstrip("\n")
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            values[name] = chosen["value"]
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                values.setdefault(name, []).append(field["value"])
        else:
            values[name] = field.get("value", "")
    return values


def test_the_second_of_two_editors_to_save_sees_both_texts_and_nothing_is_lost(app, pages, build, db_session):
    _version_id, (promise_id, _other) = build(draft_ids)
    riley, jordan = pages, PageClient(app.test_client())
    riley.sign_in(RMA)
    jordan.sign_in(RMA2)
    riley_form = form_values(riley.get(f"/pledge/promises/{promise_id}/edit"))
    jordan_form = form_values(jordan.get(f"/pledge/promises/{promise_id}/edit"))

    riley.post(f"/pledge/promises/{promise_id}/edit", {**riley_form, "wording": "Riley's words."})
    page = jordan.post(
        f"/pledge/promises/{promise_id}/edit", {**jordan_form, "wording": "Jordan's words."}, expected_status=409
    )
    assert page.h1 == "Someone else changed this promise"
    assert page.html.find(id="their-wording").get_text() == "Riley's words."
    assert page.html.find(id="your-wording").get_text() == "Jordan's words."
    assert page.html.find("textarea", attrs={"name": "wording"}).get_text().strip() == "Jordan's words."
    assert db_session.get(VersionPromise, promise_id).wording == "Riley's words."

    merged = form_values(page)
    page = jordan.post(f"/pledge/promises/{promise_id}/edit", {**merged, "wording": "Riley's and Jordan's words."})
    db_session.expire_all()
    assert db_session.get(VersionPromise, promise_id).wording == "Riley's and Jordan's words."
    kinds = db_session.scalars(
        select(Revision.kind).where(Revision.version_promise_id == promise_id).order_by(Revision.id)
    ).all()
    assert kinds == ["created", "edited", "merged"]


def test_taking_the_other_text_after_a_conflict_saves_nothing_more(app, pages, build, db_session):
    _version_id, (promise_id, _other) = build(draft_ids)
    pages.sign_in(RMA)
    pages.post(f"/pledge/promises/{promise_id}/take-theirs", {})
    assert len(db_session.scalars(select(Revision).where(Revision.version_promise_id == promise_id)).all()) == 1


def test_comparing_two_revisions_of_a_promise_shows_a_word_diff(pages, build):
    def edited(people):
        version, (promise, _other) = build_draft(people)
        drafting.save_promise(
            promise,
            drafting.head_revision_id(promise),
            people.rma2,
            title=promise.title,
            wording="We will help you learn at college.",
            plain_line=promise.plain_line,
            owners=promise.owners,
        )
        return promise.id

    promise_id = build(edited)
    pages.sign_in(RMA)
    page = pages.get(f"/pledge/promises/{promise_id}/compare")
    assert "removed: school (end of removed)" in [d.get_text() for d in page.html.select("main del")]
    assert "added: college (end of added)" in [i.get_text() for i in page.html.select("main ins")]
    pages.get(f"/pledge/promises/{promise_id}/compare?from=999999", expected_status=404)
    history = pages.get(f"/pledge/promises/{promise_id}")
    assert "edited by Jordan RMA" in history.text()


def test_an_amendment_is_accepted_and_credited_to_the_young_person_who_suggested_it(app, pages, build, db_session):
    _version_id, (promise_id, _other) = build(draft_ids)
    jordan = PageClient(app.test_client())
    jordan.sign_in(RMA2)
    form = form_values(jordan.get(f"/pledge/promises/{promise_id}/suggest"), "main form")
    jordan.post(f"/pledge/promises/{promise_id}/suggest", {**form, "wording": "We will help you learn every day."})

    pages.sign_in(RMA)
    draft = pages.get(f"/pledge/drafts/{_version_id}")
    link = draft.html.find("a", string=re.compile("Jordan RMA suggests a change"))["href"]
    review = pages.get(link)
    assert "added: every day (end of added)" in [i.get_text() for i in review.html.select("main ins")]
    pages.post(f"{link}/decide", {"decision": "accept"})
    history = pages.get(f"/pledge/promises/{promise_id}")
    assert "amendment by Jordan RMA (their suggestion, accepted by Riley RMA)" in history.text()
    assert db_session.get(VersionPromise, promise_id).wording == "We will help you learn every day."
    # The suggester cannot accept their own: they are told someone else decides.
    assert "Someone else in the draft's team will decide" not in jordan.get(link).text()  # already decided


def test_a_suggested_change_shows_the_words_as_they_read_with_no_markdown_marks(pages, build):
    def suggested(people):
        _version, (promise, _other) = build_draft(people)  # its wording: "We will help you **learn** at school."
        more = amendments.suggest_amendment(
            promise,
            people.rma2,
            title=promise.title,
            wording="We will help you **learn** at school and college.",
            plain_line=promise.plain_line,
        )
        bold_gone = amendments.suggest_amendment(
            promise,
            people.rma2,
            title=promise.title,
            wording="We will help you learn at school.",
            plain_line=promise.plain_line,
        )
        return more.id, bold_gone.id

    more, bold_gone = build(suggested)
    pages.sign_in(RMA)
    page = pages.get(f"/pledge/amendments/{more}")
    assert "*" not in page.html.select_one("main").get_text()
    assert [change.get_text() for change in page.html.select("main ins, main del")][-1] == (
        "added: and college (end of added)"
    )
    assert page.html.find(id="only-formatting") is None
    # Only the bold goes: no word changes, and the page says what does.
    page = pages.get(f"/pledge/amendments/{bold_gone}")
    assert not page.html.select("main .portal-diff ins, main .portal-diff del")
    assert "Only how they look changes" in page.html.find(id="only-formatting").get_text()


def test_an_amendment_rejected_needs_a_reason(app, pages, build):
    def suggested(people):
        version, (promise, _other) = build_draft(people)
        return amendments.suggest_amendment(promise, people.rma2, title="T", wording="W", plain_line="P").id

    amendment_id = build(suggested)
    pages.sign_in(RMA)
    page = pages.post(
        f"/pledge/amendments/{amendment_id}/decide", {"decision": "reject", "reason": ""}, expected_status=200
    )
    assert page.error_messages() == ["Enter why the suggestion is not being used"]
    pages.post(f"/pledge/amendments/{amendment_id}/decide", {"decision": "reject", "reason": "We have this already"})
    assert "We have this already" in pages.get(f"/pledge/amendments/{amendment_id}").text()


def test_an_empty_comment_on_a_draft_promise_comes_back_with_the_error_and_the_promise(pages, build):
    _version_id, (promise_id, _other) = build(draft_ids)
    pages.sign_in(RMA)
    page = pages.post(f"/pledge/promises/{promise_id}/comments", {"body": ""}, expected_status=200)
    assert page.error_messages() == ["Write your comment"] and page.title.startswith("Error: ")
    assert page.h1 == "Help you learn"


def test_a_young_persons_comment_is_invisible_until_the_participation_officer_approves_it(
    app, pages, build, db_session
):
    _version_id, (promise_id, _other) = build(draft_ids)
    pages.sign_in(RMA)
    pages.post(f"/pledge/promises/{promise_id}/comments", {"body": "Please add tutoring"})
    assert "Please add tutoring" not in pages.get(f"/pledge/promises/{promise_id}").text()

    officer = PageClient(app.test_client())
    officer.sign_in(OFFICER)
    queue = officer.get("/pledge/moderation")
    assert "Please add tutoring" in queue.text()
    comment_id = db_session.scalar(select(Comment.id))
    officer.post(f"/pledge/comments/{comment_id}/moderate", {"action": "approve", "reason": ""})
    assert "Please add tutoring" in pages.get(f"/pledge/promises/{promise_id}").text()


def test_a_reported_comment_goes_to_the_moderator_and_hiding_needs_a_reason(app, pages, build, db_session):
    def shown_comment(people):
        _version, (promise, _other) = build_draft(people)
        return promise.id, comments.add_comment(promise, "Ring 07700 900123", author=people.officer).id

    promise_id, comment_id = build(shown_comment)
    pages.sign_in(RMA)
    pages.post(
        f"/pledge/comments/{comment_id}/report",
        {"reason": "It has a phone number", "back": f"/pledge/promises/{promise_id}#comments"},
    )
    officer = PageClient(app.test_client())
    officer.sign_in(OFFICER)
    queue = officer.get("/pledge/moderation")
    assert "Reported 1 time" in queue.text() and "Check for personal details: phone" in queue.text()
    page = officer.post(f"/pledge/comments/{comment_id}/moderate", {"action": "hide", "reason": ""}, 200)
    assert page.error_messages() == ["Enter the reason"]
    officer.post(f"/pledge/comments/{comment_id}/moderate", {"action": "hide", "reason": "Phone number"}, 200)
    officer.post(
        f"/pledge/comments/{comment_id}/moderate", {"action": "hide", "reason": "Phone number", "confirmed": "yes"}
    )
    assert db_session.get(Comment, comment_id).status == CommentStatus.HIDDEN
    assert "Phone number" in officer.get(f"/pledge/comments/{comment_id}/moderate").text()
    assert "Ring 07700" not in pages.get(f"/pledge/promises/{promise_id}").text()


def test_report_goes_back_only_to_our_own_pages(pages, build):
    def shown_comment(people):
        _version, (promise, _other) = build_draft(people)
        return comments.add_comment(promise, "Nice", author=people.officer).id

    comment_id = build(shown_comment)
    response = pages.post(f"/pledge/comments/{comment_id}/report", {"reason": "Unkind", "back": "//evil.example.org/x"})
    assert response.response.location == "/pledge"


def test_a_report_needs_a_reason_and_keeps_what_was_typed(pages, build, db_session):
    def shown_comment(people):
        _version, (promise, _other) = build_draft(people)
        return promise.id, comments.add_comment(promise, "Nice", author=people.officer).id

    promise_id, comment_id = build(shown_comment)
    pages.sign_in(RMA)
    promise_page = pages.get(f"/pledge/promises/{promise_id}")
    link = promise_page.html.select_one(f"a[href^='/pledge/comments/{comment_id}/report']")
    assert link.get_text(" ", strip=True).startswith("Report this comment")
    form_page = pages.get(link["href"])
    assert form_page.h1 == "Report a comment"
    back = form_page.html.find("input", attrs={"name": "back"})["value"]
    assert back == f"/pledge/promises/{promise_id}#comments"

    # What the old one-button form sent (a token alone) is no longer enough.
    page = pages.post(f"/pledge/comments/{comment_id}/report", {"back": back}, 200)
    assert page.error_messages() == ["Enter why you are reporting this comment"]
    assert page.title.startswith("Error: ")
    too_long = "x" * 501
    page = pages.post(f"/pledge/comments/{comment_id}/report", {"reason": too_long, "back": back}, 200)
    assert page.error_messages() == ["The reason must be 500 characters or less"]
    assert page.html.find("textarea", attrs={"name": "reason"}).get_text() == too_long
    assert page.html.find("input", attrs={"name": "back"})["value"] == back
    assert db_session.get(Comment, comment_id).reports == 0

    response = pages.post(f"/pledge/comments/{comment_id}/report", {"reason": "It is unkind", "back": back})
    assert response.response.location == back
    db_session.expire_all()
    comment = db_session.get(Comment, comment_id)
    assert comment.reports == 1 and comment.events[-1].reason == "It is unkind"


def test_a_locked_version_cannot_be_edited_over_http(pages, build):
    _version_id, promise_ids, _identities = build(published_ids)
    pages.sign_in(RMA)
    page = pages.get(f"/pledge/promises/{promise_ids[0]}/edit", expected_status=409)
    assert page.h1 == "This version cannot be changed"
    pages.post(f"/pledge/promises/{promise_ids[0]}/remove", {}, expected_status=409)


def test_a_manager_reads_drafts_and_results_but_cannot_start_or_edit(pages, build):
    version_id, (promise_id, _other) = build(draft_ids)
    pages.sign_in("manager@test.example.org")
    page = pages.get("/pledge/drafts")
    assert page.html.find("a", href=f"/pledge/drafts/{version_id}") and not page.html.find(
        "form", action="/pledge/drafts/new"
    )
    assert pages.get(f"/pledge/drafts/{version_id}").html.find("a", href=f"/pledge/promises/{promise_id}/edit") is None
    pages.get(f"/pledge/promises/{promise_id}/edit", expected_status=403)
    promise_page = pages.get(f"/pledge/promises/{promise_id}")
    assert promise_page.html.find("form", action=f"/pledge/promises/{promise_id}/comments") is None


# Consultation --------------------------------------------------------------------------------------------------------


def consultation_token(people):
    version, promises = build_draft(people)
    consultation = consultations.open_consultation(version, london_today() + timedelta(days=10), people.officer)
    return consultation.token, version.id, [p.id for p in promises]


def test_anyone_with_the_link_answers_each_promise_in_one_tap_and_can_change_it(app, pages, build, db_session):
    token, version_id, (first, second) = build(consultation_token)
    page = pages.get(f"/pledge/have-your-say/{token}")
    assert page.h1 == "Have your say on our new Pledge"
    assert page.response.headers["Cache-Control"] == "no-store"
    pages.post(f"/pledge/have-your-say/{token}/{first}", {"answer": "matters"})
    cookie = pages.client.get_cookie("pledge_device")
    assert cookie is not None and cookie.http_only
    pages.post(f"/pledge/have-your-say/{token}/{first}", {"answer": "not_sure"})
    pages.post(f"/pledge/have-your-say/{token}/{second}", {"answer": "does_not_matter"})
    page = pages.get(f"/pledge/have-your-say/{token}")
    assert page.html.find(id=f"answer-{first}").get_text(" ", strip=True) == "You said: Not sure ."

    other_device = PageClient(app.test_client())
    other_device.post(f"/pledge/have-your-say/{token}/{first}", {"answer": "matters"})
    pages.client.set_cookie("pledge_device", "forged.value")  # a cookie not signed by us counts as a new device
    pages.post(f"/pledge/have-your-say/{token}/{first}", {"answer": "matters"})

    officer = PageClient(app.test_client())
    officer.sign_in(OFFICER)
    results = officer.get(f"/pledge/drafts/{version_id}/results")
    first_row = [cell.get_text(strip=True) for cell in results.html.select("tbody tr")[0].find_all(["th", "td"])]
    assert first_row == ["Help you learn", "A good education", "2", "1", "0"]


def test_a_bad_answer_or_unknown_link_gets_a_4xx(pages, build):
    token, _version_id, (first, _second) = build(consultation_token)
    pages.post(f"/pledge/have-your-say/{token}/{first}", {"answer": "love it"}, expected_status=400)
    pages.get("/pledge/have-your-say/not-a-real-link", expected_status=404)
    pages.post(f"/pledge/have-your-say/{token}/999999", {"answer": "matters"}, expected_status=404)


def test_a_consultation_comment_is_held_for_moderation(pages, build, db_session):
    token, _version_id, (first, _second) = build(consultation_token)
    page = pages.post(f"/pledge/have-your-say/{token}/{first}/comment", {"body": ""}, expected_status=200)
    assert page.error_messages() == ["Write your comment"]
    pages.post(f"/pledge/have-your-say/{token}/{first}/comment", {"body": "Email me at a@b.org"})
    comment = db_session.scalar(select(Comment))
    assert comment.status == CommentStatus.HELD and comment.author_id is None and comment.flags == "email"


def test_a_closed_consultation_says_so_and_takes_no_answers(pages, build, db_session):
    token, _version_id, (first, _second) = build(consultation_token)
    from portal.models.pledge import Consultation

    consultation = db_session.scalar(select(Consultation))
    consultation.closes_on = london_today() - timedelta(days=1)
    db_session.commit()
    assert "This is closed now" in pages.get(f"/pledge/have-your-say/{token}").text()
    pages.post(f"/pledge/have-your-say/{token}/{first}", {"answer": "matters"})
    assert db_session.scalar(select(Comment)) is None


def test_the_participation_officer_opens_a_consultation_with_a_closing_date(pages, build, db_session):
    version_id, _ids = build(draft_ids)
    pages.sign_in(OFFICER)
    past = london_today() - timedelta(days=1)
    page = pages.post(
        f"/pledge/drafts/{version_id}/consultation",
        {"closes_on": [past.day, past.month, past.year]},
        expected_status=200,
    )
    assert page.error_messages() == ["The closing date must be in the future"]
    soon = london_today() + timedelta(days=20)
    pages.post(
        f"/pledge/drafts/{version_id}/consultation",
        {"closes_on": [soon.day, soon.month, soon.year]},
    )
    page = pages.get(f"/pledge/drafts/{version_id}")
    link = page.html.find("a", href=re.compile("/pledge/have-your-say/"))
    assert link is not None and link["href"].startswith("http")


# Sign-off and publishing -----------------------------------------------------------------------------------------


def test_submit_sign_off_and_publish_archives_the_version_before(app, pages, build, db_session):
    def first_and_draft(people):
        first, _ = build_draft(people, title="Pledge 2024")
        sign_off_and_publish(first, people)
        return first.id, drafting.start_draft(people.rma, first, title="Pledge 2027").id

    first_id, draft_id = build(first_and_draft)
    pages.sign_in(RMA)
    pages.post(f"/pledge/drafts/{draft_id}/submit", {})
    officer = PageClient(app.test_client())
    officer.sign_in(OFFICER)
    page = officer.post(f"/pledge/drafts/{draft_id}/sign-off", {"decision": "approved"}, expected_status=200)
    assert page.error_messages() == [
        "Enter the date of the meeting as a real date, like 27 3 2027",
        "Enter the meeting reference",
    ]
    page = officer.post(
        f"/pledge/drafts/{draft_id}/sign-off",
        {"decision": "approved", "decided_on": ["31", "2", "2027"], "meeting_reference": "X"},
        expected_status=200,
    )
    assert page.error_messages() == ["Enter the date of the meeting as a real date, like 27 3 2027"]
    officer.post(
        f"/pledge/drafts/{draft_id}/sign-off",
        {
            "decision": "approved",
            "decided_on": ["3", "3", "2027"],
            "meeting_reference": "CPAP 2027/03",
            "notes": "Well done",
        },
    )
    officer.post(f"/pledge/drafts/{draft_id}/publish", {"confirmed": "yes"})
    db_session.expire_all()
    assert db_session.get(PledgeVersion, first_id).status == VersionStatus.ARCHIVED
    assert db_session.get(PledgeVersion, draft_id).status == VersionStatus.PUBLISHED
    assert "Pledge 2027 (now)" in pages.get("/pledge/versions").text()


def test_check_reading_age_shows_the_grade_of_what_was_typed_and_saves_nothing(pages, build, db_session):
    _version_id, (promise_id, _other) = build(draft_ids)
    pages.sign_in(RMA)
    form = form_values(pages.get(f"/pledge/promises/{promise_id}/edit"))
    hard = "The local authority will endeavour to facilitate comprehensive educational opportunities."
    page = pages.post(
        f"/pledge/promises/{promise_id}/edit", {**form, "plain_line": hard, "check_reading_age": "1"}, 200
    )
    assert "Split long sentences in two" in page.html.find(id="plain-line-reading-age").get_text()
    assert page.html.find("textarea", attrs={"name": "plain_line"}).get_text().strip() == hard
    assert not page.title.startswith("Error")
    assert db_session.get(VersionPromise, promise_id).plain_line == "We help you at school."


def test_the_reading_age_check_answers_as_they_type_in_the_same_words_as_the_button(pages, build):
    _version_id, (promise_id, _other) = build(draft_ids)
    pages.sign_in(RMA)
    page = pages.get(f"/pledge/promises/{promise_id}/edit")
    note = page.html.find(id="plain-line-reading-age")
    assert note["aria-live"] == "polite" and note["data-portal-reading-age-for"] == "plain_line"
    assert page.html.select_one("head script[src*='reading-age']") is not None

    hard = "We will make sure your placement is appropriate and your accommodation is suitable."
    check_url = note["data-portal-reading-age-url"]
    response = pages.client.post(check_url, data={"csrf_token": pages.csrf_token(), "text": hard})
    live = BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text(" ", strip=True)
    button = pages.post(
        f"/pledge/promises/{promise_id}/edit", {**form_values(page), "plain_line": hard, "check_reading_age": "1"}, 200
    )
    assert live == button.html.find(id="plain-line-reading-age").get_text(" ", strip=True)
    assert live.startswith("Hard to read. You need to be about 15")
    assert pages.client.post(check_url, data={"text": hard}).status_code == 400  # no token


def test_the_formatting_help_says_what_to_type_and_shows_what_it_looks_like(pages, build):
    _version_id, (promise_id, _other) = build(draft_ids)
    pages.sign_in(RMA)
    page = pages.get(f"/pledge/promises/{promise_id}/edit")
    assert "**" not in page.html.find(id="wording-hint").get_text()
    help_ = page.html.select_one("main details.govuk-details")
    assert help_.summary.get_text(strip=True) == "How to make words bold, make a list or add a link"
    bold = help_.find("dt", string=re.compile("^To make words bold")).find_next_sibling("dd")
    assert bold.code.get_text() == "**like this**" and bold.find("strong").get_text() == "like this"
