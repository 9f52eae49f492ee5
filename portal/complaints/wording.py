"""What each one-question page of Tell us says: the question, and a hint, in plain words. Some depend on earlier
answers (what kind of message it is; whether a young person or someone for them is telling us)."""

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


def question_for(slug, answers):
    """{"text", "hint", ...} for a one-question page; choice_hints adds hints to radio choices."""
    kind = answers.get("kind")
    if slug == "what-kind":
        return {
            "text": "What do you want to tell us?",
            "choice_hints": [{"hint": {"text": hint}} for _, hint in forms.KINDS.values()],
        }
    if slug == "are-you-safe":
        return {
            "text": "Are you safe right now?",
            "hint": "This means no one is hurting you, and you are not in danger.",
        }
    if slug == "who":
        return {"text": "Who is telling us?"}
    if slug == "who-you-are":
        return {"text": "Who are you to the young person?"}
    if slug == "who-else":
        return {"text": "Tell us who you are", "hint": "For example, their teacher or their aunt."}
    if slug == "do-they-agree":
        return {"text": "Does the young person know you are telling us, and do they agree?"}
    if slug == "what-happened":
        return {
            "text": WORDS_QUESTIONS.get(kind, "What do you want to tell us?"),
            "hint": WORDS_HINTS.get(kind, "Use your own words. Write as much or as little as you like."),
            "max_length": forms.WORDS_MAX,
        }
    if slug == "when":
        return {"text": "When did it happen?", "hint": "A rough idea is fine."}
    if slug == "what-would-help":
        return {
            "text": "What would you like to happen? (optional)",
            "hint": "For example, what would make it right for you.",
            "max_length": forms.OUTCOME_MAX,
        }
    if slug == "advocate":
        return {
            "text": "Do you want an advocate?",
            "hint": "An advocate is someone on your side. They help you say what you want. It is free.",
        }
    if slug == "reply":
        return {
            "text": "How should we reply to you?",
            "hint": "We only use this to talk to you about your message.",
            "choice_hints": [{}, {}, {}, {}, {"hint": {"text": "You can still see what is happening with your code."}}],
        }
    if slug == "reply-email":
        return {
            "text": "What is your email address?",
            "hint": "We will send you a short email to say we got your message.",
            "autocomplete": "email",
            "input_type": "email",
        }
    if slug == "reply-phone":
        return {"text": "What is your phone number?", "autocomplete": "tel", "input_type": "tel"}
    if slug == "reply-mobile":
        return {
            "text": "What is your mobile phone number?",
            "hint": "We will send you text messages.",
            "autocomplete": "tel",
            "input_type": "tel",
        }
    if slug == "reply-via":
        return {
            "text": "What is the name of your social worker or advocate? (optional)",
            "hint": "If you do not know, leave it blank.",
        }
    if slug == "language":
        return {
            "text": "Do you need an interpreter?",
            "hint": "An interpreter helps you talk to us in your own language, or in sign language. It is free.",
        }
    if slug == "which-language":
        return {"text": "What language do you want to use?", "hint": "You can say sign language."}
    if slug == "name":
        return {
            "text": "What is your name? (optional)",
            "hint": "You do not have to tell us. It helps us find you if we need to.",
            "autocomplete": "name",
        }
    return {}


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
