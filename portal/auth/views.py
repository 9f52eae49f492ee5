"""Sign in (a password, then a code for staff who see cases), and sign out."""

from flask import flash, redirect, render_template, request, url_for

from portal import accounts
from portal.access import public, signed_in
from portal.auth import bp, second_factor, services
from portal.auth.forms import CodeForm, SetUpForm, SignInForm
from portal.auth.redirects import page_after_sign_in
from portal.limits import limit_wrong_guesses, wrong_guess
from portal.security import mark_private

SIGN_IN_LIMIT_MESSAGE = "There have been too many wrong passwords. To keep accounts safe, we have paused signing in."
CODE_LIMIT_MESSAGE = "There have been too many wrong codes. To keep accounts safe, we have paused signing in."


def _account_key():
    return "account:" + accounts.normalise_email(request.form.get("email"))


def _pending_account_key():
    # Wrong codes count against the same account limit as wrong passwords.
    user = second_factor.pending_user()
    return "account:" + (user.email if user else "no-pending-sign-in")


def password_accepted(user):
    """Where someone goes once their password is right (or newly chosen): on to their code, or to setting one up, for
    staff who need a second factor; otherwise signed in, to the page they asked for or their start page."""
    if second_factor.needed_for(user):
        second_factor.start_pending_sign_in(user)
        step = "auth.second_factor_code" if second_factor.is_set_up(user) else "auth.set_up_second_factor"
        return redirect(url_for(step, next=request.args.get("next")))
    services.sign_in(user)
    return redirect(page_after_sign_in(request.args.get("next"), user))


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limit_wrong_guesses("SIGN_IN_LIMIT_PER_ACCOUNT", _account_key, "SIGN_IN_LIMIT_PER_ADDRESS", SIGN_IN_LIMIT_MESSAGE)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            return password_accepted(user)
        wrong_guess()
        form.email.errors.append("Enter a correct email address and password")
    return render_template("auth/sign_in.html", form=form)


def _sign_in_again():
    # No password was accepted in this session in the last few minutes: start again. A page, not a redirect, so
    # the reason is said.
    return render_template("auth/sign_in_again.html")


@bp.route("/second-factor", methods=["GET", "POST"])
@public
@limit_wrong_guesses("SIGN_IN_LIMIT_PER_ACCOUNT", _pending_account_key, "SIGN_IN_LIMIT_PER_ADDRESS", CODE_LIMIT_MESSAGE)
def second_factor_code():
    mark_private()
    user = second_factor.pending_user()
    if user is None:
        return _sign_in_again()
    if not second_factor.is_set_up(user):
        return redirect(url_for("auth.set_up_second_factor", next=request.args.get("next")))
    form = CodeForm()
    if form.validate_on_submit():
        how = second_factor.check_code(user, form.code.data)
        if how is not None:
            services.sign_in(user)
            if how == "recovery":
                left = len(second_factor.unused_recovery_codes(user))
                flash(
                    f"You used a recovery code. You have {left} left. If you lost your phone, ask an administrator "
                    "to reset your second factor."
                )
            return redirect(page_after_sign_in(request.args.get("next"), user))
        wrong_guess()
        form.code.errors.append("Enter a correct code. Codes from the app change every 30 seconds")
    return render_template("auth/second_factor.html", form=form)


@bp.route("/second-factor/set-up", methods=["GET", "POST"])
@public
@limit_wrong_guesses("SIGN_IN_LIMIT_PER_ACCOUNT", _pending_account_key, "SIGN_IN_LIMIT_PER_ADDRESS", CODE_LIMIT_MESSAGE)
def set_up_second_factor():
    mark_private()
    user = second_factor.pending_user()
    if user is None:
        return _sign_in_again()
    if second_factor.is_set_up(user):
        return redirect(url_for("auth.second_factor_code", next=request.args.get("next")))
    secret = second_factor.secret_for_set_up()
    form = SetUpForm()
    if form.validate_on_submit():
        codes = second_factor.confirm_set_up(user, form.code.data)
        if codes is not None:
            services.sign_in(user)
            # Shown once, in answer to this POST (never stored in plain text, never put in the cookie).
            return render_template(
                "auth/recovery_codes.html", codes=codes, next_url=page_after_sign_in(request.args.get("next"), user)
            )
        wrong_guess()
        form.code.errors.append("Enter a correct code. Codes from the app change every 30 seconds")
    return render_template(
        "auth/set_up_second_factor.html",
        form=form,
        qr_code=second_factor.qr_code_data_uri(user, secret),
        secret=second_factor.grouped(secret),
    )


@bp.post("/sign-out")
@signed_in
def sign_out():
    services.sign_out()
    return redirect(url_for("auth.signed_out"))


@bp.get("/signed-out")
@public
def signed_out():
    return render_template("auth/signed_out.html")
