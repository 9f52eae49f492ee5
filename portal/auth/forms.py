from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from portal.accounts import MIN_PASSWORD_LENGTH
from portal.accounts.passwords import password_problem
from portal.forms import PortalForm


class SignInForm(PortalForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired("Enter your email address"), Length(max=254, message="Email address is too long")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[DataRequired("Enter your password"), Length(max=200, message="Password is too long")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class CodeForm(PortalForm):
    code = StringField(
        "Code",
        description="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the code from your authenticator app"),
            Length(max=40, message="Code is too long"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetUpForm(PortalForm):
    code = StringField(
        "Code from your app",
        description="The 6-digit code your authenticator app shows for this account.",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the 6-digit code from your authenticator app"),
            Length(max=40, message="Code is too long"),
        ],
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
    email = StringField(
        "Email address",
        description="The email address you sign in with.",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter your email address"),
            Length(max=254, message="Email address is too long"),
            Email("Enter an email address like name@example.org", check_deliverability=False),
        ],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class SetPasswordForm(PortalForm):
    """Choosing your own password, from an invitation or a forgotten-password link."""

    password = new_password_field()
    submit = SubmitField("Save my password", widget=GovSubmitInput())


class ChangePasswordForm(PortalForm):
    current_password = PasswordField(
        "Your current password",
        widget=GovPasswordInput(),
        validators=[DataRequired("Enter your current password"), Length(max=200, message="Password is too long")],
    )
    new_password = new_password_field("New password")
    submit = SubmitField("Change my password", widget=GovSubmitInput())
