"""Where a case is, in plain words a young person can follow: what /track shows and the update emails say."""

from portal.cases.deadlines import is_paused, stage
from portal.models import CaseStatus, Outcome
from portal.templating import long_date

OUTCOME_WORDS = {
    Outcome.UPHELD: "We agreed with you.",
    Outcome.PARTLY_UPHELD: "We agreed with some of what you said.",
    Outcome.NOT_UPHELD: "We did not agree this time. We have told you why.",
    Outcome.RESOLVED: "We have done what we can with what you told us.",
    Outcome.WITHDRAWN: "You asked us to stop, so we did.",
}
STAGE_WORDS = {
    CaseStatus.STAGE_1: "Stage 1. Someone is trying to sort it out with you.",
    CaseStatus.STAGE_2: "Stage 2. Someone new is looking into it in detail.",
    CaseStatus.STAGE_3: "Stage 3. A panel of three people is looking at it again.",
}


def status_in_plain_words(case):
    """A heading and a line or two a young person can follow, for each stage of triage."""
    if case.status == CaseStatus.SAFEGUARDING:
        return "We are helping to keep you safe", [
            "We have asked the team that keeps children safe to help.",
            "They may get in touch with you.",
        ]
    if case.status == CaseStatus.CLOSED:
        return "Closed", [OUTCOME_WORDS.get(case.outcome, "We have finished looking at this.")]
    if is_paused(case):
        return "We have paused for now", [
            "We have to wait for something else to finish first.",
            "We will not forget you.",
        ]
    if case.status == CaseStatus.RECEIVED:
        return "We got your message", [f"We will tell you we have it by {long_date(case.acknowledge_by)}."]
    if case.status == CaseStatus.BEING_LOOKED_AT:
        return "Someone is looking at it", ["A member of staff is reading what you told us."]
    lines = [STAGE_WORDS[case.status]]
    current = stage(case, int(case.status.value[-1]))
    if current is not None and current.responded_on is not None:
        lines.append("We have sent you our answer.")
        if current.number < 3:
            lines.append("If you are not happy with it, you can ask us to look again.")
    elif current is not None and current.number == 2 and current.started_on is None:
        lines.append("We will agree with you what to look into.")
    elif case.reply_by:
        lines.append(f"We will reply by {long_date(case.reply_by)}.")
    return "We are working on it", lines
