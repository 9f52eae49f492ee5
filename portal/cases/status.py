"""Where a case is, in plain words a young person can follow: what /track shows.

Every state is a heading, one true sentence about what is happening now, and one about what happens next or what they
can do. Nothing promised is something the case cannot do from where it is."""

from flask import current_app

from portal.cases.deadlines import is_paused, pause_ranges, request_window_closes, stage
from portal.cases.rules import allows, check_request_stage
from portal.clock import london_today
from portal.models import CaseStatus, Outcome
from portal.templating import long_date

# What the answer was, and what they can do now it is closed.
OUTCOME_WORDS = {
    Outcome.UPHELD: (
        "We agreed with you.",
        "We will do what our answer says. If it does not happen, call us on {phone}.",
    ),
    Outcome.PARTLY_UPHELD: (
        "We agreed with some of what you said.",
        "Our answer says what we will do. If you are not happy with it, call us on {phone}.",
    ),
    Outcome.NOT_UPHELD: (
        "We did not agree with you this time. Our answer says why.",
        "If you are not happy with it, call us on {phone}.",
    ),
    Outcome.RESOLVED: (
        "We have done what we can with what you told us.",
        "If something is still wrong, you can tell us again.",
    ),
    Outcome.WITHDRAWN: ("You asked us to stop, so we did.", "You can tell us again at any time."),
}
NO_OUTCOME = ("We have finished looking at this.", "If something is still wrong, you can tell us again.")

# Who is looking at it, stage by stage, before the answer is sent.
STAGE_WORDS = {
    CaseStatus.STAGE_1: "Someone is working to sort it out with you.",
    CaseStatus.STAGE_2: "Someone new is looking at it again, in more detail.",
    CaseStatus.STAGE_3: "A panel of three people is looking at it again.",
}
# After each stage's answer: where they can go if they are not happy. Stage 2 is asked for on /track itself.
AFTER_ANSWER = {
    2: "If you are still not happy, you can ask for a panel to look at it. Call us on {phone} by {date}.",
    3: "If you are still not happy, you can ask the Ombudsman to look at it. They do not work for us.",
}
# What stage 2 is, for a young person deciding whether to ask for it.
STAGE_2_OFFER = (
    "If you are not happy with it, you can ask for stage 2. A new person will look at it all again. Someone who does "
    "not work for us checks that it is fair."
)


# A case closed with one of these after its stage 1 answer was closed with that answer: the young person may still
# ask for stage 2. Closed as withdrawn or resolved, they asked us to stop or it was sorted: /track does not offer it
# (staff can still record a request made by phone).
ANSWERED = (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD)


def stage_2_may_be_asked_for(case):
    """Stage 1 has its answer and stage 2 has not been asked for: /track offers it, late or not."""
    if case.status == CaseStatus.CLOSED and case.outcome not in ANSWERED:
        return False
    return allows(check_request_stage, case, 2)


def last_day_to_ask(case, number=2):
    """The last day to ask for stage number without the request being flagged as late."""
    return request_window_closes(stage(case, number - 1).responded_on, pause_ranges(case))


def late_to_ask(case):
    """Past the last day to ask for stage 2: still offered, never refused, and not told to ask by a past day."""
    return london_today() > last_day_to_ask(case)


def status_in_plain_words(case):
    """(heading, [what is happening now, what happens next]) for /track, for every state a case can be in."""
    phone = current_app.config["CONTACT_PHONE"]
    if case.status == CaseStatus.SAFEGUARDING:
        return "We are helping to keep you safe", [
            "We have asked the team that keeps children safe to help.",
            "They may get in touch with you. If you are in danger now, call 999.",
        ]
    if stage_2_may_be_asked_for(case):
        one = stage(case, 1)
        what_we_said = [OUTCOME_WORDS[one.outcome][0]] if one.outcome in ANSWERED else []
        last_day = last_day_to_ask(case)
        if late_to_ask(case):
            by_when = f"The last day to ask was {long_date(last_day)}. You can still ask."
        else:
            by_when = f"Ask by {long_date(last_day)}. You can still ask after that."
        return "We have sent you our answer", [
            f"We sent it on {long_date(one.responded_on)}.",
            *what_we_said,
            STAGE_2_OFFER,
            by_when,
        ]
    if case.status == CaseStatus.CLOSED:
        now, next_step = OUTCOME_WORDS.get(case.outcome, NO_OUTCOME)
        return "We have finished", [now, next_step.format(phone=phone)]
    if is_paused(case):
        return "We have stopped for a while", [
            "We have to wait for something else to finish first.",
            "We will start again after that. You do not need to do anything.",
        ]
    if case.status == CaseStatus.RECEIVED:
        return "We have your message", [
            f"Someone will start to look at it by {long_date(case.acknowledge_by)}.",
            "You do not need to do anything now.",
        ]
    if case.status == CaseStatus.BEING_LOOKED_AT:
        return "Someone is looking at it", [
            "A member of staff is reading what you told us.",
            "We will tell you what happens next.",
        ]
    number = int(case.status.value[-1])
    current = stage(case, number)
    if current is not None and current.responded_on is not None:
        closes = request_window_closes(current.responded_on, pause_ranges(case))
        return "We have sent you our answer", [
            f"We sent it on {long_date(current.responded_on)}.",
            AFTER_ANSWER[number].format(phone=phone, date=long_date(closes)),
        ]
    if number == 2 and (current is None or current.started_on is None):
        return "Stage 2 has started", [
            "You asked us to look again, so someone new will look at it.",
            "First they will agree with you what to look at.",
        ]
    if case.reply_by:
        next_step = f"We will send you our answer by {long_date(case.reply_by)}."
    else:
        next_step = "We will send you our answer when we can."
    return "We are working on it", [STAGE_WORDS[case.status], next_step]
