"""/track: whoever holds a case's reference and its private code sees where it is, in plain words, and the messages
staff chose to share. Wrong codes are limited so a code cannot be guessed."""

from flask import render_template, request

from portal.access import public
from portal.cases.history import shared_messages
from portal.cases.references import case_for_tracking, normalise_reference
from portal.cases.status import status_in_plain_words
from portal.limits import limit_posts, limit_wrong_guesses, was_wrong_guess, wrong_guess
from portal.security import mark_private
from portal.track import bp
from portal.track.forms import TrackForm

NO_MATCH_MESSAGE = "We could not find a match for that reference and code. Check both and try again."
TRACK_LIMIT_MESSAGE = "You have tried a lot of codes. To keep cases private, we have paused checking for a while."


@bp.before_request
def tracking_pages_are_private():
    # A case's status and messages: never cached, so a shared phone keeps nothing after they go.
    mark_private()


def _track_reference_key():
    return "track:" + normalise_reference(request.form.get("reference"))


def _track_reference_and_address_key():
    return f"{_track_reference_key()}:address:{request.remote_addr}"


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
            title, lines = status_in_plain_words(case)
            return render_template(
                "track/track_result.html",
                case=case,
                status_title=title,
                status_lines=lines,
                messages=shared_messages(case),
            )
        wrong_guess()
        form.reference.errors.append(NO_MATCH_MESSAGE)
    return render_template("track/track.html", form=form)
