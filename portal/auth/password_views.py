"""Setting your own password: accepting an invitation, "Forgotten your password?" and its link, and changing your
password on "Your account". The rules and the links themselves are in portal.accounts.self_service."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from portal import accounts
from portal.access import public, signed_in
from portal.accounts import self_service
from portal.accounts.self_service import INVITE, RESET, UNKNOWN, VALID
from portal.auth import bp, services
from portal.auth.forms import ChangePasswordForm, ForgottenPasswordForm, SetPasswordForm
from portal.auth.views import password_accepted
from portal.forms import ButtonForm
from portal.limits import limit_posts, limit_wrong_guesses, per_address, saved, was_saved, wrong_guess
from portal.security import mark_private

RESET_LIMIT_MESSAGE = "You have asked for a lot of links. To keep accounts safe, we have paused sending them."
NEW_LINK_LIMIT_MESSAGE = "You have asked for a lot of new links. To keep accounts safe, we have paused sending them."
CHANGE_LIMIT_MESSAGE = "There have been too many wrong passwords. To keep your account safe, we have paused this."
# The email address typed on "Forgotten your password?", kept for the next page to show (so a typo can be seen).
SESSION_ASKED_FOR = "new_password_asked_for"


def _typed_email_key():
    return "reset:" + accounts.normalise_email(request.form.get("email"))


@bp.route("/forgotten-password", methods=["GET", "POST"])
@public
@limit_posts("RESET_LIMIT_PER_ACCOUNT", _typed_email_key, was_saved, RESET_LIMIT_MESSAGE)
@limit_posts("RESET_LIMIT_PER_ADDRESS", per_address("reset"), was_saved, RESET_LIMIT_MESSAGE)
def forgotten_password():
    """The same steps, the same next page, whether or not there is an account for the address typed."""
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        self_service.ask_for_new_password(form.email.data)
        saved()
        session[SESSION_ASKED_FOR] = accounts.normalise_email(form.email.data)
        return redirect(url_for("auth.check_your_email"))
    return render_template("auth/forgotten_password.html", form=form)


@bp.get("/forgotten-password/check-your-email")
@public
def check_your_email():
    mark_private()
    return render_template(
        "auth/check_your_email.html", email=session.get(SESSION_ASKED_FOR), lasts=self_service.lifetime_in_words(RESET)
    )


def _link_not_working(purpose, state, token):
    """The page for a link that cannot be used, saying why in plain words and what to do next."""
    status = 404 if state == UNKNOWN else 410
    return render_template("auth/link_not_working.html", purpose=purpose, state=state, token=token), status


def _set_password_through_link(token, purpose, use_link, done, template):
    """A page reached from an emailed link (an invitation or a reset) where someone chooses their password; use_link
    spends the link and sets it. A link that cannot be used gets a page saying why and what to do next."""
    mark_private()
    state, link = self_service.find_link(token, purpose)
    if state != VALID:
        return _link_not_working(purpose, state, token)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = use_link(token, form.password.data)
        except self_service.LinkRefused as refused:
            return _link_not_working(purpose, refused.state, token)
        except accounts.AccountError as error:
            form.password.errors.append(str(error))
        else:
            flash(done)
            return password_accepted(user)
    return render_template(template, form=form, user=link.user)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    return _set_password_through_link(
        token,
        RESET,
        self_service.reset_password,
        "Your new password is saved. You are signed out everywhere else.",
        "auth/reset_password.html",
    )


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token):
    return _set_password_through_link(
        token, INVITE, self_service.accept_invitation, "Your account is ready.", "auth/accept_invitation.html"
    )


def _new_link_key():
    # The limits keep only a SHA-256 of each key, so the token is not stored in plain here either.
    return "new-invitation:" + request.view_args.get("token", "")


@bp.post("/invitation/<token>/new-link")
@public
@limit_posts("RESET_LIMIT_PER_ACCOUNT", _new_link_key, was_saved, NEW_LINK_LIMIT_MESSAGE)
@limit_posts("RESET_LIMIT_PER_ADDRESS", per_address("reset"), was_saved, NEW_LINK_LIMIT_MESSAGE)
def renew_invitation(token):
    """An invitation that ran out: a new one goes to the address the first went to."""
    mark_private()
    if ButtonForm().validate_on_submit() and self_service.renew_invitation(token):
        saved()
        return render_template("auth/new_invitation_sent.html", lasts=self_service.lifetime_in_words(INVITE))
    # Not one that ran out (used, unknown, or still working): its own page says what it is.
    return redirect(url_for("auth.accept_invitation", token=token))


def _own_account_key():
    return "account:" + current_user.email


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
@limit_wrong_guesses("SIGN_IN_LIMIT_PER_ACCOUNT", _own_account_key, "SIGN_IN_LIMIT_PER_ADDRESS", CHANGE_LIMIT_MESSAGE)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            self_service.change_password(
                current_user, form.current_password.data, form.new_password.data, keep=services.live_session_record()
            )
        except self_service.WrongPassword as error:
            wrong_guess()
            form.current_password.errors.append(str(error))
        except accounts.AccountError as error:
            form.new_password.errors.append(str(error))
        else:
            flash("Your password is changed. You are signed out on every other browser.")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)
