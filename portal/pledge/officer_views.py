"""The participation officer's side of the Pledge: moderating comments, consultation, sign-off and publishing."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.access import roles
from portal.db import get_session
from portal.models import Role
from portal.models.pledge import Answer, Comment, LockedVersionError, PledgeVersion, VersionStatus
from portal.pledge import comments, consultations, forms, versions
from portal.pledge import drafting_bp as bp
from portal.pledge.drafting_views import EDITORS, RESULTS_READERS
from portal.published import themes_with_promises

OFFICER = Role.PARTICIPATION_OFFICER


def _version(version_id):
    return get_session().get(PledgeVersion, version_id) or abort(404)


@bp.get("/pledge/moderation")
@roles(OFFICER)
def moderation():
    return render_template("pledge/moderation.html", queue=comments.moderation_queue())


@bp.route("/pledge/comments/<int:comment_id>/moderate", methods=["GET", "POST"])
@roles(OFFICER)
def moderate(comment_id):
    comment = get_session().get(Comment, comment_id) or abort(404)
    form = forms.ModerateForm()
    if form.validate_on_submit():
        try:
            comments.moderate(comment, form.action.data, current_user, form.reason.data or "")
        except versions.PledgeError as error:
            target = form.reason if "reason" in str(error) else form.action
            target.errors = [*target.errors, str(error)]
        else:
            flash("Decision saved")
            return redirect(url_for("drafting.moderation"))
    return render_template("pledge/moderate.html", comment=comment, form=form)


@bp.post("/pledge/drafts/<int:version_id>/submit")
@roles(*EDITORS)
def submit(version_id):
    version = _version(version_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        versions.submit_for_review(version, current_user)
        flash("Sent for review. The participation officer will take it to the Corporate Parenting Advisory Panel.")
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
    version = _version(version_id)
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


@bp.post("/pledge/drafts/<int:version_id>/publish")
@roles(OFFICER)
def publish(version_id):
    version = _version(version_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        versions.publish(version, current_user)
        flash(f"{version.title} is published. The version before it is archived.")
    except LockedVersionError:
        raise
    except versions.PledgeError as error:
        flash(str(error))
    return redirect(url_for("drafting.draft", version_id=version.id))


@bp.route("/pledge/drafts/<int:version_id>/consultation", methods=["GET", "POST"])
@roles(OFFICER)
def consultation(version_id):
    version = _version(version_id)
    versions.check_editable(version)
    data = {"closes_on": version.consultation.closes_on} if version.consultation else None
    form = forms.ConsultationForm(data=data)
    if form.validate_on_submit():
        try:
            consultations.open_consultation(version, form.closes_on.data, current_user)
        except versions.NotADraftError:
            raise
        except versions.PledgeError as error:
            form.closes_on.errors = [*form.closes_on.errors, str(error)]
        else:
            flash("The consultation is open. Share the link.")
            return redirect(url_for("drafting.draft", version_id=version.id, _anchor="consultation"))
    return render_template("pledge/consultation_open.html", form=form, version=version)


@bp.get("/pledge/drafts/<int:version_id>/results")
@roles(*RESULTS_READERS)
def results(version_id):
    version = _version(version_id)
    return render_template(
        "pledge/results.html",
        version=version,
        themes=themes_with_promises(version),
        results=consultations.consultation_results(version),
        answers=list(Answer),
    )
