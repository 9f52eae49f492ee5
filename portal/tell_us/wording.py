"""What the Tell us pages say beyond their forms' labels, in plain words: hints, the questions that depend on
earlier answers, and the check-your-answers rows."""

from portal.cases.labels import TOLD_BY, YES_NO_NOT_SURE
from portal.tell_us import forms

WORDS_QUESTIONS = {
    "complaint": "What happened?",
    "representation": "What do you want to change?",
    "suggestion": "What is your idea?",
    "compliment": "What was good?",
}
WORDS_HINTS = {
    "compliment": "Tell us who or what it was, so we can pass on your thanks.",
}


# What a one-question page adds to its form's label: a hint, hints on choices, and how the browser should help.
QUESTION_EXTRAS = {
    "what-kind": {"choice_hints": [{"hint": {"text": hint}} for _, hint in forms.KINDS.values()]},
    "are-you-safe": {"hint": "This means no one is hurting you, and you are not in danger."},
    "who-else": {"hint": "For example, their teacher or their aunt."},
    "when": {"hint": "A rough idea is fine."},
    "what-would-help": {"hint": "For example, what would make it right for you.", "max_length": forms.OUTCOME_MAX},
    "advocate": {"hint": "An advocate is someone on your side. They help you say what you want. It is free."},
    "reply": {
        "hint": "We only use this to talk to you about your message.",
        "choice_hints": [{}, {}, {}, {}, {"hint": {"text": "You can still see what is happening with your code."}}],
    },
    "reply-email": {
        "hint": "We will send you a short email to say we got your message.",
        "autocomplete": "email",
        "input_type": "email",
    },
    "reply-phone": {"autocomplete": "tel", "input_type": "tel"},
    "reply-mobile": {"hint": "We will send you text messages.", "autocomplete": "tel", "input_type": "tel"},
    "reply-via": {"hint": "If you do not know, leave it blank."},
    "language": {"hint": "An interpreter helps you talk to us in your own language, or in sign language. It is free."},
    "which-language": {"hint": "You can say sign language."},
    "name": {"hint": "You do not have to tell us. It helps us find you if we need to.", "autocomplete": "name"},
}


def question_for(slug, answers):
    """What a one-question page shows beside its form's label; "text" replaces the label where the question
    depends on earlier answers."""
    if slug == "what-happened":
        kind = answers.get("kind")
        return {
            "text": WORDS_QUESTIONS.get(kind, "What do you want to tell us?"),
            "hint": WORDS_HINTS.get(kind, "Use your own words. Write as much or as little as you like."),
            "max_length": forms.WORDS_MAX,
        }
    return QUESTION_EXTRAS.get(slug, {})


def _chosen(options, value):
    return options.get(value, value) if value else "Not answered"


def check_rows(answers):
    """The check-your-answers rows, (question, answer, page to change it on), for the answers given that apply
    (pass applicable_answers). Each row changes on the page that asked it."""
    kind = answers.get("kind")
    rows = [
        ("What you want to tell us", forms.KINDS[kind][0] if kind in forms.KINDS else kind, "what-kind"),
        ("Are you safe right now?", _chosen(forms.SAFE, answers.get("safe_now")), "are-you-safe"),
        ("Who is telling us", _chosen(forms.WHO, answers.get("told_by_me")), "who"),
    ]
    optional = [
        ("told_by", "Who you are to them", TOLD_BY, "who-you-are"),
        ("told_by_other", "Who you are", None, "who-else"),
        ("young_person_agrees", "Do they know and agree?", forms.AGREES, "do-they-agree"),
        ("words", WORDS_QUESTIONS.get(kind, "Your message"), None, "what-happened"),
        (
            "promise",
            "Which promise it is about",
            forms.promise_labels() if "promise" in answers else None,
            "which-promise",
        ),
        ("happened_when", "When it happened", forms.WHEN, "when"),
        ("wanted_outcome", "What you would like to happen", None, "what-would-help"),
        ("advocate_wanted", "Do you want an advocate?", YES_NO_NOT_SURE, "advocate"),
        ("reply_route", "How we reply", forms.REPLY, "reply"),
        ("reply_email", "Email address", None, "reply-email"),
        ("reply_phone", "Phone number", None, "reply-phone"),
        ("reply_mobile", "Mobile phone number", None, "reply-mobile"),
        ("reply_via_name", "Social worker or advocate", None, "reply-via"),
        ("interpreter", "Do you need an interpreter?", forms.YES_NO, "language"),
        ("language", "Language", None, "which-language"),
        ("name", "Your name", None, "name"),
    ]
    for key, question, options, slug in optional:
        if key in answers:
            value = answers[key]
            rows.append((question, _chosen(options, value) if options else (value or "Not answered"), slug))
    return rows
