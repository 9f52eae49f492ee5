"""User administration: list, create, change role, deactivate, reset a second factor, sign out everywhere."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.access import roles
from portal.admin import bp
from portal.admin.forms import ChangeUserForm, NewUserForm
from portal.auth import second_factor, services
from portal.auth.forms import ResetSecondFactorForm, SignOutEverywhereForm
from portal.db import get_session
from portal.models import Role, User


@bp.get("/users")
@roles(Role.ADMIN)
def users():
    return render_template("admin/users.html", users=services.all_users())


@bp.route("/users/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data, form.name.data, form.role.data, form.password.data, form.partner.data, by=current_user
            )
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(f"Account created for {user.name}")
            return redirect(url_for("admin.users"))
    return render_template("admin/new_user.html", form=form)


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
            services.change_user(user, form.role.data, form.active.data == "yes", form.partner.data, by=current_user)
        except services.AccountError as error:
            form.role.errors.append(str(error))
        else:
            flash(f"Changes saved for {user.name}")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/change_user.html",
        form=form,
        user=user,
        second_factor_needed=user.role in second_factor.SECOND_FACTOR_ROLES,
        security_events=services.security_events_about(user),
        live_sessions=services.live_sessions_of(user),
    )


@bp.post("/users/<int:user_id>/reset-second-factor")
@roles(Role.ADMIN)
def reset_second_factor(user_id):
    user = get_session().get(User, user_id) or abort(404)
    if ResetSecondFactorForm().validate_on_submit():
        second_factor.reset(user, by=current_user)
        flash(f"Second factor reset for {user.name}. They will set up a new one when they next sign in.")
    return redirect(url_for("admin.change_user", user_id=user.id))


@bp.post("/users/<int:user_id>/sign-out-everywhere")
@roles(Role.ADMIN)
def sign_out_everywhere(user_id):
    """Every session of this user's ends at once (a shared PC left signed in, a lost phone, someone leaving)."""
    user = get_session().get(User, user_id) or abort(404)
    if SignOutEverywhereForm().validate_on_submit():
        ended = services.sign_out_everywhere(user, by=current_user)
        if user.id == current_user.id:
            services.sign_out()
            return redirect(url_for("auth.signed_out"))
        flash(f"{user.name} is signed out everywhere ({ended} session{'' if ended == 1 else 's'} ended).")
    return redirect(url_for("admin.change_user", user_id=user.id))
