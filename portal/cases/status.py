"""Where a case is, in plain words a young person can follow: what /track shows.

Every state is a heading, one true sentence about what is happening now, and one about what happens next or what they
can do. Nothing promised is something the case cannot do from where it is."""

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup

from portal.cases.deadlines import is_paused, pause_ranges, request_window_closes, stage
from portal.cases.rules import allows, check_request_stage
from portal.clock import london_today
from portal.models import CaseStatus, Outcome
from portal.templating import long_date


def with_values(sentence, **values):
    """A translated sentence with its values put in, each kept left to right (<bdi>) inside a right-to-left page:
    a phone number's groups of digits would otherwise be shown in reverse order."""
    # The sentence is ours (the catalogues), not anyone's input; the values are escaped as they are put in.
    bdi = {name: Markup("<bdi>%s</bdi>") % value for name, value in values.items()}
    return Markup(sentence) % bdi  # noqa: S704


def outcome_words(outcome, phone):
    """What the answer was, and what they can do now it is closed."""
    if outcome == Outcome.UPHELD:
        return _("We agreed with you."), with_values(
            _("We will do what our answer says. If it does not happen, call us on %(phone)s."), phone=phone
        )
    if outcome == Outcome.PARTLY_UPHELD:
        return _("We agreed with some of what you said."), with_values(
            _("Our answer says what we will do. If you are not happy with it, call us on %(phone)s."), phone=phone
        )
    if outcome == Outcome.NOT_UPHELD:
        return _("We did not agree with you this time. Our answer says why."), with_values(
            _("If you are not happy with it, call us on %(phone)s."), phone=phone
        )
    if outcome == Outcome.WITHDRAWN:
        return _("You asked us to stop, so we did."), _("You can tell us again at any time.")
    if outcome == Outcome.RESOLVED:
        now = _("We have done what we can with what you told us.")
    else:
        now = _("We have finished looking at this.")
    return now, _("If something is still wrong, you can tell us again.")


def stage_words(status):
    """Who is looking at it, stage by stage, before the answer is sent."""
    return {
        CaseStatus.STAGE_1: _("Someone is working to sort it out with you."),
        CaseStatus.STAGE_2: _("Someone new is looking at it again, in more detail."),
        CaseStatus.STAGE_3: _("A panel of three people is looking at it again."),
    }[status]


def after_answer(number, phone, closes):
    """After each stage's answer: where they can go if they are not happy. Stage 2 is asked for on /track itself."""
    if number == 2:
        return with_values(
            _("If you are still not happy, you can ask for a panel to look at it. Call us on %(phone)s by %(date)s."),
            phone=phone,
            date=long_date(closes),
        )
    return _("If you are still not happy, you can ask the Ombudsman to look at it. They do not work for us.")


def stage_2_offer():
    """What stage 2 is, for a young person deciding whether to ask for it."""
    return _(
        "If you are not happy with it, you can ask for stage 2. A new person will look at it all again. Someone who "
        "does not work for us checks that it is fair."
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
        return _("We are helping to keep you safe"), [
            _("We have asked the team that keeps children safe to help."),
            _("They may get in touch with you. If you are in danger now, call 999."),
        ]
    if stage_2_may_be_asked_for(case):
        one = stage(case, 1)
        what_we_said = [outcome_words(one.outcome, phone)[0]] if one.outcome in ANSWERED else []
        last_day = long_date(last_day_to_ask(case))
        if late_to_ask(case):
            by_when = _("The last day to ask was %(date)s. You can still ask.", date=last_day)
        else:
            by_when = _("Ask by %(date)s. You can still ask after that.", date=last_day)
        return _("We have sent you our answer"), [
            _("We sent it on %(date)s.", date=long_date(one.responded_on)),
            *what_we_said,
            stage_2_offer(),
            by_when,
        ]
    if case.status == CaseStatus.CLOSED:
        return _("We have finished"), list(outcome_words(case.outcome, phone))
    if is_paused(case):
        return _("We have stopped for a while"), [
            _("We have to wait for something else to finish first."),
            _("We will start again after that. You do not need to do anything."),
        ]
    if case.status == CaseStatus.RECEIVED:
        return _("We have your message"), [
            _("Someone will start to look at it by %(date)s.", date=long_date(case.acknowledge_by)),
            _("You do not need to do anything now."),
        ]
    if case.status == CaseStatus.BEING_LOOKED_AT:
        return _("Someone is looking at it"), [
            _("A member of staff is reading what you told us."),
            _("We will tell you what happens next."),
        ]
    number = int(case.status.value[-1])
    current = stage(case, number)
    if current is not None and current.responded_on is not None:
        closes = request_window_closes(current.responded_on, pause_ranges(case))
        return _("We have sent you our answer"), [
            _("We sent it on %(date)s.", date=long_date(current.responded_on)),
            after_answer(number, phone, closes),
        ]
    if number == 2 and (current is None or current.started_on is None):
        return _("Stage 2 has started"), [
            _("You asked us to look again, so someone new will look at it."),
            _("First they will agree with you what to look at."),
        ]
    if case.reply_by:
        next_step = _("We will send you our answer by %(date)s.", date=long_date(case.reply_by))
    else:
        next_step = _("We will send you our answer when we can.")
    return _("We are working on it"), [stage_words(case.status), next_step]
