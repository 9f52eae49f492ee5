"""Translations of a promise, for participation officers and admins (Role Model Army members may read them): one
page per promise and language, reached from the promise's page in a draft or in the published Pledge."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.access import roles
from portal.db import get_session
from portal.models import Role
from portal.models.pledge import VersionPromise
from portal.pledge import drafting_bp as bp
from portal.pledge import forms, translations
from portal.pledge.translations import TranslationError
from portal.published import live_promises, published_version

TRANSLATORS = (Role.PARTICIPATION_OFFICER, Role.ADMIN)
READERS = (*TRANSLATORS, Role.RMA_MEMBER)


def _promise_and_language(promise_id, language):
    """The promise (404 if there is none, or it was removed from its draft) and a language it may be translated
    into (404 for English or a language not offered)."""
    promise = get_session().get(VersionPromise, promise_id)
    if promise is None or promise.removed_at is not None or language not in translations.translation_languages():
        abort(404)
    return promise


def may_translate(promise):
    return current_user.role in TRANSLATORS and translations.can_be_translated(promise)


def _page(promise, language, form):
    return render_template(
        "pledge/translation.html",
        promise=promise,
        version=promise.version,
        status=next(s for s in translations.statuses_of(promise) if s.code == language),
        form=form,
        check_form=forms.ConfirmForm(),
        editable=may_translate(promise),
    )


@bp.get("/pledge/promises/<int:promise_id>/translations/<language>")
@roles(*READERS)
def translation(promise_id, language):
    promise = _promise_and_language(promise_id, language)
    shown = translations.translation_for(promise, language)
    # A change starts from the words shown now, even those taken from an earlier version.
    form = forms.TranslationForm(obj=shown) if shown else forms.TranslationForm()
    return _page(promise, language, form)


@bp.post("/pledge/promises/<int:promise_id>/translations/<language>")
@roles(*TRANSLATORS)
def save_translation(promise_id, language):
    promise = _promise_and_language(promise_id, language)
    form = forms.TranslationForm()
    if form.validate_on_submit():
        try:
            translations.save_translation(
                promise, language, form.title.data, form.wording.data, form.plain_line.data, current_user
            )
        except TranslationError as error:
            flash(str(error))
            return redirect(url_for("drafting.translation", promise_id=promise.id, language=language))
        flash(f"Translation into {translations.translation_languages()[language]} saved")
        return redirect(url_for("drafting.translation", promise_id=promise.id, language=language))
    return _page(promise, language, form)


@bp.post("/pledge/promises/<int:promise_id>/translations/<language>/checked")
@roles(*TRANSLATORS)
def mark_translation_checked(promise_id, language):
    promise = _promise_and_language(promise_id, language)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    if translations.translation_for(promise, language) is None:
        abort(404)  # nothing to check
    try:
        translations.mark_checked(promise, language, current_user)
    except TranslationError as error:
        flash(str(error))
        return redirect(url_for("drafting.translation", promise_id=promise.id, language=language))
    flash("Marked as checked by a fluent reader")
    return redirect(url_for("drafting.translation", promise_id=promise.id, language=language))


@bp.get("/pledge/translations")
@roles(*READERS)
def translations_overview():
    """Every promise of the published Pledge and where it stands in each language: the way in for admins, who do
    not see drafts, and a list of what is left to translate for officers."""
    version = published_version()
    promises = live_promises(version) if version else []
    return render_template(
        "pledge/translations.html",
        version=version,
        promises=[(promise, translations.statuses_of(promise)) for promise in promises],
        may_change=current_user.role in TRANSLATORS,
    )
