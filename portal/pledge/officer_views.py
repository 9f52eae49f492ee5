"""The participation officer's side of the Pledge: moderating comments, consultation, sign-off and publishing."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.access import roles
from portal.forms import choices
from portal.models import Role
from portal.models.pledge import Answer, Comment, LockedVersionError, PledgeVersion, VersionStatus
from portal.pledge import amendments, comments, consultations, forms, versions
from portal.pledge import drafting_bp as bp
from portal.pledge.drafting_views import EDITORS, RESULTS_READERS, get_or_404
from portal.published import published_version, themes_with_promises
from portal.templating import long_date

OFFICER = Role.PARTICIPATION_OFFICER


@bp.get("/pledge/moderation")
@roles(OFFICER)
def moderation():
    return render_template("pledge/moderation.html", queue=comments.moderation_queue())


DECISION_SAVED = {
    "approve": "Comment approved: it shows now",
    "keep": "Comment kept: it still shows",
    "hide": "Comment hidden",
    "restore": "Comment showing again",
}


@bp.route("/pledge/comments/<int:comment_id>/moderate", methods=["GET", "POST"])
@roles(OFFICER)
def moderate(comment_id):
    comment = get_or_404(Comment, comment_id)
    form = forms.ModerateForm()
    # Only the decisions that make sense for this comment as it stands (no "keep showing it" for a held one).
    form.action.choices = choices(
        (action, forms.MODERATION_CHOICES[action]) for action in comments.actions_for(comment)
    )
    if form.validate_on_submit():
        confirming_hide = form.action.data == "hide" and form.reason.data and request.form.get("confirmed") != "yes"
        if confirming_hide:
            # Hiding takes a comment off the page: ask first, on a page of its own, with the reason carried along.
            return render_template(
                "pledge/confirm_hide_comment.html",
                comment=comment,
                reason=form.reason.data,
                question="Hide this comment?",
                button="Yes, hide the comment",
                warning_button=True,
                action_url=request.path,
                hidden={"action": "hide", "reason": form.reason.data},
                cancel_url=request.path,
            )
        try:
            comments.moderate(comment, form.action.data, current_user, form.reason.data or "")
        except versions.PledgeError as error:
            target = form.reason if "reason" in str(error) else form.action
            target.errors = [*target.errors, str(error)]
        else:
            flash(DECISION_SAVED[form.action.data])
            return redirect(url_for("drafting.moderation"))
    return render_template("pledge/moderate.html", comment=comment, form=form)


# Said to whoever sent it: a young person hears who takes it on; the officer hears what they do next.
SENT_FOR_REVIEW = {
    Role.RMA_MEMBER: "Sent for review. The participation officer will take it to the Corporate Parenting Advisory "
    "Panel, and you will see the panel's decision here.",
    OFFICER: "Sent for review. Take it to the Corporate Parenting Advisory Panel, then record their decision here "
    "with ‘Record the panel's decision’.",
}


@bp.post("/pledge/drafts/<int:version_id>/submit")
@roles(*EDITORS)
def submit(version_id):
    version = get_or_404(PledgeVersion, version_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        versions.submit_for_review(version, current_user)
        flash(SENT_FOR_REVIEW[current_user.role])
    except LockedVersionError:
        raise
    except versions.NotADraftError:
        raise
    except versions.PledgeError as error:
        flash(str(error))
    return redirect(url_for("drafting.draft", version_id=version.id))


@bp.route("/pledge/drafts/<int:version_id>/sign-off", methods=["GET", "POST"])
@roles(OFFICER)
def sign_off(version_id):
    version = get_or_404(PledgeVersion, version_id)
    if version.status != VersionStatus.IN_REVIEW:
        flash("Only a version in review can be signed off")
        return redirect(url_for("drafting.draft", version_id=version.id))
    form = forms.SignOffForm()
    if form.validate_on_submit():
        versions.record_sign_off(
            version,
            form.decision.data,
            form.decided_on.data,
            form.meeting_reference.data,
            form.notes.data,
            current_user,
        )
        flash("The panel's decision is recorded")
        return redirect(url_for("drafting.draft", version_id=version.id))
    return render_template("pledge/sign_off.html", form=form, version=version)


@bp.route("/pledge/drafts/<int:version_id>/publish", methods=["GET", "POST"])
@roles(OFFICER)
def publish(version_id):
    """Asks first, on a page of its own, saying what publishing does and which suggestions are still waiting; the
    post from that page publishes."""
    version = get_or_404(PledgeVersion, version_id)
    if version.status in (VersionStatus.PUBLISHED, VersionStatus.ARCHIVED):
        raise LockedVersionError("This version has already been published")
    if version.status != VersionStatus.APPROVED:
        flash("Only a version the panel approved can be published")
        return redirect(url_for("drafting.draft", version_id=version.id))
    form = forms.ConfirmedForm()
    if form.confirmed_post():
        versions.publish(version, current_user)
        flash(f"{version.title} is published. The version before it is archived.")
        return redirect(url_for("drafting.draft", version_id=version.id))
    return render_template(
        "pledge/confirm_publish.html",
        version=version,
        current=published_version(),
        amendments=amendments.pending_amendments(version),
        question=f"Publish {version.title}?",
        button="Yes, publish it",
        warning_button=False,
        action_url=request.path,
        cancel_url=url_for("drafting.draft", version_id=version.id),
    )


def consultation_state(version):
    """ "new" (never opened), "open" or "closed": the consultation page is titled and worded by it."""
    if version.consultation is None:
        return "new"
    return "open" if consultations.consultation_is_open(version.consultation) else "closed"


CONSULTATION_SAVED = {
    "new": "The consultation is open until {closes}. Share the link.",
    "open": "The consultation now closes on {closes}.",
    "closed": "The consultation is open again until {closes}. The link is the same.",
}


@bp.route("/pledge/drafts/<int:version_id>/consultation", methods=["GET", "POST"])
@roles(OFFICER)
def consultation(version_id):
    version = get_or_404(PledgeVersion, version_id)
    versions.check_editable(version)
    data = {"closes_on": version.consultation.closes_on} if version.consultation else None
    form = forms.ConsultationForm(data=data)
    state = consultation_state(version)
    if form.validate_on_submit():
        try:
            consultations.open_consultation(version, form.closes_on.data, current_user)
        except versions.NotADraftError:
            raise
        except versions.PledgeError as error:
            form.closes_on.errors = [*form.closes_on.errors, str(error)]
        else:
            flash(CONSULTATION_SAVED[state].format(closes=long_date(form.closes_on.data)))
            return redirect(url_for("drafting.draft", version_id=version.id, _anchor="consultation"))
    return render_template("pledge/consultation_open.html", form=form, version=version, state=state)


@bp.get("/pledge/drafts/<int:version_id>/results")
@roles(*RESULTS_READERS)
def results(version_id):
    version = get_or_404(PledgeVersion, version_id)
    return render_template(
        "pledge/results.html",
        version=version,
        themes=themes_with_promises(version),
        results=consultations.consultation_results(version),
        answers=list(Answer),
    )
