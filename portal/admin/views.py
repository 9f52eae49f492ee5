"""User administration (list, invite, change role, deactivate, reset a second factor, sign out everywhere) and the
lists of service areas and themes that classify cases. Nobody types a password for anyone else: people are invited
by email and choose their own (portal.accounts.self_service)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, logout_user
from wtforms.validators import DataRequired

from portal import accounts
from portal.access import roles
from portal.accounts import self_service
from portal.admin import bp
from portal.admin.forms import CaseListItemForm, ChangeUserForm, InviteUserForm
from portal.cases import lists
from portal.cases.rules import ActionRefused
from portal.db import get_session
from portal.forms import ButtonForm, choices
from portal.models import QualityTheme, Role, ServiceArea, User
from portal.models.triage import ThemeKind


@bp.get("/users")
@roles(Role.ADMIN)
def users():
    return render_template("admin/users.html", users=accounts.all_users())


@bp.route("/users/invite", methods=["GET", "POST"])
@roles(Role.ADMIN)
def invite_user():
    form = InviteUserForm()
    if form.validate_on_submit():
        try:
            user, _link = self_service.invite_user(
                form.email.data, form.name.data, form.role.data, form.partner.data, by=current_user
            )
        except accounts.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(
                f"Invitation sent to {user.name} at {user.email}. Their link works for "
                f"{self_service.lifetime_in_words(self_service.INVITE)}."
            )
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/invite_user.html", form=form, invite_lasts=self_service.lifetime_in_words(self_service.INVITE)
    )


@bp.post("/users/<int:user_id>/invite-again")
@roles(Role.ADMIN)
def invite_again(user_id):
    """A fresh invitation for someone who has not set up their account yet (the first ran out, or went astray)."""
    user = get_session().get(User, user_id) or abort(404)
    if ButtonForm().validate_on_submit():
        try:
            self_service.invite_again(user, by=current_user)
        except accounts.AccountError as error:
            flash(str(error))
        else:
            flash(f"A new invitation is on its way to {user.email}.")
    return redirect(url_for("admin.change_user", user_id=user.id))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def change_user(user_id):
    user = get_session().get(User, user_id) or abort(404)
    form = ChangeUserForm(
        data={
            "role": user.role.value,
            "partner": user.partner.name if user.partner else "",
            "active": "yes" if user.active else "no",
        }
    )
    if form.validate_on_submit():
        try:
            accounts.change_user(user, form.role.data, form.active.data == "yes", form.partner.data, by=current_user)
        except accounts.AccountError as error:
            form.role.errors.append(str(error))
        else:
            flash(f"Changes saved for {user.name}")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/change_user.html",
        form=form,
        user=user,
        second_factor_needed=user.role in accounts.SECOND_FACTOR_ROLES,
        invitation=self_service.latest_invitation(user) if user.invitation_pending else None,
        security_events=accounts.security_events_about(user),
        live_sessions=accounts.live_sessions_of(user),
    )


@bp.post("/users/<int:user_id>/reset-second-factor")
@roles(Role.ADMIN)
def reset_second_factor(user_id):
    user = get_session().get(User, user_id) or abort(404)
    if ButtonForm().validate_on_submit():
        accounts.reset_second_factor(user, by=current_user)
        flash(f"Second factor reset for {user.name}. They will set up a new one when they next sign in.")
    return redirect(url_for("admin.change_user", user_id=user.id))


@bp.post("/users/<int:user_id>/sign-out-everywhere")
@roles(Role.ADMIN)
def sign_out_everywhere(user_id):
    """Every session of this user's ends at once (a shared PC left signed in, a lost phone, someone leaving)."""
    user = get_session().get(User, user_id) or abort(404)
    if ButtonForm().validate_on_submit():
        ended = accounts.sign_out_everywhere(user, by=current_user)
        if user.id == current_user.id:
            logout_user()  # this session was ended with the others; the cookie goes too
            return redirect(url_for("auth.signed_out"))
        flash(f"{user.name} is signed out everywhere ({ended} session{'' if ended == 1 else 's'} ended).")
    return redirect(url_for("admin.change_user", user_id=user.id))


# The lists of service areas and themes ------------------------------------------------------------------------------

CASE_LISTS = {"service-areas": (ServiceArea, "Service areas"), "themes": (QualityTheme, "Themes")}


@bp.get("/case-lists")
@roles(Role.ADMIN)
def case_lists():
    return render_template(
        "admin/case_lists.html",
        areas=lists.service_areas(False),
        themes=lists.themes(False),
        theme_kinds=ThemeKind.LABELS,
    )


@bp.route("/case-lists/<which>/<int:item_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def case_list_item(which, item_id):
    model, label = CASE_LISTS.get(which) or abort(404)
    item = None if item_id == 0 else (get_session().get(model, item_id) or abort(404))
    form = CaseListItemForm()
    if model is QualityTheme:
        form.kind.choices = choices(ThemeKind.LABELS.items())
        form.kind.validators = [DataRequired("Choose the kind of theme")]
    else:
        del form.kind
    if request.method == "GET" and item is not None:
        form.name.data = item.name
        form.active.data = "yes" if item.active else "no"
        if model is QualityTheme:
            form.kind.data = item.kind
    if form.validate_on_submit():
        try:
            lists.save_list_item(
                model,
                item,
                form.name.data,
                form.active.data == "yes",
                form.kind.data if model is QualityTheme else None,
            )
        except ActionRefused as refused:
            form.name.errors = [*form.name.errors, str(refused)]
        else:
            flash(f"{label}: ‘{form.name.data}’ saved.")
            return redirect(url_for("admin.case_lists"))
    title = f"Change ‘{item.name}’" if item else f"Add to {label.lower()}"
    return render_template("admin/case_list_item.html", form=form, title=title)
