"""What the Tell us pages say beyond their forms' labels, in plain words: hints, the questions that depend on
earlier answers, and the check-your-answers rows."""

from portal.complaints import forms

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
    """The check-your-answers rows: (question, answer, page to change it on), for the answers that apply."""
    kind = answers.get("kind")
    someone_else = answers.get("told_by_me") == "someone_else"
    rows = [
        ("What you want to tell us", forms.KINDS[kind][0] if kind in forms.KINDS else kind, "what-kind"),
        ("Are you safe right now?", _chosen(forms.SAFE, answers.get("safe_now")), "are-you-safe"),
        ("Who is telling us", _chosen(forms.WHO, answers.get("told_by_me")), "who"),
    ]
    if someone_else:
        rows.append(("Who you are to them", _chosen(forms.RELATIONSHIP, answers.get("told_by")), "who-you-are"))
        if answers.get("told_by") == "other":
            rows.append(("Who you are", answers.get("told_by_other"), "who-else"))
        rows.append(
            ("Do they know and agree?", _chosen(forms.AGREES, answers.get("young_person_agrees")), "do-they-agree")
        )
    rows.append((WORDS_QUESTIONS.get(kind, "Your message"), answers.get("words"), "what-happened"))
    if "happened_when" in answers:
        rows.append(("When it happened", _chosen(forms.WHEN, answers.get("happened_when")), "when"))
    if "wanted_outcome" in answers:
        rows.append(
            ("What you would like to happen", answers.get("wanted_outcome") or "Not answered", "what-would-help")
        )
    if "advocate_wanted" in answers:
        rows.append(
            ("Do you want an advocate?", _chosen(forms.YES_NO_NOT_SURE, answers.get("advocate_wanted")), "advocate")
        )
    route = answers.get("reply_route")
    detail = {
        "email": answers.get("reply_email"),
        "phone": answers.get("reply_phone"),
        "text": answers.get("reply_mobile"),
        "social_worker": answers.get("reply_via_name"),
    }.get(route)
    reply = _chosen(forms.REPLY, route) + (f": {detail}" if detail else "")
    rows.append(("How we reply", reply, "reply"))
    language = answers.get("language") if answers.get("interpreter") == "yes" else None
    rows.append(
        ("Interpreter or another language", language or _chosen(forms.YES_NO, answers.get("interpreter")), "language")
    )
    rows.append(("Your name", answers.get("name") or "Not given", "name"))
    # The "about you" answers are never shown beside the words, not even here: only how many were answered.
    answered = sum(1 for name in ("age_band", "gender", "ethnicity", "disability") if answers.get(name))
    rows.append(("About you (optional)", f"{answered} of 4 questions answered", "about-you"))
    return rows
