"""The consultation pages young people open from a link (/pledge/have-your-say/<token>, its comment page) and the
page to report a comment follow the page's language: every word on them is marked for translation, so `make catalogs`
finds it. Checked with a stand-in catalogue that brackets every word it translates: anything in the Latin alphabet left
outside the brackets, apart from the promises' own words, would stay English in every language."""

from datetime import timedelta

from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.clock import london_today
from portal.models.pledge import Comment
from portal.pledge import comments, consultations
from tests.marked_words import OPEN, english_left
from tests.pledge.conftest import build_draft


def consultation_with_a_shown_comment(people):
    version, promises = build_draft(people)
    consultation = consultations.open_consultation(version, london_today() + timedelta(days=10), people.officer)
    comment = comments.add_comment(promises[0], "Nice", author=people.officer)
    data = [p.title for p in promises] + [p.plain_line for p in promises]
    data += [p.wording.replace("**", "") for p in promises] + [p.theme.title for p in promises]
    return consultation.token, promises[0].id, comment.id, data


def csrf_token(html):
    return BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf_token"})["value"]


def test_every_word_on_the_consultation_pages_is_marked_for_translation(client, build, bracketed):
    token, promise_id, _comment_id, data = build(consultation_with_a_shown_comment)
    page = client.get(f"/pledge/have-your-say/{token}")
    assert page.status_code == 200 and OPEN in page.text
    assert english_left(page.text, data) == []

    answer = client.post(
        f"/pledge/have-your-say/{token}/{promise_id}", data={"answer": "not_sure", "csrf_token": csrf_token(page.text)}
    )
    assert answer.status_code == 302
    page = client.get(f"/pledge/have-your-say/{token}")
    assert "⟦Thank you. We saved your answer to" in page.text  # the flash
    assert "⟦Not sure⟧" in BeautifulSoup(page.text, "html.parser").find(id=f"answer-{promise_id}").get_text()
    assert english_left(page.text, data) == []

    comment_page = client.get(f"/pledge/have-your-say/{token}/{promise_id}/comment")
    assert english_left(comment_page.text, data) == []
    empty = client.post(comment_page.request.path, data={"body": "", "csrf_token": csrf_token(comment_page.text)})
    assert empty.status_code == 200 and "⟦Write your comment⟧" in empty.text
    assert english_left(empty.text, data) == []
    too_long = "x" * 1001
    page = client.post(comment_page.request.path, data={"body": too_long, "csrf_token": csrf_token(empty.text)})
    assert "⟦Your comment must be 1000 characters or less⟧" in page.text
    assert english_left(page.text, data, typed=too_long) == []
    sent = client.post(comment_page.request.path, data={"body": "Good", "csrf_token": csrf_token(page.text)})
    assert sent.status_code == 302
    assert "⟦Thank you. We will read your comment" in client.get(sent.location).text


def test_every_word_on_the_report_page_is_marked_for_translation(client, build, bracketed, db_session):
    _token, _promise_id, comment_id, data = build(consultation_with_a_shown_comment)
    page = client.get(f"/pledge/comments/{comment_id}/report")
    assert page.status_code == 200
    assert english_left(page.text, data) == []
    too_long = "x" * 501
    refused = client.post(
        page.request.path, data={"reason": too_long, "back": "/pledge", "csrf_token": csrf_token(page.text)}
    )
    assert "⟦The reason must be 500 characters or less⟧" in refused.text
    assert english_left(refused.text, data, typed=too_long) == []
    sent = client.post(
        page.request.path, data={"reason": "Unkind", "back": "/pledge", "csrf_token": csrf_token(refused.text)}
    )
    assert sent.status_code == 302
    assert db_session.scalar(select(Comment.reports).where(Comment.id == comment_id)) == 1


def test_in_arabic_the_draft_promises_are_marked_as_english_words(client, build):
    token, promise_id, _comment_id, _data = build(consultation_with_a_shown_comment)
    arabic = {"Accept-Language": "ar"}
    page = BeautifulSoup(client.get(f"/pledge/have-your-say/{token}", headers=arabic).text, "html.parser")
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    promise = page.find(id=f"promise-{promise_id}")
    assert promise.find("h3").find_parent(attrs={"lang": "en"})["dir"] == "ltr"
    assert page.find("h2", class_="govuk-heading-l")["lang"] == "en"
    comment_page = client.get(f"/pledge/have-your-say/{token}/{promise_id}/comment", headers=arabic).text
    meaning = BeautifulSoup(comment_page, "html.parser").select_one("main .portal-promise__meaning")
    assert meaning["lang"] == "en" and meaning["dir"] == "ltr"

    english = BeautifulSoup(client.get(f"/pledge/have-your-say/{token}").text, "html.parser")
    assert english.find(id=f"promise-{promise_id}").find(attrs={"lang": True}) is None


def test_the_report_page_dates_the_comment_as_before(client, build, db_session):
    _token, _promise_id, comment_id, _data = build(consultation_with_a_shown_comment)
    comment = db_session.get(Comment, comment_id)
    comment.created_at = comment.created_at.replace(year=2026, month=9, day=4, hour=23, minute=30)  # UTC: 5th in London
    db_session.commit()
    page = BeautifulSoup(client.get(f"/pledge/comments/{comment_id}/report").text, "html.parser")
    assert "You are reporting the comment from 05 Sep 2026." in page.find("main").get_text(" ", strip=True)
