from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput
from wtforms import PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from portal.accounts import MIN_PASSWORD_LENGTH
from portal.accounts.passwords import MAX_PASSWORD_LENGTH, password_problem
from portal.forms import PortalForm, text_field


def email_field(hint=None, validators=()):
    return text_field("Email address", "Email address", 254, "Enter your email address", validators, hint)


def password_field(label, required):
    """A password someone already has (to sign in, or to change it): kept as typed, never checked against the rules
    for a new one."""
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        validators=[
            DataRequired(required),
            Length(max=MAX_PASSWORD_LENGTH, message=f"Password must be {MAX_PASSWORD_LENGTH} characters or less"),
        ],
    )


def code_field(label, hint, required):
    """A code from an authenticator app (or a recovery code, which is longer)."""
    return text_field(label, "Code", 40, required, hint=hint)


class SignInForm(PortalForm):
    email = email_field()
    password = password_field("Password", "Enter your password")
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class CodeForm(PortalForm):
    code = code_field(
        "Code",
        "The 6-digit code from your authenticator app, or one of your recovery codes.",
        "Enter the code from your authenticator app",
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetUpForm(PortalForm):
    code = code_field(
        "Code from your app",
        "The 6-digit code your authenticator app shows for this account.",
        "Enter the 6-digit code from your authenticator app",
    )
    submit = SubmitField("Turn on", widget=GovSubmitInput())


class NewPasswordAllowed:
    """A new password must be long enough and not on the kept list of stolen passwords (portal.accounts.passwords)."""

    def __call__(self, form, field):
        problem = password_problem(field.data)
        if problem:
            raise ValidationError(problem)


def new_password_field(label="Choose a password"):
    return PasswordField(
        label,
        description=(
            f"Use {MIN_PASSWORD_LENGTH} or more letters, numbers or spaces. Three or four words you will remember is a "
            "good way."
        ),
        widget=GovPasswordInput(),
        validators=[DataRequired("Enter a password"), NewPasswordAllowed()],
    )


class ForgottenPasswordForm(PortalForm):
    email = email_field(
        hint="The email address you sign in with.",
        validators=[Email("Enter an email address like name@example.org", check_deliverability=False)],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class SetPasswordForm(PortalForm):
    """Choosing your own password, from an invitation or a forgotten-password link."""

    password = new_password_field()
    submit = SubmitField("Save my password", widget=GovSubmitInput())


class ChangePasswordForm(PortalForm):
    current_password = password_field("Your current password", "Enter your current password")
    new_password = new_password_field("New password")
    submit = SubmitField("Change my password", widget=GovSubmitInput())
