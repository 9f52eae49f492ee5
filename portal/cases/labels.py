"""What staff pages, the queue's CSV and the annual report call each kind, status, channel and outcome of a case, and
the answers a case records (who told us, the optional "about you" questions), once."""

from flask_babel import lazy_gettext as _l

from portal.models import CaseKind, CaseStatus, Channel, Outcome

KIND_LABELS = {
    CaseKind.COMPLAINT: "Complaint",
    CaseKind.REPRESENTATION: "Representation",
    CaseKind.SUGGESTION: "Suggestion",
    CaseKind.COMPLIMENT: "Compliment",
}
# Counts of many cases, as the annual report heads its rows.
KIND_PLURALS = {
    CaseKind.COMPLAINT: "Complaints",
    CaseKind.REPRESENTATION: "Representations",
    CaseKind.SUGGESTION: "Suggestions",
    CaseKind.COMPLIMENT: "Compliments",
}
STATUS_LABELS = {
    CaseStatus.RECEIVED: "New",
    CaseStatus.BEING_LOOKED_AT: "Acknowledged",
    CaseStatus.STAGE_1: "Stage 1",
    CaseStatus.STAGE_2: "Stage 2",
    CaseStatus.STAGE_3: "Stage 3",
    CaseStatus.SAFEGUARDING: "Safeguarding",
    CaseStatus.CLOSED: "Closed",
}
CHANNEL_LABELS = {
    Channel.WEB: "Website",
    Channel.PHONE: "Phone",
    Channel.LETTER: "Letter",
    Channel.IN_PERSON: "In person",
}
OUTCOME_LABELS = {
    Outcome.UPHELD: "Upheld",
    Outcome.PARTLY_UPHELD: "Partly upheld",
    Outcome.NOT_UPHELD: "Not upheld",
    Outcome.RESOLVED: "Resolved",
    Outcome.WITHDRAWN: "Withdrawn",
}
PAUSE_REASONS = {
    "court": "Court proceedings",
    "police": "Police investigation",
    "other": "Another reason the law allows",
}

# Answers a case records, in the words Tell us asks them in (staff recording a case use the same ones). Lazy
# (lazy_gettext): Tell us shows them in the young person's language; staff pages are always English.
YES_NO_NOT_SURE = {"yes": _l("Yes"), "no": _l("No"), "not_sure": _l("I am not sure")}
TOLD_BY = {
    "parent": _l("Their parent"),
    "carer": _l("Their carer or key worker"),
    "foster_carer": _l("Their foster carer"),
    "advocate": _l("Their advocate"),
    "other": _l("Someone else"),
}

# The same answers as staff read them on the case page: about the young person, not in their own "I" words. Each
# field's stored values (lowercase, like "not_sure") with the words shown for them.
CASE_PAGE_ANSWERS = {
    "told_by": {"young_person": "The young person", **TOLD_BY},
    "young_person_agrees": {"yes": "Yes, they know and agree", "no": "No", "not_sure": "Not sure"},
    "safe_now": {"yes": "Yes", "no": "No, not safe", "not_sure": "Not sure"},
    "happened_when": {
        "last_week": "In the last week",
        "last_month": "In the last month",
        "last_year": "In the last year",
        "over_a_year": "More than a year ago",
        "not_sure": "Not sure",
    },
    "advocate_wanted": {"yes": "Yes", "no": "No", "not_sure": "Not sure"},
    "reply_route": {
        "email": "Email",
        "phone": "Phone call",
        "text": "Text message",
        "social_worker": "Through their social worker or advocate",
        "none": "Do not contact them",
    },
}


def case_answer(field, value, empty="Not asked"):
    """What the case page shows for a case's stored answer to field: its label, `empty` when there is none, and a
    value without a label (from an older form, say) with its underscores as spaces and a capital letter."""
    if not value:
        return empty
    return CASE_PAGE_ANSWERS[field].get(value) or value.replace("_", " ").capitalize()


# The optional "about you" (equality) answers: asked by Tell us, counted by the annual report.
AGE_BANDS = {
    "under_10": _l("Under 10"),
    "10_to_12": _l("10 to 12"),
    "13_to_15": _l("13 to 15"),
    "16_to_17": _l("16 or 17"),
    "18_to_21": _l("18 to 21"),
    "22_to_25": _l("22 to 25"),
    "26_or_over": _l("26 or over"),
    "prefer_not": _l("I prefer not to say"),
}
GENDERS = {
    "girl": _l("Girl or woman"),
    "boy": _l("Boy or man"),
    "another_way": _l("I use another word"),
    "prefer_not": _l("I prefer not to say"),
}
ETHNICITIES = {
    "asian": _l("Asian or Asian British"),
    "black": _l("Black, Black British, Caribbean or African"),
    "mixed": _l("Mixed or more than one group"),
    "white": _l("White"),
    "other": _l("Another group"),
    "prefer_not": _l("I prefer not to say"),
}
DISABILITY = {"yes": _l("Yes"), "no": _l("No"), "prefer_not": _l("I prefer not to say")}

# What the case history calls each field an action can change (the keys of a CaseEvent's changes), in the words the
# case page uses for it. portal.cases.history.change_in_words turns a stored change into these words.
CHANGE_LABELS = {
    "status": "Status",
    "acknowledged_on": "Acknowledged on",
    "safeguarding": "Referred to safeguarding",
    "assigned_to": "Handled by",
    "service_areas": "Service areas",
    "themes": "Themes",
    "promise": "Pledge promise",
    "started_on": "Started on",
    "extended_to": "Time allowed",
    "extension_reason": "Why it needs longer",
    "responded_on": "Answered on",
    "outcome": "Outcome",
    "summary": "Summary",
    "investigating_officer": "Investigating officer",
    "independent_person": "Independent person",
    "panel_on": "Panel met on",
    "report_on": "Panel report on",
    "ombudsman_referred_on": "Referred to the Ombudsman on",
    "ombudsman_decided_on": "Ombudsman decided on",
    "ombudsman_decision": "Ombudsman's decision",
    "ombudsman_remedy": "Remedy",
    "ended_on": "Paused until",
    "advocacy_requested_on": "Advocacy asked for on",
    "advocacy_referred_to": "Advocacy referred to",
    "advocacy_referred_on": "Advocacy referred on",
    "advocacy_provided_on": "Advocate helping from",
    "done_on": "Done on",
    "closed_on": "Closed on",
}
# What an empty value means for a field whose emptiness the case page already puts in words.
CHANGE_EMPTY = {
    "assigned_to": "Not assigned",
    "promise": "Not about a promise",
    "service_areas": "none chosen",
    "themes": "none chosen",
}
