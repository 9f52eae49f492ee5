"""Languages a fluent reader has checked. The interface translations start as a first draft; young people's pages in
a language say so until an admin marks it as checked here. Marking it again later undoes "not checked"."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.access import roles
from portal.admin import bp
from portal.cases.languages import english_name
from portal.clock import now
from portal.db import get_session
from portal.forms import ButtonForm
from portal.i18n import SOURCE
from portal.models import LanguageCheck, Role, User


def translated_languages():
    """(code, name in itself, name in English) for each language the portal is translated into."""
    return [
        (code, name, english_name(code, in_itself=False))
        for code, name in current_app.config["LANGUAGES"].items()
        if code != SOURCE
    ]


def language_checks():
    """Each checked language, by code: when it was marked, and who by."""
    rows = get_session().execute(select(LanguageCheck, User.name).join(User, User.id == LanguageCheck.checked_by_id))
    return {check.language: {"checked_at": check.checked_at, "marked_by": name} for check, name in rows}


def english_name_of(code):
    """The language's name in English, or a 404 for a code the portal does not offer."""
    for offered, _name, english in translated_languages():
        if offered == code:
            return english
    abort(404)


@bp.get("/languages")
@roles(Role.ADMIN)
def languages():
    return render_template(
        "admin/languages.html", languages=translated_languages(), checks=language_checks(), form=ButtonForm()
    )


@bp.post("/languages/<language>/checked")
@roles(Role.ADMIN)
def mark_language_checked(language):
    english = english_name_of(language)
    session = get_session()
    if ButtonForm().validate_on_submit() and session.get(LanguageCheck, language) is None:
        session.add(LanguageCheck(language=language, checked_by_id=current_user.id, checked_at=now()))
        session.commit()
        flash(f"{english} is marked as checked by a fluent reader. Its pages no longer say they are a first draft.")
    return redirect(url_for("admin.languages"))


@bp.post("/languages/<language>/not-checked")
@roles(Role.ADMIN)
def mark_language_not_checked(language):
    english = english_name_of(language)
    session = get_session()
    check = session.get(LanguageCheck, language)
    if ButtonForm().validate_on_submit() and check is not None:
        session.delete(check)
        session.commit()
        flash(
            f"{english} is marked as not checked. Its pages say again that they are a first draft. "
            "To undo this, mark it as checked."
        )
    return redirect(url_for("admin.languages"))
