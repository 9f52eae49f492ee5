"""Anonymous answers cannot be stuffed: "is it kept for you?", "tell us more", "I know about the Pledge",
consultation answers and comment reports are limited per address, however many devices (cookies) it uses. The limits
are the real settings, on the demo Pledge: thirty young people on one address (a care home, an event) all answer every
promise; one address posting hundreds, with a fresh cookie each time, is refused after the limit."""

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from portal.accounts import create_user
from portal.device import COOKIE as DEVICE_COOKIE
from portal.limits import parse_limit
from portal.models.kept import AwarenessTap, KeptAnswer, KeptComment
from portal.models.pledge import Comment, CommentStatus, Consultation, ConsultationAnswer
from portal.pledge.demo import load_demo_pledge
from portal.site import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.conftest import Page

VENUE = {"REMOTE_ADDR": "203.0.113.50"}
ELSEWHERE = {"REMOTE_ADDR": "198.51.100.20"}
DEVICE_COOKIES = (DEVICE_COOKIE,)


@pytest.fixture
def demo(app, client, db_session):
    """The demo Pledge (published, and a draft open for consultation with a shown comment), read from the pages a
    young person sees."""
    with app.test_request_context():
        for email, name, role, partner in DEMO_ACCOUNTS:
            create_user(email, name, role, DEMO_PASSWORD, partner)
        load_demo_pledge()
    pledge = Page(client.get("/pledge")).html
    kept = [form["action"] for form in pledge.select("form[action^='/pledge/kept/']")]
    token = db_session.scalar(select(Consultation.token))
    consultation = Page(client.get(f"/pledge/have-your-say/{token}")).html
    answers = sorted(
        {form["action"] for form in consultation.select(f"form[action^='/pledge/have-your-say/{token}/']")}
    )
    comment_id = db_session.scalar(select(Comment.id).where(Comment.status == CommentStatus.SHOWN).limit(1))
    assert len(kept) >= 8 and len(answers) >= 8, "the demo Pledge has 8 promises or more"
    return SimpleNamespace(kept=kept, answers=answers, comment_id=comment_id)


def _kept(demo):
    return [(url, {"answer": "yes"}) for url in demo.kept]


def _more(demo):
    return [(f"{url}/more", {"words": "My social worker visits me on my own now."}) for url in demo.kept]


def _i_know(_demo):
    return [("/pledge/i-know", {})]


def _consultation(demo):
    return [(url, {"answer": "matters"}) for url in demo.answers]


def _report(demo):
    return [(f"/pledge/comments/{demo.comment_id}/report", {"reason": "It is unkind", "back": "/pledge/versions"})]


def _rows(model):
    return lambda db_session: db_session.scalar(select(func.count()).select_from(model))


def _reports(db_session):
    return db_session.scalar(select(func.sum(Comment.reports)))


# (what is sent: (url, form) per person, the limit's setting, how many were kept)
KINDS = {
    "is it kept": (_kept, "KEPT_LIMIT_PER_ADDRESS", _rows(KeptAnswer)),
    "tell us more": (_more, "TELL_US_MORE_LIMIT_PER_ADDRESS", _rows(KeptComment)),
    "I know about the Pledge": (_i_know, "I_KNOW_LIMIT_PER_ADDRESS", _rows(AwarenessTap)),
    "consultation": (_consultation, "CONSULTATION_LIMIT_PER_ADDRESS", _rows(ConsultationAnswer)),
    "comment report": (_report, "COMMENT_REPORT_LIMIT_PER_ADDRESS", _reports),
}


def new_phone(app, address):
    """A phone with no cookies yet, on address, and the CSRF token of its new session."""
    client = app.test_client()
    client.environ_base.update(address)
    token = Page(client.get("/sign-in")).html.find("input", attrs={"name": "csrf_token"})["value"]
    return client, token


def send(client, token, url, form):
    return client.post(url, data={"csrf_token": token, **form})


@pytest.mark.parametrize("kind", KINDS)
def test_thirty_young_people_on_one_address_all_answer_but_hundreds_from_it_are_refused(app, demo, db_session, kind):
    sent, setting, kept = KINDS[kind]
    targets = sent(demo)
    before = kept(db_session) or 0
    for person in range(30):
        phone, token = new_phone(app, VENUE)
        for url, form in targets:
            assert send(phone, token, url, form).status_code == 302, f"young person {person} was stopped at {url}"
    db_session.expire_all()
    assert kept(db_session) - before == 30 * len(targets)

    # Someone at the same address goes on, dropping the device cookie before each post (a new "device" each time),
    # up to the limit: each is kept. The next is refused.
    allowed, _window = parse_limit(app.config[setting])
    stuffer, token = new_phone(app, VENUE)
    for n in range(30 * len(targets), allowed):
        for cookie in DEVICE_COOKIES:
            stuffer.delete_cookie(cookie)
        url, form = targets[n % len(targets)]
        assert send(stuffer, token, url, form).status_code == 302, f"post {n} was refused"
    for cookie in DEVICE_COOKIES:
        stuffer.delete_cookie(cookie)
    refused = Page(send(stuffer, token, *targets[0]))
    assert refused.status == 429
    assert "from where you are in a short time" in refused.text() and "Try again in" in refused.text()
    db_session.expire_all()
    assert kept(db_session) - before == allowed

    # Someone on another address is not slowed by it.
    assert send(*new_phone(app, ELSEWHERE), *targets[0]).status_code == 302
