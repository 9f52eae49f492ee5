"""Young people's side of keeping the Pledge: the one-tap "Is this promise kept for you?" (a form on each promise on
/pledge, templates/kept/_kept_form.html), the optional private "tell us more", "I know about the Pledge", and
the public scorecard /pledge/scorecard."""

from flask import abort, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from portal.access import public
from portal.device import device_hash, remember_device
from portal.extensions import csrf
from portal.kept import bp, forms, services
from portal.limits import limit_posts, per_address, saved, was_saved
from portal.models.kept import Kept
from portal.published import published_text_of, title_in_page_language, up_to_date_in_page_language
from portal.scorecard import scorecard as scorecard_rows  # the view below is named scorecard (its endpoint)
from portal.security import mark_private, same_origin_posts_only
from portal.shared_pages import shared_page

bp.add_app_template_global(list(Kept), "kept_choices")

# Young people read these on the 429 page (portal/errors.py), with how long to wait: in the page's language.
ANSWERS_LIMIT_MESSAGE = _l(
    "We have had a lot of answers from where you are in a short time, so we have paused answers for a while. "
    "The answers you already gave are saved."
)
MORE_LIMIT_MESSAGE = _l(
    "We have had a lot of messages from where you are in a short time, so we have paused them for a while."
)


def _limit_per_address(setting, message):
    """Each address may send this many, however many devices (cookies) it uses: only what was kept counts."""
    return limit_posts(setting, per_address(setting), was_saved, message)


def _published_or_404(promise_id):
    return published_text_of(promise_id) or abort(404)


@bp.post("/pledge/kept/<int:promise_id>")
@public
@csrf.exempt  # a one-tap form on the shared /pledge page: no token, checked for where it came from
@same_origin_posts_only
@_limit_per_address("KEPT_LIMIT_PER_ADDRESS", ANSWERS_LIMIT_MESSAGE)
def answer_kept(promise_id):
    _published_or_404(promise_id)
    form = forms.KeptForm()
    if not form.validate_on_submit():
        abort(400)
    services.record_kept(promise_id, device_hash("kept", create=True), form.answer.data)
    saved()
    return remember_device(redirect(url_for("kept.kept", promise_id=promise_id)))


def _pledge_url(promise_id=None):
    return url_for("pledge.home", _anchor=f"promise-{promise_id}" if promise_id else None)


@bp.get("/pledge/kept/<int:promise_id>")
@public
def kept(promise_id, form=None):
    mark_private()  # says what this device answered
    text = _published_or_404(promise_id)
    answer = services.kept_answer_of(promise_id, device_hash("kept"))
    if answer is None:
        return redirect(_pledge_url(promise_id))
    return render_template(
        "kept/kept.html",
        text=text,
        title=title_in_page_language(text),
        answer=answer,
        form=form or forms.TellUsMoreForm(),
        pledge_url=_pledge_url(promise_id),
    )


@bp.post("/pledge/kept/<int:promise_id>/more")
@public
@_limit_per_address("TELL_US_MORE_LIMIT_PER_ADDRESS", MORE_LIMIT_MESSAGE)
def tell_us_more(promise_id):
    mark_private()
    _published_or_404(promise_id)
    form = forms.TellUsMoreForm()
    if not form.validate_on_submit():
        return kept(promise_id, form=form)
    answer = services.kept_answer_of(promise_id, device_hash("kept"))
    services.add_kept_comment(promise_id, form.words.data, answer)
    saved()
    return redirect(url_for("kept.told_us_more", promise_id=promise_id))


@bp.get("/pledge/kept/<int:promise_id>/thank-you")
@public
def told_us_more(promise_id):
    text = _published_or_404(promise_id)
    return render_template("kept/told_us_more.html", text=text, pledge_url=_pledge_url(promise_id))


@bp.post("/pledge/i-know")
@public
@csrf.exempt  # a one-tap form on the shared /pledge page: no token, checked for where it came from
@same_origin_posts_only
@_limit_per_address("I_KNOW_LIMIT_PER_ADDRESS", ANSWERS_LIMIT_MESSAGE)
def i_know():
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    if services.tap_i_know(device_hash("aware", create=True)):
        saved()  # a second tap from the same device changes nothing, so it is not counted
    return remember_device(redirect(url_for("kept.i_know_thanks")))


@bp.get("/pledge/i-know")
@public
def i_know_thanks():
    return render_template("kept/i_know.html", pledge_url=_pledge_url())


@bp.get("/pledge/scorecard")
@public
@shared_page()  # no cheap version to ask: rendered again when a second old, its ETag the hash of its bytes
def scorecard():
    rows = scorecard_rows()
    return render_template(
        "kept/scorecard.html",
        rows=rows,
        in_language=up_to_date_in_page_language([row.text for row in rows]),
        period=services.period_label(services.current_period()),
        year_start=services.reporting_year_start(),
    )
