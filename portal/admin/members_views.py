"""A participation officer's Role Model Army accounts: who has one, inviting a new member, and sending an invitation
again. Its own blueprint, outside /admin, which is for admins only; a participation officer may invite Role Model Army
members and no one else (checked again in portal.accounts.self_service.may_invite, whatever the form posted)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from portal import accounts
from portal.access import roles
from portal.accounts import self_service
from portal.admin.forms import InviteMemberForm
from portal.db import get_session
from portal.forms import ButtonForm
from portal.models import Role, User

bp = Blueprint("members", __name__)


@bp.get("/role-model-army/accounts")
@roles(Role.PARTICIPATION_OFFICER)
def accounts_page():
    members = get_session().scalars(
        select(User).where(User.role == Role.RMA_MEMBER).order_by(User.active.desc(), User.name)
    )
    return render_template("admin/members.html", members=members.all(), form=ButtonForm())


@bp.route("/role-model-army/accounts/invite", methods=["GET", "POST"])
@roles(Role.PARTICIPATION_OFFICER)
def invite():
    form = InviteMemberForm()
    if form.validate_on_submit():
        try:
            user, _link = self_service.invite_user(form.email.data, form.name.data, Role.RMA_MEMBER, by=current_user)
        except accounts.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(f"Invitation sent to {user.name} at {user.email}.")
            return redirect(url_for("members.accounts_page"))
    return render_template(
        "admin/invite_member.html", form=form, invite_lasts=self_service.lifetime_in_words(self_service.INVITE)
    )


@bp.post("/role-model-army/accounts/<int:user_id>/invite-again")
@roles(Role.PARTICIPATION_OFFICER)
def invite_again(user_id):
    user = get_session().get(User, user_id)
    # Only a Role Model Army member still waiting for their invitation: any other account is none of theirs.
    if user is None or not self_service.may_invite_again(current_user, user):
        abort(404)
    if ButtonForm().validate_on_submit():
        self_service.invite_again(user, by=current_user)
        flash(f"A new invitation is on its way to {user.email}.")
    return redirect(url_for("members.accounts_page"))
