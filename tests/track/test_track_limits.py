"""Tracking codes cannot be guessed, and someone who knows a young person's reference cannot lock them out: wrong
codes lock one address out of one reference; many addresses together meet the looser per-reference daily limit."""

from tests.conftest import PageClient
from tests.tell_us.conftest import send, walk

BULLY = {"REMOTE_ADDR": "198.51.100.66"}
OWNER = {"REMOTE_ADDR": "203.0.113.10"}
WRONG_CODE = "AAAA-BBBB-CCCC"


def sent_case(app):
    """A case sent from the owner's phone: its reference and tracking code."""
    phone = PageClient(app.test_client())
    phone.client.environ_base.update(OWNER)
    walk(phone)
    page = send(phone)
    reference = page.html.find(class_="portal-reference").get_text(strip=True)
    code = page.html.find(id="tracking-code").get_text(strip=True)
    phone.post("/tell-us/finish", {})
    return reference, code


def client_at(app, address):
    pages = PageClient(app.test_client())
    pages.client.environ_base.update(address)
    return pages


def track(pages, reference, code, expected_status):
    return pages.post("/track", {"reference": reference, "code": code}, expected_status)


def test_five_wrong_codes_lock_that_address_out_of_the_reference_but_not_the_owner(app):
    reference, code = sent_case(app)
    bully = client_at(app, BULLY)
    for _ in range(5):
        assert track(bully, reference, WRONG_CODE, 200).error_messages()
    paused = track(bully, reference, WRONG_CODE, 429)
    assert "paused checking for a while" in paused.text()
    assert paused.html.select_one(".govuk-exit-this-page"), "a paused /track keeps Exit this page at the top"

    owner = client_at(app, OWNER)
    assert track(owner, reference, code, 303).response.location.endswith("/track/message")
    assert reference in owner.get("/track/message").text()


def test_the_right_code_from_a_locked_address_is_refused_like_a_wrong_one(app):
    reference, code = sent_case(app)
    bully = client_at(app, BULLY)
    for _ in range(5):
        track(bully, reference, WRONG_CODE, 200)
    wrong = track(bully, reference, WRONG_CODE, 429)
    right = track(bully, reference, code, 429)  # no oracle: the code is not even checked
    assert right.text() == wrong.text()


def test_many_addresses_together_meet_the_per_reference_daily_limit(app):
    reference, code = sent_case(app)
    for n in range(50):
        track(client_at(app, {"REMOTE_ADDR": f"198.51.100.{n}"}), reference, WRONG_CODE, 200)
    page = track(client_at(app, OWNER), reference, code, 429)
    assert "paused checking for a while" in page.text()
    assert "Try again in 24 hours" in page.text(), "a day-long limit says hours, not 1,440 minutes"
