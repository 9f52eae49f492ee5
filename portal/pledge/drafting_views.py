"""Writing the Pledge together (Role Model Army members and participation officers): drafts, themes, promises,
revisions and comparisons, edit conflicts (amendments and comments on a draft: feedback_views.py)."""

from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.access import roles
from portal.db import get_session
from portal.models import Partner, Role
from portal.models.pledge import (
    AmendmentStatus,
    LockedVersionError,
    PledgeVersion,
    Revision,
    Theme,
    VersionPromise,
    VersionStatus,
)
from portal.pledge import (
    amendments,
    comments,
    comparing,
    consultations,
    drafting,
    evidence,
    forms,
    translation_views,
    translations,
    versions,
)
from portal.pledge import drafting_bp as bp
from portal.pledge.text import reading_age
from portal.published import published_version, themes_with_promises

EDITORS = (Role.RMA_MEMBER, Role.PARTICIPATION_OFFICER)
RESULTS_READERS = (*EDITORS, Role.MANAGER)


@bp.errorhandler(LockedVersionError)
@bp.errorhandler(versions.NotADraftError)
def version_cannot_change(error):
    return (
        render_template(
            "errors/error.html",
            title="This version cannot be changed",
            message=f"{error}. Start a new draft to make changes.",
            status=409,
        ),
        409,
    )


def get_or_404(model, id_):
    return get_session().get(model, id_) or abort(404)


def live_promise(promise_id):
    promise = get_or_404(VersionPromise, promise_id)
    if promise.removed_at is not None:
        abort(404)
    return promise


def can_edit(promise):
    return current_user.role in EDITORS and promise.version.status == VersionStatus.DRAFT and promise.removed_at is None


def _live_theme(theme_id):
    theme = get_or_404(Theme, theme_id)
    if theme.removed_at is not None:
        abort(404)
    return theme


# --- Drafts --------------------------------------------------------------------------------------------------------


@bp.get("/pledge/drafts")
@roles(*RESULTS_READERS)
def drafts():
    return _drafts_page(forms.StartDraftForm())


def _drafts_page(form):
    all_versions = versions.all_versions()
    officer = current_user.role == Role.PARTICIPATION_OFFICER
    return render_template(
        "pledge/drafts.html",
        versions=all_versions,
        form=form,
        can_start=current_user.role in EDITORS,
        # The participation officer starts here, so what waits for them is here too (issue 16: the moderation page
        # was linked from nowhere).
        officer=officer,
        comments_waiting=comments.count_waiting() if officer else 0,
        in_review=[v for v in all_versions if v.status == VersionStatus.IN_REVIEW],
        approved=[v for v in all_versions if v.status == VersionStatus.APPROVED],
    )


@bp.post("/pledge/drafts/new")
@roles(*EDITORS)
def start_draft():
    form = forms.StartDraftForm()
    published = published_version()
    if form.validate_on_submit():
        if form.start_from.data == "published" and published is None:
            form.start_from.errors.append("Nothing is published yet: start from an empty page")
        else:
            from_version = published if form.start_from.data == "published" else None
            version = drafting.start_draft(current_user, from_version, form.title.data or None)
            flash(f"{version.title} started")
            return redirect(url_for("drafting.draft", version_id=version.id))
    return _drafts_page(form)


@bp.get("/pledge/drafts/<int:version_id>")
@roles(*RESULTS_READERS)
def draft(version_id):
    version = get_or_404(PledgeVersion, version_id)
    return render_template(
        "pledge/draft.html",
        version=version,
        themes=themes_with_promises(version),
        amendments=amendments.pending_amendments(version),
        revisions=drafting.version_revisions(version),
        editable=version.status == VersionStatus.DRAFT and current_user.role in EDITORS,
        drafting_team=current_user.role in EDITORS,
        consultation_open=consultations.consultation_is_open(version.consultation),
        others=[v for v in versions.all_versions() if v.id != version.id],
        move_form=forms.MoveForm(),
    )


@bp.get("/pledge/drafts/<int:version_id>/compare")
@roles(*RESULTS_READERS)
def compare_versions(version_id):
    version = get_or_404(PledgeVersion, version_id)
    other_id = request.args.get("with", type=int) or version.based_on_id
    other = get_session().get(PledgeVersion, other_id) if other_id else None
    if other_id and other is None:
        abort(404)
    return render_template(
        "pledge/compare_versions.html",
        version=version,
        other=other,
        comparisons=comparing.compare_versions(other, version),
        others=[v for v in versions.all_versions() if v.id != version.id],
    )


# --- Themes --------------------------------------------------------------------------------------------------------


@bp.route("/pledge/drafts/<int:version_id>/themes/new", methods=["GET", "POST"])
@roles(*EDITORS)
def add_theme(version_id):
    version = get_or_404(PledgeVersion, version_id)
    versions.check_editable(version)
    form = forms.ThemeForm()
    if form.validate_on_submit():
        drafting.add_theme(version, form.title.data, current_user)
        flash(f"Theme ‘{form.title.data}’ added")
        return redirect(url_for("drafting.draft", version_id=version.id))
    return render_template("pledge/theme_form.html", form=form, version=version, theme=None)


@bp.route("/pledge/themes/<int:theme_id>", methods=["GET", "POST"])
@roles(*EDITORS)
def edit_theme(theme_id):
    theme = _live_theme(theme_id)
    versions.check_editable(theme.version)
    form = forms.ThemeForm(data={"title": theme.title} if request.method == "GET" else None)
    if form.validate_on_submit():
        drafting.rename_theme(theme, form.title.data, current_user)
        flash("Theme saved")
        return redirect(url_for("drafting.draft", version_id=theme.version_id))
    return render_template("pledge/theme_form.html", form=form, version=theme.version, theme=theme)


@bp.post("/pledge/themes/<int:theme_id>/move")
@roles(*EDITORS)
def move_theme(theme_id):
    theme = _live_theme(theme_id)
    form = forms.MoveForm()
    if not form.validate_on_submit() or form.direction.data not in ("up", "down"):
        abort(400)
    drafting.move_theme(theme, form.direction.data, current_user)
    return redirect(url_for("drafting.draft", version_id=theme.version_id, _anchor=f"theme-{theme.id}"))


@bp.route("/pledge/themes/<int:theme_id>/remove", methods=["GET", "POST"])
@roles(*EDITORS)
def remove_theme(theme_id):
    """Asks first, on a page of its own (nothing one tap destroys); the post from that page removes the theme."""
    theme = _live_theme(theme_id)
    versions.check_editable(theme.version)
    back = url_for("drafting.draft", version_id=theme.version_id, _anchor=f"theme-{theme.id}")
    if any(promise.removed_at is None for promise in theme.promises):
        flash("Move or remove the promises in this theme first")
        return redirect(back)
    form = forms.ConfirmedForm()
    if form.confirmed_post():
        drafting.remove_theme(theme, current_user)
        flash(f"Theme ‘{theme.title}’ removed")
        return redirect(url_for("drafting.draft", version_id=theme.version_id))
    return render_template(
        "pledge/confirm_remove_theme.html",
        theme=theme,
        version=theme.version,
        question=f"Remove the theme ‘{theme.title}’?",
        button="Yes, remove the theme",
        warning_button=True,
        action_url=request.path,
        cancel_url=back,
    )


# --- Promises ------------------------------------------------------------------------------------------------------


def _promise_form(version, promise=None, **kwargs):
    form = forms.PromiseForm(**kwargs)
    form.theme.choices = [(t.id, t.title) for t in version.themes if t.removed_at is None]
    form.owners.choices = [(p.id, p.name) for p in versions.all_partners()]
    if promise is None:
        offer_answers(form)
    else:
        offer_answers(form, (("promise", promise.promise_id), promise.answers), saved=promise.answers)
    return form


def offer_answers(form, offered=(), saved=None):
    """The "does this answer something young people told us?" choices: what the link followed asks for (from the
    gaps page or a promise's evidence), then what the promise offers. On a first visit the link's is chosen, or else
    what is saved, with its sentence."""
    asked = evidence.parse_answers(request.values.get("answers"))
    form.answers.choices = evidence.answers_choices(asked, *offered)
    if request.method == "GET" and not form.answers.data:
        chosen = asked or saved
        form.answers.data = f"{chosen[0]}:{chosen[1]}" if chosen else "none"
        if chosen != saved:  # the saved sentence says why for what it answered before, not for this
            form.you_said.data = ""


def answers_given(form):
    """(what it answers or None, the sentence why) from a valid form."""
    return {"answers": evidence.parse_answers(form.answers.data), "you_said": form.you_said.data}


def _owners(ids):
    return [get_session().get(Partner, id_) for id_ in ids if get_session().get(Partner, id_) is not None]


def checking_reading_age():
    """The "Check reading age" button: show the form again with the reading age of what was typed, saving nothing
    (so it works without JavaScript)."""
    return request.method == "POST" and request.form.get("check_reading_age") == "1"


def reading_check(form):
    """The reading-age check of the plain-language line being written, in words for the writer."""
    return reading_age(form.plain_line.data or "")


@bp.route("/pledge/drafts/<int:version_id>/promises/new", methods=["GET", "POST"])
@roles(*EDITORS)
def add_promise(version_id):
    version = get_or_404(PledgeVersion, version_id)
    versions.check_editable(version)
    if not [t for t in version.themes if t.removed_at is None]:
        flash("Add a theme first: every promise sits in a theme")
        return redirect(url_for("drafting.add_theme", version_id=version.id))
    form = _promise_form(
        version, data={"theme": request.args.get("theme", type=int)} if request.method == "GET" else None
    )
    if not checking_reading_age() and form.validate_on_submit():
        theme = get_session().get(Theme, form.theme.data)
        promise = drafting.add_promise(
            version,
            theme,
            form.title.data,
            form.wording.data,
            form.plain_line.data,
            _owners(form.owners.data),
            current_user,
            **answers_given(form),
        )
        flash(f"Promise ‘{promise.title}’ added")
        return redirect(url_for("drafting.draft", version_id=version.id, _anchor=f"promise-{promise.id}"))
    return render_template(
        "pledge/promise_form.html",
        form=form,
        version=version,
        promise=None,
        reading=reading_check(form),
        conflict=None,
    )


@bp.get("/pledge/promises/<int:promise_id>")
@roles(*RESULTS_READERS)
def promise(promise_id):
    return promise_page(get_or_404(VersionPromise, promise_id), forms.CommentForm())


def promise_page(promise_, comment_form):
    """A promise with its history and comments; comment_form comes back with its errors when a comment is refused.
    The draft's team also see what young people said about it (portal.pledge.evidence), for the year asked for."""
    year = evidence.chosen_year(request.args.get("year"))
    return render_template(
        "pledge/promise.html",
        promise=promise_,
        version=promise_.version,
        revisions=drafting.revisions_of(promise_),
        comments=comments.shown_comments(promise_),
        comment_form=comment_form,
        form=comment_form,  # base.html's error summary and "Error: " title
        report_form=forms.ReportForm(),
        reading=reading_age(promise_.plain_line),
        editable=can_edit(promise_),
        evidence=evidence.evidence_for(promise_.promise_id, year) if current_user.role in EDITORS else None,
        years=evidence.years_to_choose(),
        answers=evidence.describe_answers(promise_.answers),
        translations=translations.statuses_of(promise_) if promise_.removed_at is None else [],
        may_translate=translation_views.may_translate(promise_),
    )


@bp.route("/pledge/promises/<int:promise_id>/edit", methods=["GET", "POST"])
@roles(*EDITORS)
def edit_promise(promise_id):
    promise_ = live_promise(promise_id)
    version = promise_.version
    versions.check_editable(version)
    if request.method == "GET":
        form = _promise_form(
            version,
            data={
                "title": promise_.title,
                "wording": promise_.wording,
                "plain_line": promise_.plain_line,
                "theme": promise_.theme_id,
                "owners": [p.id for p in promise_.owners],
                "base_revision": drafting.head_revision_id(promise_),
                "you_said": promise_.you_said,
            },
            promise=promise_,
        )
    else:
        form = _promise_form(version, promise=promise_)
    conflict = None
    if not checking_reading_age() and form.validate_on_submit():
        try:
            base = int(form.base_revision.data)
        except (TypeError, ValueError):
            abort(400)
        try:
            drafting.save_promise(
                promise_,
                base,
                current_user,
                title=form.title.data,
                wording=form.wording.data,
                plain_line=form.plain_line.data,
                owners=_owners(form.owners.data),
                theme=get_session().get(Theme, form.theme.data),
                merged=request.form.get("resolving") == "1",
                **answers_given(form),
            )
        except drafting.EditConflict as error:
            conflict = error.theirs
            # The form keeps this person's words; it now starts from the other save, so saving again is a choice.
            form.base_revision.data = str(conflict.id)
        else:
            flash("Promise saved")
            return redirect(url_for("drafting.promise", promise_id=promise_.id))
    status = 409 if conflict else 200
    return (
        render_template(
            "pledge/promise_form.html",
            form=form,
            version=version,
            promise=promise_,
            reading=reading_check(form),
            conflict=conflict,
            conflict_author=versions.user_name(conflict.author_id) if conflict else None,
            conflict_rows=comparing.compare_texts(conflict, _typed_text(form)) if conflict else None,
        ),
        status,
    )


def _typed_text(form):
    owners = _owners(form.owners.data or [])
    return SimpleNamespace(
        title=form.title.data or "",
        wording=form.wording.data or "",
        plain_line=form.plain_line.data or "",
        owner_names="; ".join(p.name for p in owners),
    )


@bp.post("/pledge/promises/<int:promise_id>/take-theirs")
@roles(*EDITORS)
def take_theirs(promise_id):
    """After a conflict: keep the text someone else saved; this person's edit is not saved."""
    promise_ = live_promise(promise_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    flash("You kept the other person's text. Your changes were not saved.")
    return redirect(url_for("drafting.promise", promise_id=promise_.id))


@bp.post("/pledge/promises/<int:promise_id>/move")
@roles(*EDITORS)
def move_promise(promise_id):
    promise_ = live_promise(promise_id)
    form = forms.MoveForm()
    if not form.validate_on_submit() or form.direction.data not in ("up", "down"):
        abort(400)
    drafting.move_promise(promise_, form.direction.data, current_user)
    return redirect(url_for("drafting.draft", version_id=promise_.version_id, _anchor=f"promise-{promise_.id}"))


@bp.route("/pledge/promises/<int:promise_id>/remove", methods=["GET", "POST"])
@roles(*EDITORS)
def remove_promise(promise_id):
    """Asks first, on a page of its own (nothing one tap destroys); the post from that page removes the promise."""
    promise_ = live_promise(promise_id)
    versions.check_editable(promise_.version)
    form = forms.ConfirmedForm()
    if form.confirmed_post():
        drafting.remove_promise(promise_, current_user)
        flash(f"Promise ‘{promise_.title}’ removed from this draft. Its history is kept.")
        return redirect(url_for("drafting.draft", version_id=promise_.version_id))
    return render_template(
        "pledge/confirm_remove_promise.html",
        promise=promise_,
        version=promise_.version,
        pending=sum(1 for a in promise_.amendments if a.status == AmendmentStatus.PENDING),
        question=f"Remove ‘{promise_.title}’ from this draft?",
        button="Yes, remove the promise",
        warning_button=True,
        action_url=request.path,
        cancel_url=url_for("drafting.draft", version_id=promise_.version_id, _anchor=f"promise-{promise_.id}"),
    )


@bp.get("/pledge/promises/<int:promise_id>/compare")
@roles(*RESULTS_READERS)
def compare_revisions(promise_id):
    promise_ = get_or_404(VersionPromise, promise_id)
    revisions = drafting.revisions_of(promise_)
    if not revisions:
        abort(404)
    by_id = {r.id: r for r in revisions}
    new = by_id.get(request.args.get("to", type=int)) if request.args.get("to") else revisions[-1]
    old_default = revisions[-2] if len(revisions) > 1 else None
    old = by_id.get(request.args.get("from", type=int)) if request.args.get("from") else old_default
    if new is None or (request.args.get("from") and old is None):
        abort(404)
    return render_template(
        "pledge/compare_revisions.html",
        promise=promise_,
        revisions=revisions,
        old=old,
        new=new,
        rows=comparing.compare_texts(old, new),
    )


@bp.post("/pledge/reading-age")
@roles(*EDITORS)
def reading_age_check():
    """The reading-age note for some words, for the check that updates as someone types (static/js/components/
    reading-age.mjs). Without JavaScript the "Check reading age" button does the same by posting the whole form."""
    form = forms.ReadingAgeForm()
    if not form.validate_on_submit():
        abort(400)
    return render_template("pledge/reading_age.html", check=reading_age(form.text.data or ""))


def revision_label(revision: Revision):
    return f"{revision.at:%d %b %Y %H:%M} by {versions.user_name(revision.author_id)}"
