"""Feedback on a draft Pledge (Role Model Army members and participation officers): suggested changes to a promise
(amendments), accepted or rejected, and comments."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.access import roles
from portal.models import Role
from portal.models.pledge import Amendment, AmendmentStatus, LockedVersionError
from portal.pledge import amendments, comments, comparing, forms, versions
from portal.pledge import drafting_bp as bp
from portal.pledge.drafting_views import (
    EDITORS,
    RESULTS_READERS,
    answers_given,
    checking_reading_age,
    get_or_404,
    live_promise,
    offer_answers,
    promise_page,
    reading_check,
)

# --- Amendments ----------------------------------------------------------------------------------------------------


@bp.route("/pledge/promises/<int:promise_id>/suggest", methods=["GET", "POST"])
@roles(Role.RMA_MEMBER)
def suggest(promise_id):
    promise_ = live_promise(promise_id)
    versions.check_editable(promise_.version)
    data = {
        "title": promise_.title,
        "wording": promise_.wording,
        "plain_line": promise_.plain_line,
        "you_said": promise_.you_said,
    }
    form = forms.AmendmentForm(data=data if request.method == "GET" else None)
    offer_answers(form, (("promise", promise_.promise_id), promise_.answers), saved=promise_.answers)
    if not checking_reading_age() and form.validate_on_submit():
        amendments.suggest_amendment(
            promise_,
            current_user,
            title=form.title.data,
            wording=form.wording.data,
            plain_line=form.plain_line.data,
            why=form.why.data or "",
            **answers_given(form),
        )
        flash("Thank you. Your suggestion was sent to the draft's team.")
        return redirect(url_for("drafting.promise", promise_id=promise_.id))
    return render_template("pledge/suggest.html", form=form, promise=promise_, reading=reading_check(form))


@bp.get("/pledge/amendments/<int:amendment_id>")
@roles(*RESULTS_READERS)
def amendment(amendment_id):
    return _amendment_page(get_or_404(Amendment, amendment_id), forms.RejectForm())


def _amendment_page(amendment_, form):
    promise_ = amendment_.version_promise
    # Read, not edited (and read by young people): the words as they show, with no raw ** marks.
    rows = comparing.compare_texts(promise_, amendment_, as_read=True)
    return render_template(
        "pledge/amendment.html",
        amendment=amendment_,
        promise=promise_,
        form=form,
        rows=rows,
        only_formatting=comparing.only_formatting_differs(promise_, amendment_, rows),
        pending=amendment_.status == AmendmentStatus.PENDING,
        own=amendment_.suggested_by_id == current_user.id,
        can_decide=current_user.role in EDITORS,
    )


@bp.post("/pledge/amendments/<int:amendment_id>/decide")
@roles(*EDITORS)
def decide_amendment(amendment_id):
    """Accept (a revision credited to the suggester) or reject with a reason."""
    amendment_ = get_or_404(Amendment, amendment_id)
    promise_ = amendment_.version_promise
    form = forms.RejectForm()
    try:
        if request.form.get("decision") == "accept":
            if not forms.ConfirmForm().validate_on_submit():
                abort(400)
            amendments.accept_amendment(amendment_, current_user)
            flash(f"Suggestion accepted. It is saved as a change by {amendment_.suggested_by.name}.")
            return redirect(url_for("drafting.promise", promise_id=promise_.id))
        if form.validate_on_submit():
            amendments.reject_amendment(amendment_, current_user, form.reason.data)
            flash("Suggestion not used. The reason was saved.")
            return redirect(url_for("drafting.promise", promise_id=promise_.id))
    except LockedVersionError:
        raise
    except versions.PledgeError as error:
        flash(str(error))
        return redirect(url_for("drafting.amendment", amendment_id=amendment_.id))
    return _amendment_page(amendment_, form)


# --- Comments ------------------------------------------------------------------------------------------------------


@bp.post("/pledge/promises/<int:promise_id>/comments")
@roles(*EDITORS)
def comment(promise_id):
    promise_ = live_promise(promise_id)
    form = forms.CommentForm()
    if form.validate_on_submit():
        comment_ = comments.add_comment(promise_, form.body.data, author=current_user)
        if comment_.status.value == "held":
            flash("Thank you. Your comment will show once the participation officer has read it.")
        else:
            flash("Comment added")
        return redirect(url_for("drafting.promise", promise_id=promise_.id, _anchor="comments"))
    return promise_page(promise_, form)
