"""The public Pledge: /pledge, the pocket card, every published version; and consultation for anyone with the link."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.access import public
from portal.db import get_session
from portal.device import device_hash, remember_device
from portal.i18n import SOURCE, page_language, text_direction
from portal.limits import limit_posts, per_address, saved, was_saved
from portal.models.pledge import Answer, Comment, CommentStatus, VersionPromise
from portal.pledge import bp, comments, comparing, consultations, forms, translations, versions
from portal.pledge.text import render_diff, render_wording
from portal.published import (
    in_page_language,
    is_out_of_date,
    published_stamp,
    published_version,
    themes_with_promises,
    up_to_date_in_page_language,
)
from portal.security import mark_private
from portal.shared_pages import shared_page
from portal.site import frame_version
from portal.templating import date_in_words

# On the 429 page (portal/errors.py), with how long to wait.
ANSWERS_LIMIT_MESSAGE = _l(
    "We have had a lot of answers from where you are in a short time, so we have paused answers for a while. "
    "The answers you already gave are saved."
)
REPORTS_LIMIT_MESSAGE = _l("We have had a lot of reports from where you are in a short time, so we have paused them.")


def _limit_per_address(setting, message):
    """Each address may send this many, however many devices (cookies) it uses: only what was kept counts."""
    return limit_posts(setting, per_address(setting), was_saved, message)


# Template globals (not a context processor) so imported macros can use them too.
bp.add_app_template_global(render_wording, "render_wording")
bp.add_app_template_global(render_diff, "render_diff")
bp.add_app_template_global(versions.approval_date, "approval_date")


def pledge_page_stamp():
    """What names /pledge: the published version and demo flag (a published version never changes), its
    translations (they may be added or changed at any time), and the frame's (which languages are checked)."""
    return (*published_stamp(), *translations.translations_stamp(), frame_version())


@bp.get("/pledge")
@public
@shared_page(version=pledge_page_stamp)
def home():
    version = published_version()
    themes = themes_with_promises(version) if version else []
    language = page_language()
    promises = [promise for theme in themes for promise in theme.live_promises]
    in_language = in_page_language(promises)
    return render_template(
        "pledge/home.html",
        version=version,
        themes=themes,
        language=language,
        direction=text_direction(language),
        in_language=in_language,
        out_of_date={p.id for p in promises if p.id in in_language and is_out_of_date(in_language[p.id], p)},
    )


@bp.get("/pledge/print")
@public
def print_card():
    """The pocket card: each promise in the page's language where its translation is up to date, else in English."""
    version = published_version()
    themes = themes_with_promises(version) if version else []
    promises = [promise for theme in themes for promise in theme.live_promises]
    in_language = up_to_date_in_page_language(promises)
    return render_template(
        "pledge/print.html",
        version=version,
        themes=themes,
        in_language=in_language,
        some_in_english=page_language() != SOURCE and len(in_language) < len(promises),
    )


@bp.get("/pledge/versions", endpoint="versions")  # the function is not named versions: that is the module
@public
def published_versions():
    history = versions.published_history()
    comparisons = {
        version.id: [
            c for c in comparing.compare_versions(version.previous, version, as_read=True) if c.status != "unchanged"
        ]
        for version in history
    }
    return render_template("pledge/versions.html", history=history, comparisons=comparisons)


# --- Consultation: anyone with the link, no account -------------------------------------------------------------


def _open_consultation(token):
    consultation = consultations.consultation_for(token) or abort(404)
    mark_private()  # shows this device's own answers: never kept by a shared phone's cache
    return consultation


def _promise_in(consultation, promise_id):
    promise = get_session().get(VersionPromise, promise_id)
    if promise is None or promise.version_id != consultation.version_id or promise.removed_at is not None:
        abort(404)
    return promise


@bp.get("/pledge/have-your-say/<token>")
@public
def consultation(token):
    consultation_ = _open_consultation(token)
    device = device_hash("consult")
    return render_template(
        "pledge/consultation.html",
        consultation=consultation_,
        is_open=consultations.consultation_is_open(consultation_),
        themes=themes_with_promises(consultation_.version),
        my_answers=consultations.answers_of_device(consultation_, device) if device else {},
        answers=list(Answer),
        form=forms.AnswerForm(),
    )


@bp.post("/pledge/have-your-say/<token>/<int:promise_id>")
@public
@_limit_per_address("CONSULTATION_LIMIT_PER_ADDRESS", ANSWERS_LIMIT_MESSAGE)
def answer(token, promise_id):
    consultation_ = _open_consultation(token)
    promise = _promise_in(consultation_, promise_id)
    form = forms.AnswerForm()
    if not form.validate_on_submit():
        abort(400)
    device = device_hash("consult", create=True)
    try:
        consultations.record_answer(consultation_, promise, device, form.answer.data)
    except versions.PledgeError as error:
        # The service's reasons are in English for staff. The one a young person can meet here is the closing date
        # passing while the page was open (_promise_in has checked the promise).
        closed = not consultations.consultation_is_open(consultation_)
        flash(_("This consultation has closed") if closed else str(error))
        return redirect(url_for("pledge.consultation", token=token))
    saved()
    flash(_("Thank you. We saved your answer to ‘%(title)s’. You can change it.", title=promise.title))
    response = redirect(url_for("pledge.consultation", token=token, _anchor=f"promise-{promise.id}"))
    return remember_device(response)


@bp.route("/pledge/have-your-say/<token>/<int:promise_id>/comment", methods=["GET", "POST"])
@public
def consultation_comment(token, promise_id):
    consultation_ = _open_consultation(token)
    promise = _promise_in(consultation_, promise_id)
    if not consultations.consultation_is_open(consultation_):
        return redirect(url_for("pledge.consultation", token=token))
    form = forms.CommentForm()
    if form.validate_on_submit():
        comments.add_comment(promise, form.body.data, consultation=consultation_)
        flash(_("Thank you. We will read your comment before anyone else sees it."))
        return redirect(url_for("pledge.consultation", token=token))
    return render_template(
        "pledge/consultation_comment.html", consultation=consultation_, promise=promise, form=form, token=token
    )


def _our_page(back):
    """Only back to a page of ours (the page the report was made on), never to another site."""
    back = back or ""
    return back if back.startswith("/pledge/") and "//" not in back and "\\" not in back else "/pledge"


@bp.route("/pledge/comments/<int:comment_id>/report", methods=["GET", "POST"])
@public
@_limit_per_address("COMMENT_REPORT_LIMIT_PER_ADDRESS", REPORTS_LIMIT_MESSAGE)
def report_comment(comment_id):
    comment = get_session().get(Comment, comment_id)
    if comment is None or comment.status != CommentStatus.SHOWN:
        abort(404)
    form = forms.ReportForm(data={"back": _our_page(request.args.get("back"))} if request.method == "GET" else None)
    if form.validate_on_submit():
        comments.report_comment(comment, form.reason.data)
        saved()
        flash(_("Thank you for telling us. Someone will look at the comment."))
        return redirect(_our_page(form.back.data))
    mark_private()  # holds what was typed
    return render_template(
        "pledge/report_comment.html",
        comment=comment,
        written_on=_short_date(comment.created_at),
        form=form,
        back=_our_page(form.back.data),
    )


def _short_date(moment):
    """Like "05 Mar 2026": London's date, with the month's short name in the page's language."""
    return date_in_words(moment, "dd MMM y")
