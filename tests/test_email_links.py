"""Links in emails and texts point at PORTAL_URL, never at the Host header a request came with (which its sender
chooses): a forged Host must not turn a young person's or an officer's link into someone else's site."""

from portal import mail


def test_a_link_in_a_message_is_on_portal_url_whatever_host_the_request_named(app):
    app.config["PORTAL_URL"] = "https://pledge.example-council.gov.uk"
    with app.test_request_context("/tell-us/check", base_url="http://evil.example"):
        assert mail.portal_url("track.track") == "https://pledge.example-council.gov.uk/track"
        assert mail.portal_url("triage.case", case_id=7) == "https://pledge.example-council.gov.uk/staff/cases/7"
