"""Translations of the Pledge's promises (portal/pledge/translations.py): the digest of the English they were made
from and when that makes them out of date, the staff pages that make and check them, and /pledge in a young
person's language."""

import pytest
from bs4 import BeautifulSoup

from portal.db import get_session
from portal.models.pledge import PromiseTranslation, VersionPromise
from portal.pledge import drafting, translations
from portal.published import (
    english_digest,
    is_out_of_date,
    live_promises,
    promise_choices,
    promise_choices_by_theme,
    themes_with_promises,
)
from tests.pledge.conftest import build_draft, published_ids, sign_off_and_publish

OFFICER = "officer@test.example.org"
RMA = "rma1@test.example.org"
DARI = "fa-AF"


def translate(people, promise, language=DARI, title="عنوان", wording="وعده **ما**", plain_line="برای شما"):
    return translations.save_translation(promise, language, title, wording, plain_line, people.officer)


def change_english(people, promise, wording):
    drafting.save_promise(
        promise,
        drafting.head_revision_id(promise),
        people.rma,
        title=promise.title,
        wording=wording,
        plain_line=promise.plain_line,
        owners=promise.owners,
    )


# The digest and the out-of-date rule ---------------------------------------------------------------------------


def test_the_digest_changes_with_each_part_of_the_english_and_with_words_moved_between_parts():
    digest = english_digest("Help you learn", "We help.", "At school.")
    assert len(digest) == 64
    assert digest == english_digest("Help you learn", "We help.", "At school.")
    assert digest != english_digest("Help you learn!", "We help.", "At school.")
    assert digest != english_digest("Help you learn", "We help you.", "At school.")
    assert digest != english_digest("Help you learn", "We help.", "At your school.")
    assert english_digest("a b", "c", "") != english_digest("a", "b c", "")


def test_a_published_promise_takes_a_translation_and_a_new_version_inherits_it_out_of_date_where_the_english_changed(
    people, published
):
    version, (learn, health) = published
    people_officer = people.officer
    for promise in (learn, health):
        translations.save_translation(promise, DARI, "عنوان", "وعده", "برای شما", people_officer)
    assert not is_out_of_date(translations.translation_for(learn, DARI), learn)

    draft = drafting.start_draft(people_officer, version, title="Next")
    new_learn, new_health = live_promises(draft)
    drafting.save_promise(
        new_learn,
        drafting.head_revision_id(new_learn),
        people_officer,
        title=new_learn.title,
        wording="We will help you learn, and you can ask for a tutor.",
        plain_line=new_learn.plain_line,
        owners=new_learn.owners,
    )
    inherited = translations.translation_for(new_learn, DARI)
    assert inherited.version_promise_id == learn.id, "the earlier version's translation, as nothing newer exists"
    assert is_out_of_date(inherited, new_learn)
    assert not is_out_of_date(translations.translation_for(new_health, DARI), new_health)
    assert translations.translation_for(new_learn, "ar") is None
    # The earlier version's own translation is not out of date: its English did not change.
    assert not is_out_of_date(translations.translation_for(learn, DARI), learn)
    # A translation made for the draft is its own from then on, and the published one never sees it.
    own = translations.save_translation(new_learn, DARI, "تازه", "وعده تازه", "برای شما", people_officer)
    assert translations.translation_for(new_learn, DARI) == own
    assert translations.translation_for(learn, DARI).version_promise_id == learn.id


def test_changing_a_translation_clears_checked_by_a_fluent_reader(people, published):
    _version, (learn, _health) = published
    translate(people, learn)
    checked = translations.mark_checked(learn, DARI, people.manager)
    assert checked.checked_by_id == people.manager.id and checked.checked_at is not None
    changed = translate(people, learn, title="عنوان تازه")
    assert (changed.checked_by_id, changed.checked_at) == (None, None)
    assert get_session().query(PromiseTranslation).count() == 1, "changed in place, one per language"


# The staff pages -----------------------------------------------------------------------------------------------


def test_an_officer_adds_a_translation_from_the_published_promise_page_and_errors_keep_what_was_typed(pages, build):
    _version, ids, _identities = build(published_ids)
    pages.sign_in(OFFICER)
    promise_page = pages.get(f"/pledge/promises/{ids[0]}")
    row = promise_page.html.find(id=f"translation-{ids[0]}-{DARI}")
    assert "Not translated yet" in row.get_text()
    form_url = f"/pledge/promises/{ids[0]}/translations/{DARI}"
    assert row.find("a", href=form_url).get_text(strip=True).startswith("Add")

    page = pages.get(form_url)
    assert page.html.find("input", attrs={"name": "title"})["dir"] == "rtl"
    refused = pages.post(form_url, {"title": "", "wording": "وعده ما", "plain_line": ""}, expected_status=200)
    assert refused.title.startswith("Error: ")
    assert refused.error_messages() == [
        "Enter the short title in this language",
        "Enter what this means for you in this language",
    ]
    assert refused.html.find("textarea", attrs={"name": "wording"}).get_text() == "وعده ما"

    pages.post(form_url, {"title": "کمک به درس", "wording": "وعده ما", "plain_line": "در مکتب کمک می کنیم."})
    row = pages.get(f"/pledge/promises/{ids[0]}").html.find(id=f"translation-{ids[0]}-{DARI}")
    assert "Made by Pat Officer" in row.get_text() and "Not checked by a fluent reader yet" in row.get_text()

    pages.post(f"{form_url}/checked")
    page = pages.get(form_url)
    assert "Checked by a fluent reader (Pat Officer" in page.text()
    assert not page.html.find("button", string=lambda s: s and "Mark as checked" in s)


def test_role_model_army_members_read_translations_but_cannot_change_them(pages, build):
    def translated(people):
        _version, ids, _identities = published_ids(people)
        translate(people, get_session().get(VersionPromise, ids[0]))
        return ids

    ids = build(translated)
    pages.sign_in(RMA)
    url = f"/pledge/promises/{ids[0]}/translations/{DARI}"
    page = pages.get(url)
    assert "عنوان" in page.text()
    assert page.html.find("form", action=url) is None
    pages.post(url, {"title": "x", "wording": "x", "plain_line": "x"}, expected_status=403)
    pages.post(f"{url}/checked", expected_status=403)


def test_each_translation_page_checks_its_promise_and_language(pages, build):
    _version, ids, _identities = build(published_ids)
    pages.sign_in(OFFICER)
    pages.get(f"/pledge/promises/{ids[-1] + 100}/translations/{DARI}", expected_status=404)
    pages.get(f"/pledge/promises/{ids[0]}/translations/en", expected_status=404)
    pages.get(f"/pledge/promises/{ids[0]}/translations/xx", expected_status=404)
    pages.post(f"/pledge/promises/{ids[-1] + 100}/translations/{DARI}", {"title": "x"}, expected_status=404)
    # Nothing to check yet.
    pages.post(f"/pledge/promises/{ids[0]}/translations/{DARI}/checked", expected_status=404)


def test_an_out_of_date_translation_cannot_be_marked_as_checked(people, published):
    _version, (learn, _health) = published
    translate(people, learn)
    draft = drafting.start_draft(people.rma, published[0], title="Next")
    new_learn = live_promises(draft)[0]
    translate(people, new_learn)
    change_english(people, new_learn, "Other English words.")
    with pytest.raises(translations.TranslationError, match="The English has changed"):
        translations.mark_checked(new_learn, DARI, people.officer)


# /pledge in a young person's language -----------------------------------------------------------------------------


def two_versions_in_dari(people):
    """Version 1 with both promises in Dari; version 2 (published) changes the first's English and adds a third
    promise with no translation."""
    version, (learn, health) = build_draft(people)
    sign_off_and_publish(version, people)
    translate(people, learn, title="کمک به درس")
    translate(people, health, title="صحت شما")
    draft = drafting.start_draft(people.rma, version, title="Our Pledge 2")
    new_learn, _new_health = live_promises(draft)
    change_english(people, new_learn, "We will help you learn, and you can ask for a tutor.")
    theme = themes_with_promises(draft)[0]
    added = drafting.add_promise(
        draft, theme, "Money help", "We help with money.", "Money.", [people.school], people.rma
    )
    sign_off_and_publish(draft, people)
    return new_learn.promise_id, _new_health.promise_id, added.promise_id


def test_the_pledge_in_dari_shows_translations_the_out_of_date_note_and_english_where_there_is_none(client, build):
    learn, health, money = build(two_versions_in_dari)
    client.get(f"/pledge?lang={DARI}")
    html = BeautifulSoup(client.get("/pledge").get_data(as_text=True), "html.parser")

    up_to_date = html.find(id=f"promise-{health}")
    translated = up_to_date.find(class_="portal-promise__translation")
    assert (translated["lang"], translated["dir"]) == (DARI, "rtl")
    assert translated.find("h3").get_text(strip=True) == "صحت شما"
    assert up_to_date.find(class_="portal-promise__out-of-date") is None

    out_of_date = html.find(id=f"promise-{learn}")
    assert out_of_date.find(class_="portal-promise__translation").find("h3").get_text(strip=True) == "کمک به درس"
    note = out_of_date.find(class_="portal-promise__out-of-date")
    assert (
        "ما کلمات انگلیسی این وعده را تغییر دادیم" in note.get_text()
    )  # "We changed the English words of this promise"
    english = note.find(attrs={"lang": "en"})
    assert english["dir"] == "ltr" and "ask for a tutor" in english.get_text()

    none = html.find(id=f"promise-{money}")
    assert none.find("h3")["lang"] == "en" and none.find("h3").get_text(strip=True) == "Money help"
    assert "این وعده هنوز به دری نیست. این هم متن انگلیسی آن." in none.get_text()  # "not in Dari yet"
    assert none.find("div", attrs={"lang": "en", "dir": "ltr"}).get_text(strip=True) == "Money.We help with money."


def test_the_pledge_in_english_is_as_before(client, build):
    learn, _health, money = build(two_versions_in_dari)
    html = client.get("/pledge", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "کمک به درس" not in html and "not in" not in html
    assert "ask for a tutor" in html


def test_the_shared_pledge_page_shows_a_translation_as_soon_as_it_is_made(client, build):
    _version, ids, identities = build(published_ids)
    first = client.get("/pledge", headers={"Accept-Language": DARI})
    assert "Help you learn" in first.get_data(as_text=True)

    def translated(people):
        translate(people, get_session().get(VersionPromise, ids[0]), title="کمک به درس")

    build(translated)
    again = client.get("/pledge", headers={"Accept-Language": DARI})
    assert again.headers["ETag"] != first.headers["ETag"]
    assert "کمک به درس" in again.get_data(as_text=True)


def test_the_demo_pledge_has_two_promises_in_dari_and_arabic_one_of_them_out_of_date(runner, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    for language, direction in ((DARI, "rtl"), ("ar", "rtl")):
        html = BeautifulSoup(
            client.get("/pledge", headers={"Accept-Language": language}).get_data(as_text=True), "html.parser"
        )
        translated = html.select(f".portal-promise__translation[lang='{language}'][dir='{direction}']")
        assert len(translated) == 2
        out_of_date = html.select(".portal-promise__out-of-date")
        assert len(out_of_date) == 1 and "call you back" in out_of_date[0].get_text()
        assert html.select(".portal-promise__not-translated")  # the rest are in English, with the note


def test_a_translated_title_shows_wherever_a_young_person_meets_the_promise(app, client, build):
    """The scorecard, Tell us's "which promise" page and the one-tap thank-you use the translation, as /pledge does;
    a promise with none keeps its English, marked as English."""
    learn, health, money = build(two_versions_in_dari)
    client.get(f"/pledge?lang={DARI}")

    scorecard = BeautifulSoup(client.get("/pledge/scorecard").get_data(as_text=True), "html.parser")
    assert scorecard.find(id=f"promise-{health}-title").get_text(strip=True) == "صحت شما"
    untranslated = scorecard.find(id=f"promise-{money}-title")
    assert untranslated.get_text(strip=True) == "Money help" and untranslated["lang"] == "en"
    not_in_dari = "این وعده هنوز به دری نیست"  # "This promise is not in Dari yet"
    assert not_in_dari in untranslated.find_parent("section").get_text()
    assert not_in_dari not in scorecard.find(id=f"promise-{health}-title").find_parent("section").get_text()
    # Learning's English changed after it was translated: the scorecard has no room to say so, so it shows the English.
    out_of_date = scorecard.find(id=f"promise-{learn}-title")
    assert out_of_date.get_text(strip=True) == "Help you learn" and out_of_date["lang"] == "en"
    assert not_in_dari in out_of_date.find_parent("section").get_text()

    with app.test_request_context("/tell-us/which-promise", headers={"Accept-Language": DARI}):
        choices = promise_choices_by_theme()
    titles = {str(title) for _theme, promises in choices for _value, title in promises}
    assert {"صحت شما", "کمک به درس", '<span lang="en" dir="ltr">Money help</span>'} <= titles
    assert all(str(theme).startswith('<span lang="en" dir="ltr">') for theme, _promises in choices)  # not translated
    with app.test_request_context("/admin/languages", headers={"Accept-Language": DARI}):  # staff pages stay English
        assert "صحت شما" not in [title for _value, title in promise_choices()]

    client.post(f"/pledge/kept/{health}", data={"answer": "yes"}, headers={"Origin": "http://localhost"})
    thanks = client.get(f"/pledge/kept/{health}").get_data(as_text=True)
    assert "صحت شما" in thanks
    client.post(f"/pledge/kept/{money}", data={"answer": "yes"}, headers={"Origin": "http://localhost"})
    thanks = BeautifulSoup(client.get(f"/pledge/kept/{money}").get_data(as_text=True), "html.parser")
    english = thanks.select_one(".govuk-body-l span[lang='en'][dir='ltr']")  # isolated in the Dari sentence
    assert english.get_text() == "Money help"


def test_the_pocket_card_prints_each_up_to_date_translation_and_english_for_the_rest(client, build):
    learn, health, money = build(two_versions_in_dari)
    client.get(f"/pledge?lang={DARI}")
    card = BeautifulSoup(client.get("/pledge/print").get_data(as_text=True), "html.parser")
    promises = [p.find("p") for p in card.select(".portal-pocket-card__promise")]
    words = {p.strong.get_text(strip=True): p for p in promises}

    assert words["صحت شما."]["lang"] == DARI
    assert "وعده‌هایی که هنوز به دری نیستند، به انگلیسی هستند." in card.get_text()  # "the rest are in English"
    # Learning's English changed after it was translated, and Money help has no translation: both in English.
    assert "کمک به درس." not in words
    for title in ("Help you learn.", "Money help."):
        assert (words[title]["lang"], words[title]["dir"]) == ("en", "ltr")

    client.get("/pledge?lang=en")
    english = BeautifulSoup(client.get("/pledge/print").get_data(as_text=True), "html.parser")
    in_english = [p.find("p") for p in english.select(".portal-pocket-card__promise")]
    assert sorted(p.strong.get_text(strip=True) for p in in_english) == [
        "Help you learn.",
        "Look after your health.",
        "Money help.",
    ]
    assert not [p for p in in_english if p.get("lang")], "an English page needs no lang on its promises"
    assert "are in English" not in english.get_text()
