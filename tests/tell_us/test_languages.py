"""Tell us in a young person's language: the case records the language of the pages they used, the emails to them
follow it, and references, codes and what they typed keep their own direction inside right-to-left pages."""

from sqlalchemy import select

from portal import mail
from portal.models import Case
from tests.tell_us.conftest import send as press_send
from tests.tell_us.conftest import walk


def choose_language(pages, code):
    pages.get(f"/tell-us?lang={code}", expected_status=303)


def test_a_case_sent_from_dari_pages_records_dari_as_its_page_language(pages, inbox, db_session):
    choose_language(pages, "fa-AF")
    walk(pages)
    press_send(pages)
    assert db_session.scalar(select(Case.page_language)) == "fa-AF"


def test_a_case_sent_from_english_pages_records_english(pages, inbox, db_session):
    walk(pages)
    press_send(pages)
    assert db_session.scalar(select(Case.page_language)) == "en"


def test_the_acknowledgement_is_rendered_in_the_language_of_the_case(pages, inbox, locales_rendered):
    choose_language(pages, "fa-AF")
    walk(pages, replace={"are-you-safe": {"safe_now": "no"}})  # urgent, so the duty team is alerted too
    pages.post("/tell-us/send", {})
    assert ("email/acknowledgement.txt", "fa_AF") in locales_rendered
    # The duty team's alert about the same case stays in English.
    assert ("email/urgent_case.txt", "en") in locales_rendered


def test_the_acknowledgement_in_english_reads_as_it_always_has(pages, inbox):
    walk(pages)
    sent = press_send(pages)
    assert "You can see what is happening with your message at any time." in sent.text()
    (to, message), *_ = [item for item in inbox if item[0] == ["young.person@example.org"]]
    assert "Subject: We have your message (TU-" in message
    assert "Thank you for telling us." in message
    assert "Council Children's Services" in message


def test_the_reference_and_code_stay_left_to_right(pages, inbox):
    choose_language(pages, "ar")
    walk(pages)
    page = press_send(pages)
    reference = page.html.find(class_="portal-reference")
    assert reference.bdi is not None and reference.bdi["dir"] == "ltr"
    assert "portal-nowrap" in reference.bdi["class"]  # one line, never broken at its hyphens
    assert page.html.find(id="tracking-code")["dir"] == "ltr"


def test_the_check_page_shows_typed_answers_with_dir_auto_and_addresses_left_to_right(pages):
    walk(pages)
    page = pages.get("/tell-us/check")
    shown = {span.get_text(): span.get("dir") for span in page.html.find_all(class_="portal-words")}
    assert shown["My social worker has changed 3 times this year and nobody told me 😞"] == "auto"
    assert shown["young.person@example.org"] == "ltr"
    assert shown["Something is wrong"] is None  # a choice is in the page's own language


def test_the_words_box_follows_the_way_the_person_writes(pages):
    walk(pages)
    page = pages.get("/tell-us/what-happened?change=1")
    assert page.html.find("textarea")["dir"] == "auto"
    page = pages.get("/tell-us/reply-email?change=1")
    assert page.html.find("input", attrs={"name": "reply_email"})["dir"] == "ltr"


def test_a_message_to_a_young_person_is_rendered_in_the_language_given_and_staff_ones_in_english(app, locales_rendered):
    with app.test_request_context("/tell-us", headers={"Accept-Language": "ar"}):
        app.preprocess_request()
        mail.render("young_person_text", "ps", case=Case(reference="TU-ABC-123"), track_url="https://example.org/track")
        mail.render("urgent_case", case=Case(reference="TU-ABC-123"))
    assert locales_rendered == [("email/young_person_text.txt", "ps"), ("email/urgent_case.txt", "en")]


def test_the_character_count_has_a_message_for_each_arabic_plural_form(pages):
    choose_language(pages, "ar")
    walk(pages)
    page = pages.get("/tell-us/what-happened?change=1")
    count = page.html.find(attrs={"data-module": "govuk-character-count"})
    under_limit = {
        name.rsplit(".", 1)[1] for name in count.attrs if name.startswith("data-i18n.characters-under-limit")
    }
    assert under_limit == {"zero", "one", "two", "few", "many", "other"}
