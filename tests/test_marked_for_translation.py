"""Every word a young person sees on /track, the scorecard, "I know about the Pledge"'s thank-you, the young
people's report list and the error pages is marked for translation (issue 24), checked with the bracketing stand-in
catalogue (tests/marked_words.py). The Tell us journey, /pledge, the consultation pages and the statements have their
own checks."""

import pytest

from tests.kept.conftest import make_world
from tests.marked_words import OPEN, english_left
from tests.track.test_words import CODE, RECEIVED, STATES, stage_1_answered
from tests.triage.conftest import new_case

YOUNG_PERSON_WROTE = "My social worker changed again and nobody told me."


def open_case(app, pages, db_session, make_state):
    from portal.cases.references import hash_tracking_code

    case = new_case(db_session, RECEIVED, reference="TU-MARK-22", words=YOUNG_PERSON_WROTE)
    with app.app_context():
        case.tracking_code_hash = hash_tracking_code(CODE)
    make_state(case)
    case.add_event("message", "We have found you an advocate.", shared_with_young_person=True)
    db_session.commit()
    pages.post("/track", {"reference": "TU-MARK-22", "code": CODE}, 303)
    return case


def get(client, url, status=200, **kwargs):
    """The page's HTML, fetched without the English pages' structure checks (tests/conftest.py Page): its title's
    "Error:" prefix is bracketed here, like every other word."""
    response = client.get(url, **kwargs)
    assert response.status_code == status
    return response.get_data(as_text=True)


def test_the_track_form_and_its_errors_are_marked(pages, bracketed):
    assert english_left(get(pages.client, "/track")) == []
    token = pages.csrf_token()
    wrong = pages.client.post("/track", data={"reference": "TU-NONE-22", "code": "WRONG", "csrf_token": token})
    assert f"{OPEN}We could not find a match" in wrong.get_data(as_text=True)
    assert english_left(wrong.get_data(as_text=True), typed="TU-NONE-22") == []


@pytest.mark.parametrize("make_state", [state[0] for state in STATES], ids=lambda f: f.__name__)
def test_every_state_of_a_case_on_track_is_marked(app, pages, db_session, bracketed, make_state):
    open_case(app, pages, db_session, make_state)
    page = get(pages.client, "/track/message")
    assert english_left(page, ["TU-MARK-22", "We have found you an advocate."]) == []


def test_asking_for_stage_2_is_marked(app, pages, db_session, bracketed):
    open_case(app, pages, db_session, stage_1_answered)
    assert english_left(get(pages.client, "/track/stage-2")) == []


def test_the_scorecard_and_the_thank_you_for_knowing_the_pledge_are_marked(app, pages, bracketed):
    with app.test_request_context():
        make_world()
    # The Pledge's own words and the partners' names are data, not words to translate here.
    data = ["Help you learn", "We help you at school.", "Look after your health", "We keep you well."]
    data += ["Virtual School", "Health Team"]
    assert english_left(get(pages.client, "/pledge/scorecard"), data) == []
    assert english_left(get(pages.client, "/pledge/i-know")) == []


def test_the_young_peoples_report_list_is_marked(pages, bracketed):
    assert english_left(get(pages.client, "/reports")) == []


def test_error_pages_a_young_person_meets_are_marked(pages, bracketed):
    assert english_left(get(pages.client, "/no-such-page", 404)) == []
    refused = pages.client.post("/track", data={"reference": "TU-NONE-22", "code": "X"})  # no CSRF token
    assert refused.status_code == 400
    assert english_left(refused.get_data(as_text=True)) == []


def test_a_page_not_found_is_in_the_language_chosen_and_its_language_links_lead_home(pages):
    pages.get("/track?lang=ar", expected_status=303)
    page = pages.get("/no-such-page", expected_status=404)
    assert page.html.html["lang"] == "ar" and page.html.html["dir"] == "rtl"
    assert page.html.select_one("a[hreflang=fa-AF], a[lang=fa-AF]")["href"] == "/?lang=fa-AF"
    assert pages.get("/no-such-page?lang=vi", expected_status=404).html.html["lang"] == "ar"  # no choice made here
