"""What the Tell us pages say beyond their forms' labels, in plain words: hints, the questions that depend on
earlier answers, and the check-your-answers rows. Words made once (module level) are lazy, put in the page's
language as they are shown."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.cases.labels import TOLD_BY, YES_NO_NOT_SURE
from portal.tell_us import forms

WORDS_QUESTIONS = {
    "complaint": _l("What happened?"),
    "representation": _l("What do you want to change?"),
    "suggestion": _l("What is your idea?"),
    "compliment": _l("What was good?"),
}
WORDS_HINTS = {
    "compliment": _l("Tell us who or what it was, so we can pass on your thanks."),
}


# What a one-question page adds to its form's label: a hint, hints on choices, and how the browser should help.
QUESTION_EXTRAS = {
    "what-kind": {"choice_hints": [{"hint": {"text": hint}} for _label, hint in forms.KINDS.values()]},
    "are-you-safe": {"hint": _l("This means no one is hurting you, and you are not in danger.")},
    "who-else": {"hint": _l("For example, their teacher or their aunt.")},
    "when": {"hint": _l("A rough idea is fine.")},
    "what-would-help": {"hint": _l("For example, what would make it right for you."), "max_length": forms.OUTCOME_MAX},
    "advocate": {"hint": _l("An advocate is someone on your side. They help you say what you want. It is free.")},
    "reply": {
        "hint": _l("We only use this to talk to you about your message."),
        "choice_hints": [{}, {}, {}, {}, {"hint": {"text": _l("You can still see what is happening with your code.")}}],
    },
    "reply-email": {
        "hint": _l("We will send you a short email to say we got your message."),
        "autocomplete": "email",
        "input_type": "email",
    },
    "reply-phone": {"autocomplete": "tel", "input_type": "tel"},
    "reply-mobile": {"hint": _l("We will send you text messages."), "autocomplete": "tel", "input_type": "tel"},
    "reply-via": {"hint": _l("If you do not know, leave it blank.")},
    "language": {
        "hint": _l("An interpreter helps you talk to us in your own language, or in sign language. It is free.")
    },
    "which-language": {"hint": _l("You can say sign language.")},
    "name": {"hint": _l("You do not have to tell us. It helps us find you if we need to."), "autocomplete": "name"},
}


def question_for(slug, answers):
    """What a one-question page shows beside its form's label; "text" replaces the label where the question
    depends on earlier answers."""
    if slug == "what-happened":
        kind = answers.get("kind")
        return {
            "text": WORDS_QUESTIONS.get(kind, _("What do you want to tell us?")),
            "hint": WORDS_HINTS.get(kind, _("Use your own words. Write as much or as little as you like.")),
            "max_length": forms.WORDS_MAX,
        }
    return QUESTION_EXTRAS.get(slug, {})


def _chosen(options, value):
    return options.get(value, value) if value else _("Not answered")


# Typed answers that are left to right in any language (an address, a number): they keep that order inside
# right-to-left text. Anything else typed is shown with dir="auto", so it reads the way it was written.
LEFT_TO_RIGHT = {"reply_email", "reply_phone", "reply_mobile"}


def answer_direction(key, options):
    """The dir attribute for an answer on the check page: "ltr" for addresses and numbers, "auto" for other words
    the person typed, None for a choice (it is in the page's own language)."""
    if key in LEFT_TO_RIGHT:
        return "ltr"
    return None if options else "auto"


def check_rows(answers):
    """The check-your-answers rows, (question, answer, page to change it on, dir), for the answers given that apply
    (pass applicable_answers). Each row changes on the page that asked it; dir is answer_direction's."""
    kind = answers.get("kind")
    rows = [
        (_("What you want to tell us"), forms.KINDS[kind][0] if kind in forms.KINDS else kind, "what-kind", None),
        (_("Are you safe right now?"), _chosen(forms.SAFE, answers.get("safe_now")), "are-you-safe", None),
        (_("Who is telling us"), _chosen(forms.WHO, answers.get("told_by_me")), "who", None),
    ]
    optional = [
        ("told_by", _("Who you are to them"), TOLD_BY, "who-you-are"),
        ("told_by_other", _("Who you are"), None, "who-else"),
        ("young_person_agrees", _("Do they know and agree?"), forms.AGREES, "do-they-agree"),
        ("words", WORDS_QUESTIONS.get(kind, _("Your message")), None, "what-happened"),
        (
            "promise",
            _("Which promise it is about"),
            forms.promise_labels() if "promise" in answers else None,
            "which-promise",
        ),
        ("happened_when", _("When it happened"), forms.WHEN, "when"),
        ("wanted_outcome", _("What you would like to happen"), None, "what-would-help"),
        ("advocate_wanted", _("Do you want an advocate?"), YES_NO_NOT_SURE, "advocate"),
        ("reply_route", _("How we reply"), forms.REPLY, "reply"),
        ("reply_email", _("Email address"), None, "reply-email"),
        ("reply_phone", _("Phone number"), None, "reply-phone"),
        ("reply_mobile", _("Mobile phone number"), None, "reply-mobile"),
        ("reply_via_name", _("Social worker or advocate"), None, "reply-via"),
        ("interpreter", _("Do you need an interpreter?"), forms.YES_NO, "language"),
        ("language", _("Language"), None, "which-language"),
        ("name", _("Your name"), None, "name"),
    ]
    for key, question, options, slug in optional:
        if key in answers:
            value = answers[key]
            shown = _chosen(options, value) if options else (value or _("Not answered"))
            rows.append((question, shown, slug, answer_direction(key, options) if value else None))
    return rows
