"""Your account: who you are signed in as, on how many browsers, and signing out of all of them at once."""

from flask import redirect, render_template, url_for
from flask_login import current_user

from portal import accounts
from portal.access import signed_in
from portal.auth import bp, services
from portal.forms import ButtonForm


@bp.get("/account")
@signed_in
def account():
    return render_template(
        "auth/account.html",
        sessions=accounts.live_sessions_of(current_user),
        this_session=services.live_session_record(),
        form=ButtonForm(),
    )


@bp.post("/account/sign-out-everywhere")
@signed_in
def sign_out_everywhere():
    """For a left-open shared PC or a lost phone: every session of yours ends, this one too."""
    if ButtonForm().validate_on_submit():
        accounts.sign_out_everywhere(current_user, by=current_user)
        services.sign_out()
        return redirect(url_for("auth.signed_out"))
    return redirect(url_for("auth.account"))
