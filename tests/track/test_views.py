"""Track: whoever holds a case's reference and private code sees where it is, in plain words, and nothing else."""

from tests.tell_us.conftest import send, walk
from tests.tell_us.test_views import only_case, sent_reference_and_code


def sent_case(pages):
    walk(pages)
    reference, code = sent_reference_and_code(send(pages))
    pages.post("/tell-us/finish", {})
    return reference, code


def test_track_shows_the_status_in_plain_words(pages, db_session):
    reference, code = sent_case(pages)
    pages.post("/track", {"reference": reference.lower().replace("-", " "), "code": code.lower()}, 303)
    page = pages.get("/track/message")
    assert page.h1 == f"Your message {reference}"
    assert "We have your message" in page.text()
    assert page.response.headers["Cache-Control"] == "no-store"


def test_track_shows_only_the_messages_staff_chose_to_share(pages, db_session):
    reference, code = sent_case(pages)
    case = only_case(db_session)
    case.add_event("note", "Internal note about the foster placement")
    case.add_event(
        "message", "We have found you an advocate. They will call you this week.", shared_with_young_person=True
    )
    db_session.commit()
    pages.post("/track", {"reference": reference, "code": code}, 303)
    page_text = pages.get("/track/message").text()
    assert "We have found you an advocate" in page_text
    assert "Internal note" not in page_text


def test_wrong_reference_and_wrong_code_get_the_same_answer(pages):
    reference, code = sent_case(pages)
    wrong_code = pages.post("/track", {"reference": reference, "code": "AAAA-BBBB-CCCC"}, 200)
    wrong_reference = pages.post("/track", {"reference": "TU-AAAA-BB", "code": code}, 200)
    assert (
        wrong_code.error_messages()
        == wrong_reference.error_messages()
        == ["We could not find a match for that reference and code. Check both and try again."]
    )
    assert wrong_code.text().replace(reference, "REF") == wrong_reference.text().replace("TU-AAAA-BB", "REF")


def test_tracking_guesses_are_rate_limited_per_address(app, pages):
    app.config["TRACK_LIMIT_PER_ADDRESS"] = "3 per hour"
    reference, code = sent_case(pages)
    for n in range(3):
        pages.post("/track", {"reference": f"TU-AAAA-{n}{n}", "code": "GUESS"}, 200)
    pages.post("/track", {"reference": reference, "code": code}, 429)
    pages.post("/track", {"reference": reference, "code": code}, 303, environ_base={"REMOTE_ADDR": "198.51.100.7"})


def test_words_are_never_on_a_public_page_but_track(pages, db_session):
    reference, code = sent_case(pages)
    for url in ("/", "/tell-us", "/track", "/get-help", "/tell-us/finished"):
        assert "social worker has changed" not in pages.get(url).html.get_text()
