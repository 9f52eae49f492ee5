"""/track: whoever holds a case's reference and its private code sees where it is, in plain words, and the
conversation with staff. With the case open (portal.cases.references.tracked_case) they can reply, add what they
forgot, and ask for stage 2. Wrong codes are limited so a code cannot be guessed; replies are limited per device,
as Tell us sends are."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.access import public
from portal.cases.conversation import AlreadySaved, CaseChanged, add_words, ask_for_stage_2, may_offer_an_advocate
from portal.cases.history import conversation
from portal.cases.references import (
    case_for_tracking,
    forget_tracked_case,
    normalise_reference,
    remember_tracked_case,
    tracked_case,
)
from portal.cases.rules import ActionRefused
from portal.cases.status import last_day_to_ask, late_to_ask, stage_2_may_be_asked_for, status_in_plain_words
from portal.device import session_device_key
from portal.limits import limit_posts, limit_wrong_guesses, per_address, saved, was_saved, was_wrong_guess, wrong_guess
from portal.security import mark_private
from portal.track import bp
from portal.track.forms import ReplyForm, StageTwoForm, TrackForm

NO_MATCH_MESSAGE = _l("We could not find a match for that reference and code. Check both and try again.")
TRACK_LIMIT_MESSAGE = _l("You have tried a lot of codes. To keep cases private, we have paused checking for a while.")
REPLY_LIMIT_MESSAGE = _l(
    "You have sent a lot of messages. To keep the service working, we have paused sending for a while."
)
CHANGED_MESSAGE = _l("We could not send that just now. Your words are still here. Send it again.")
OTHER_CASE_MESSAGE = _l("You opened another message since. Check this is the right one, then send it again.")


@bp.before_request
def tracking_pages_are_private():
    # A case's status and messages: never cached, so a shared phone keeps nothing after they go.
    mark_private()


def _track_reference_key():
    return "track:" + normalise_reference(request.form.get("reference"))


def _track_reference_and_address_key():
    return f"{_track_reference_key()}:address:{request.remote_addr}"


def _limit_replies(view):
    """Replies and stage 2 requests: a few per device, and a room's worth per address, counting only those saved."""
    per_device = limit_posts(
        "TRACK_REPLY_LIMIT_PER_DEVICE", lambda: session_device_key("reply"), was_saved, REPLY_LIMIT_MESSAGE
    )
    per_place = limit_posts(
        "TRACK_REPLY_LIMIT_PER_ADDRESS", per_address("TRACK_REPLY_LIMIT_PER_ADDRESS"), was_saved, REPLY_LIMIT_MESSAGE
    )
    return per_device(per_place(view))


def _opened_another_since(form, case):
    """True, with the words' error saying so, if the form came from a page showing another case than the one open in
    this browser now (opened in another tab since): the words must not go on the wrong case."""
    if form.reference.data == case.reference:
        return False
    form.words.errors.append(OTHER_CASE_MESSAGE)
    return True


def _case_page(case, reply_form=None):
    reply_form = reply_form or ReplyForm(formdata=None)
    reply_form.reference.data = case.reference
    title, lines = status_in_plain_words(case)
    return render_template(
        "track/track_result.html",
        case=case,
        status_title=title,
        status_lines=lines,
        messages=conversation(case),
        may_ask_for_stage_2=stage_2_may_be_asked_for(case),
        form=reply_form,
    )


# Wrong codes lock out one address from one reference quickly, so someone who knows a young person's reference can
# block only themselves; the looser per-reference limit (config.py says why it is enough) stops many addresses
# together. Over any limit the code is not even checked, so a right code from a locked address is refused too.
@bp.route("/track", methods=["GET", "POST"])
@public
@limit_wrong_guesses("TRACK_LIMIT_PER_REFERENCE", _track_reference_key, "TRACK_LIMIT_PER_ADDRESS", TRACK_LIMIT_MESSAGE)
@limit_posts(
    "TRACK_LIMIT_PER_REFERENCE_AND_ADDRESS", _track_reference_and_address_key, was_wrong_guess, TRACK_LIMIT_MESSAGE
)
def track():
    form = TrackForm()
    if form.validate_on_submit():
        case = case_for_tracking(form.reference.data, form.code.data)
        if case is not None:
            # To the case by a GET: Back or reload later sends nothing again, so once the case is forgotten (Close
            # this message, Exit this page) Back cannot open it on a shared phone.
            remember_tracked_case(case)
            return redirect(url_for("track.case"), code=303)
        wrong_guess()
        form.reference.errors.append(NO_MATCH_MESSAGE)
    return render_template("track/track.html", form=form)


@bp.route("/track/message", methods=["GET", "POST"])
@public
@_limit_replies
def case():
    """The case open in this browser, with a reply box. Without one (or after the idle time), the /track form."""
    case_ = tracked_case()
    if case_ is None:
        return redirect(url_for("track.track"))
    form = ReplyForm()
    if form.validate_on_submit() and not _opened_another_since(form, case_):
        try:
            add_words(case_, form.words.data, form.submission_key.data)
        except AlreadySaved:
            pass  # a double tap: the first one counts, and only it uses up the limit
        except CaseChanged:
            form.words.errors.append(CHANGED_MESSAGE)
            return _case_page(tracked_case(), form)
        else:
            saved()
        flash(_("Thank you. We have sent your message to the person looking after it."), "success")
        return redirect(url_for("track.case"))
    return _case_page(case_, form if request.method == "POST" else None)


@bp.route("/track/stage-2", methods=["GET", "POST"])
@public
@_limit_replies
def stage_2():
    """Ask for stage 2 in one step, late or not (a late request is flagged, never refused)."""
    case_ = tracked_case()
    if case_ is None:
        return redirect(url_for("track.track"))
    if not stage_2_may_be_asked_for(case_):
        return redirect(url_for("track.case"))
    form = StageTwoForm()
    offer_advocate = may_offer_an_advocate(case_)
    if not offer_advocate:
        del form.advocate
    if form.validate_on_submit() and not _opened_another_since(form, case_):
        wants_advocate = offer_advocate and form.advocate.data == "yes"
        try:
            ask_for_stage_2(case_, form.words.data, wants_advocate, form.submission_key.data)
        except CaseChanged:
            form.words.errors.append(CHANGED_MESSAGE)
        except (AlreadySaved, ActionRefused):
            return redirect(url_for("track.case"))  # a double tap: the first request counts
        else:
            saved()
            if wants_advocate:
                flash(_("We have your request. Stage 2 has started. We will find you an advocate."), "success")
            else:
                flash(_("We have your request. Stage 2 has started."), "success")
            return redirect(url_for("track.case"))
    form.reference.data = case_.reference
    return render_template(
        "track/stage_2.html", form=form, last_day=last_day_to_ask(case_), late=late_to_ask(case_), case=case_
    )


@bp.get("/track/close")
@public
def close():
    """ "Close this message": this browser forgets the case, so the next person on a shared phone meets the form."""
    forget_tracked_case()
    return redirect(url_for("track.track"))
