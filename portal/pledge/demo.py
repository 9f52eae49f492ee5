"""Demo Pledge (made up, marked as demo data like everything portal.demo loads): a published Pledge in the style of
London pledges, a newer draft in progress with revisions, amendments, comments and an open consultation, and two
small updates waiting for the participation officer (one sent for sign-off, one approved)."""

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from portal import accounts
from portal.clock import london_today
from portal.db import get_session
from portal.models import Pledge, Role
from portal.models.pledge import Answer
from portal.models.triage import QualityTheme
from portal.pledge import amendments, comments, consultations, drafting, translations, versions
from portal.published import english_digest, live_promises, themes_with_promises
from portal.site import DEMO_PASSWORD

PARTNERS = {
    "social care": "Children's Social Care",
    "school": "Virtual School",
    "health": "Looked After Children Health Team (NHS)",
    "housing": "Housing Service",
    "leaving care": "Leaving Care Service",
    "participation": "Participation Team",
}

# (theme, [(short title, wording, what this means for you, owners)])
PUBLISHED = [
    (
        "Feeling a sense of belonging",
        [
            (
                "Be there for you",
                "We will be there for you when you need us. Your social worker will **visit you on your own** and "
                "call you back by the end of the next working day.",
                "You can always reach someone who knows you.",
                ["social care"],
            ),
            (
                "Celebrate who you are",
                "We will respect your culture, faith, language and identity, and help you stay in touch with the "
                "people who matter to you.",
                "We will help you be proud of who you are.",
                ["social care", "participation"],
            ),
        ],
    ),
    (
        "A good education",
        [
            (
                "Help you learn",
                "We will make sure you go to a good school or college, and you help write your Personal Education "
                "Plan.",
                "We will help you do well at school.",
                ["school"],
            ),
        ],
    ),
    (
        "Keeping healthy",
        [
            (
                "Look after your health",
                "You will have a health check every year, and help with your feelings when you ask for it.",
                "We will help you stay well in body and mind.",
                ["health"],
            ),
        ],
    ),
    (
        "Staying safe",
        [
            (
                "Keep you safe",
                "We will make sure where you live is safe, and act fast when you tell us you are worried.",
                "Tell us if you feel unsafe. We will act fast.",
                ["social care"],
            ),
            (
                "A home when you leave care",
                "We will help you find a safe home when you leave care. We will never place you in a bed and "
                "breakfast.",
                "We will help you find a good home.",
                ["housing", "leaving care"],
            ),
        ],
    ),
    (
        "Championing your needs",
        [
            (
                "Listen and decide together",
                "We will listen to you and make decisions *with* you, not about you. You can have an advocate to "
                "speak for you.",
                "Your voice counts. We decide with you.",
                ["social care", "participation"],
            ),
            (
                "Get you ready for your own place",
                "We will help you learn the skills you need to live on your own, like money, cooking and paying bills.",
                "We will help you get ready to live on your own.",
                ["leaving care"],
            ),
        ],
    ),
]

SECOND_RMA = ("rma2@example.org", "Jordan Bailey")

CONSULTATION_COMMENTS = [
    "I like this one. My social worker always calls back.",
    "Can you add something about pocket money? Call me on 07700 900123 if you want to talk.",
    "This should say you can choose your advocate.",
]


def _user(email):
    return accounts.user_by_email(email)


MONEY = "Money and allowances"  # a theme the migration seeds (portal.cases.lists)


def _theme_id(name):
    return get_session().scalar(select(QualityTheme.id).where(QualityTheme.name == name))


def load_demo_pledge():
    """Load the demo Pledge unless there is a Pledge already; returns how many versions were made."""
    db = get_session()
    if db.scalar(select(Pledge.id).limit(1)) is not None:
        return 0
    rma = _user("rma@example.org")
    officer = _user("participation@example.org")
    # A second Role Model Army member, so two young people can be seen writing together.

    if _user(SECOND_RMA[0]) is None:
        accounts.create_user(*SECOND_RMA, Role.RMA_MEMBER, DEMO_PASSWORD)
    partners = {key: accounts.get_or_create_partner(name) for key, name in PARTNERS.items()}
    db.commit()

    first = drafting.start_draft(rma, title="Our Pledge 2024")
    for theme_title, promises in PUBLISHED:
        theme = drafting.add_theme(first, theme_title, rma)
        for title, wording, plain_line, owners in promises:
            drafting.add_promise(first, theme, title, wording, plain_line, [partners[o] for o in owners], rma)
    versions.submit_for_review(first, officer)
    versions.record_sign_off(
        first, "approved", date(2024, 3, 14), "CPAP 2024/03", "Approved with thanks to the Role Model Army.", officer
    )
    versions.publish(first, officer, at=datetime(2024, 4, 2, 10, 0, tzinfo=UTC))
    _load_translations(first, officer)

    _load_versions_waiting_for_the_officer(first, rma, officer)

    draft = drafting.start_draft(officer, first, title="Our Pledge 2027")
    # Just added, no promises yet: a theme that can still be removed.
    drafting.add_theme(draft, "Having fun", rma)
    by_title = {p.title: p for p in live_promises(draft)}

    be_there = by_title["Be there for you"]
    drafting.save_promise(
        be_there,
        drafting.head_revision_id(be_there),
        rma,
        title=be_there.title,
        wording=be_there.wording,
        plain_line="You can always reach someone who knows you, even at night.",
        owners=be_there.owners,
    )
    learn = by_title["Help you learn"]
    drafting.save_promise(
        learn,
        drafting.head_revision_id(learn),
        officer,
        title=learn.title,
        wording="We will make sure you go to a good school or college. You help write your Personal Education Plan, "
        "and you can ask for a tutor.",
        plain_line=learn.plain_line,
        owners=learn.owners,
    )
    championing = next(t for t in themes_with_promises(draft) if t.title == "Championing your needs")
    drafting.add_promise(
        draft,
        championing,
        "Help with money",
        "We will help you open a bank account and understand your money before you are 18.",
        "We will help you with money.",
        [partners["leaving care"]],
        rma,
        # Started from the gaps page: complaints about money that named no promise.
        answers=("theme", money) if (money := _theme_id(MONEY)) else None,
        you_said="You told us no one helped you with money. So we made this promise.",
    )

    health = by_title["Look after your health"]
    accepted = amendments.suggest_amendment(
        health,
        rma,
        title=health.title,
        wording="You will have a health check every year. You can see a doctor or nurse you choose, and get help "
        "with your feelings when you ask.",
        plain_line="We will help you stay well in body and mind.",
        why="Young people told us they want to choose who they see.",
        answers=("promise", health.promise_id),
        you_said="You told us you want to choose who you see. Now you can.",
    )
    amendments.accept_amendment(accepted, officer)
    listen = by_title["Listen and decide together"]
    amendments.suggest_amendment(
        listen,
        rma,
        title=listen.title,
        wording="We will listen to you and make decisions *with* you, not about you. You can choose your own "
        "advocate to speak for you.",
        plain_line="Your voice counts. We decide with you.",
        why="It should say you can choose your advocate.",
    )

    comments.add_comment(be_there, "Good change. Night time is when it matters most.", author=rma)
    comments.add_comment(be_there, "We will check this with the out-of-hours team.", author=officer)
    shown = comments.add_comment(learn, "A tutor would really help me with maths.", author=rma)
    comments.moderate(shown, "approve", officer)

    consultation = consultations.open_consultation(draft, london_today() + timedelta(days=28), officer)
    randomness = random.Random(8)  # noqa: S311 - made-up answers, not security
    for device in range(14):
        for promise in live_promises(draft):
            if randomness.random() < 0.8:
                answer = randomness.choices(list(Answer), weights=[6, 2, 1])[0]
                consultations.record_answer(consultation, promise, f"demo-device-{device}", answer)
    for body, promise in zip(
        CONSULTATION_COMMENTS, [be_there, by_title["Get you ready for your own place"], listen], strict=True
    ):
        comments.add_comment(promise, body, consultation=consultation)
    return 4


def _load_versions_waiting_for_the_officer(published, rma, officer):
    """Demo data: two small updates to the published Pledge, one sent for sign-off and one the panel approved, so
    a newcomer signed in as the participation officer finds both next steps (record the panel's decision, publish)
    on their start page. Their titles say they are demo records."""
    in_review = drafting.start_draft(rma, published, title="Easier words (demo: waiting for the panel)")
    safe = next(p for p in live_promises(in_review) if p.title == "Keep you safe")
    drafting.save_promise(
        safe,
        drafting.head_revision_id(safe),
        rma,
        title=safe.title,
        wording=safe.wording,
        plain_line="Tell us if you feel unsafe. We will act the same day.",
        owners=safe.owners,
    )
    versions.submit_for_review(in_review, rma)

    approved = drafting.start_draft(officer, published, title="Health update (demo: approved, not published)")
    health = next(p for p in live_promises(approved) if p.title == "Look after your health")
    drafting.save_promise(
        health,
        drafting.head_revision_id(health),
        officer,
        title=health.title,
        wording="You will have a health check every year, and help with your feelings as soon as you ask for it.",
        plain_line=health.plain_line,
        owners=health.owners,
    )
    # Still waiting when the panel approved it, so publishing warns about it.
    amendments.suggest_amendment(
        health,
        rma,
        title=health.title,
        wording=health.wording,
        plain_line="We will help you stay well, in your body and your mind.",
        why="Easier to read.",
    )
    versions.submit_for_review(approved, officer)
    versions.record_sign_off(approved, "approved", date(2026, 3, 12), "CPAP 2026/03", "Demo sign-off.", officer)


# Demo translations (made up for the demo, not checked by a fluent reader): two promises in Dari and Arabic.
# (short title, language, title, wording, what this means for you)
TRANSLATIONS = [
    (
        "Be there for you",
        "fa-AF",
        "در کنار شما هستیم",
        "هر وقت به ما نیاز داشته باشید، در کنار شما هستیم. مددکار اجتماعی شما **تنها با شما** دیدار می‌کند.",
        "همیشه می‌توانید با کسی که شما را می‌شناسد تماس بگیرید.",
    ),
    (
        "Be there for you",
        "ar",
        "نحن هنا من أجلك",
        "سنكون هنا من أجلك عندما تحتاج إلينا. سيزورك مرشدك الاجتماعي **على انفراد**.",
        "يمكنك دائمًا الوصول إلى شخص يعرفك.",
    ),
    (
        "Help you learn",
        "fa-AF",
        "کمک به درس شما",
        "ما مطمئن می‌شویم که شما به یک مکتب یا کالج خوب بروید، و شما در نوشتن پلان تعلیمی شخصی خود کمک می‌کنید.",
        "ما کمک می‌کنیم که در مکتب موفق باشید.",
    ),
    (
        "Help you learn",
        "ar",
        "نساعدك على التعلّم",
        "سنحرص على أن تذهب إلى مدرسة أو كلية جيدة، وأن تشارك في كتابة خطتك التعليمية الشخصية.",
        "سنساعدك على النجاح في المدرسة.",
    ),
]
# "Be there for you" was translated before its English gained the call back, so /pledge shows its translations as
# out of date, with the English below them.
EARLIER_ENGLISH = {
    "Be there for you": (
        "Be there for you",
        "We will be there for you when you need us. Your social worker will **visit you on your own**.",
        "You can always reach someone who knows you.",
    )
}


def _load_translations(published, officer):
    by_title = {promise.title: promise for promise in live_promises(published)}
    for short_title, language, title, wording, plain_line in TRANSLATIONS:
        translation = translations.save_translation(
            by_title[short_title], language, title, wording, plain_line, officer
        )
        if short_title in EARLIER_ENGLISH:
            translation.source_digest = english_digest(*EARLIER_ENGLISH[short_title])
    get_session().commit()
