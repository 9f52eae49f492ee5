"""Sign in and sign out."""

from urllib.parse import urlsplit

from flask import redirect, render_template, request, url_for

from portal.access import public, signed_in
from portal.auth import bp, services
from portal.auth.forms import SignInForm
from portal.extensions import limit_wrong_guesses, wrong_guess

SIGN_IN_LIMIT_MESSAGE = "There have been too many wrong passwords. To keep accounts safe, we have paused signing in."


def _account_key():
    return "account:" + services.normalise_email(request.form.get("email"))


def _safe_next(target):
    """Only follow a 'next' that stays on this site."""
    # Browsers read "/\\host" as "//host", another site, so both are refused.
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and not urlsplit(target).netloc:
        return target
    return url_for("public.home")


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limit_wrong_guesses("SIGN_IN_LIMIT_PER_ACCOUNT", _account_key, "SIGN_IN_LIMIT_PER_ADDRESS", SIGN_IN_LIMIT_MESSAGE)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            services.sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
        wrong_guess()
        form.email.errors.append("Enter a correct email address and password")
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
@signed_in
def sign_out():
    services.sign_out()
    return redirect(url_for("auth.signed_out"))


@bp.get("/signed-out")
@public
def signed_out():
    return render_template("auth/signed_out.html")
