"""Staff see the language (issue 24): the case page names the language of the pages a young person told us on and
whether they asked for an interpreter; the queue filters by either, with JavaScript off, kept in the address and
combined with the other filters, the count and the list (and the CSV) agreeing."""

from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

from sqlalchemy import select

from portal.clock import london_today
from portal.models import Channel, User
from portal.triage import notify
from tests.triage.conftest import new_case
from tests.triage.test_case_page_words import summary


def assign(db_session, case, email):
    case.assigned_to_id = db_session.scalar(select(User.id).where(User.email == email))
    db_session.commit()


def test_the_case_page_names_the_pages_language_and_the_interpreter_asked_for(pages, officer, db_session):
    case = new_case(db_session, london_today(), page_language="fa-AF", interpreter_needed=True, language="Pashto")
    assign(db_session, case, officer)
    rows = summary(pages.get(f"/staff/cases/{case.id}"))
    assert rows["Language of the pages they used"] == "Dari (دری)"
    assert rows["Asked for an interpreter"] == "Yes (Pashto)"


def test_the_case_page_says_when_the_language_is_not_known(pages, officer, db_session):
    by_phone = new_case(db_session, london_today(), reference="TU-PHON-22", channel=Channel.PHONE)
    # Told on the website before the pages had other languages: English, the only language they had.
    before = new_case(db_session, london_today(), reference="TU-BFOR-22", interpreter_needed=True)
    for case in (by_phone, before):
        assign(db_session, case, officer)
    rows = summary(pages.get(f"/staff/cases/{by_phone.id}"))
    assert rows["Language of the pages they used"] == "Not known (recorded by staff)"
    assert rows["Asked for an interpreter"] == "No"
    rows = summary(pages.get(f"/staff/cases/{before.id}"))
    assert rows["Language of the pages they used"] == "English"
    assert rows["Asked for an interpreter"] == "Yes (language not said)"


def queue_cases(page):
    """The references listed, and the count the caption gives."""
    references = [link.get_text(strip=True) for link in page.html.select(".portal-queue tbody tr td:first-child a")]
    caption = page.html.select_one(".portal-queue caption").get_text(" ", strip=True)
    return references, caption


def submit_filters(page, pages, **chosen):
    """Send the queue's filter form as a browser with JavaScript off does: a GET of every field as it stands, with
    the chosen ones changed."""
    form = page.html.select_one("form[method=get]")
    fields = []
    for field in form.select("input[name], select[name]"):
        if field.get("type") == "submit":
            continue
        if field.name == "select":
            picked = field.select_one("option[selected]") or field.select_one("option")
            value = picked["value"]
        else:
            value = field.get("value", "")
        fields.append((field["name"], chosen.pop(field["name"], value)))
    assert not chosen, f"no such fields: {chosen}"
    return pages.get(f"{form['action']}?{urlencode(fields)}")


def test_the_queue_filters_by_each_language_and_by_interpreter_with_javascript_off(pages, officer, db_session, app):
    today = london_today()
    told = {
        "en": new_case(db_session, today, reference="TU-ENGL-22", page_language="en"),
        "before": new_case(db_session, today, reference="TU-BFOR-22"),  # website, before other languages: English
        "phone": new_case(db_session, today, reference="TU-PHON-22", channel=Channel.PHONE, interpreter_needed=True),
    }
    with app.app_context():
        codes = [code for code in app.config["LANGUAGES"] if code != "en"]
    for index, code in enumerate(codes):
        told[code] = new_case(db_session, today, reference=f"TU-LNG{index}-22", page_language=code)
    told["ar"].interpreter_needed = True
    told["ar"].language = "Arabic"
    db_session.commit()
    queue = pages.get("/staff/cases")
    options = [option.get_text(strip=True) for option in queue.html.select("select[name=language] option")]
    assert options[:3] == ["Any", "English", "Dari (دری)"] and options[-1] == "Asked for an interpreter"
    assert len(options) == len(codes) + 3

    expected = {"en": {"TU-ENGL-22", "TU-BFOR-22"}, "interpreter": {"TU-PHON-22", told["ar"].reference}}
    expected |= {code: {told[code].reference} for code in codes}
    for value, references in expected.items():
        page = submit_filters(queue, pages, language=value)
        listed, caption = queue_cases(page)
        assert set(listed) == references, value
        assert caption == f"{len(references)} cases on this page", value
        # Kept in the address, and chosen again in the form the page shows.
        assert parse_qs(urlsplit(page.response.request.url).query)["language"] == [value]
        assert page.html.select_one("select[name=language] option[selected]")["value"] == value
    listed, _ = queue_cases(submit_filters(queue, pages, language=""))
    assert len(listed) == len(told)


def test_the_language_filter_combines_with_the_other_filters_and_the_csv(pages, officer, db_session):
    today = london_today()
    mine = new_case(db_session, today, reference="TU-MINE-22", page_language="ti")
    new_case(db_session, today, reference="TU-OTHR-22", page_language="ti")
    new_case(db_session, today - timedelta(days=1), reference="TU-ENGL-22", page_language="en")
    assign(db_session, mine, officer)
    me = db_session.scalar(select(User.id).where(User.email == officer))
    page = submit_filters(pages.get("/staff/cases"), pages, language="ti", officer=str(me))
    assert queue_cases(page) == (["TU-MINE-22"], "1 cases on this page")
    # The next pages and the CSV keep the filter: the download link carries it.
    export = page.html.find("a", string="Download these cases as CSV")["href"]
    assert parse_qs(urlsplit(export).query)["language"] == ["ti"]
    body = pages.client.get(export).get_data(as_text=True)
    assert "TU-MINE-22" in body and "TU-OTHR-22" not in body and "TU-ENGL-22" not in body


def test_a_language_filter_that_is_not_one_is_any(pages, officer, db_session):
    new_case(db_session, london_today(), reference="TU-ENGL-22", page_language="en")
    listed, _ = queue_cases(pages.get("/staff/cases?language=xx' OR 1=1"))
    assert listed == ["TU-ENGL-22"]


def test_news_for_a_young_person_is_written_in_the_language_of_their_case(app, db_session, locales_rendered):
    """The email that says there is news (and the text) follows the language of the pages they told us on, as the
    acknowledgement does; its subject too."""
    made = new_case(db_session, london_today(), reply_route="email", reply_email="yp@example.org", page_language="ar")
    with app.test_request_context():
        assert notify.tell_young_person(made)
    assert locales_rendered == [("email/young_person_update.txt", "ar")]
