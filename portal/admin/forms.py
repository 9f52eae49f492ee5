from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from portal.auth.services import MIN_PASSWORD_LENGTH
from portal.forms import PortalForm, Radios, choices
from portal.models import Role

ROLE_CHOICES = choices((role.value, role.label) for role in Role)


class PartnerNeededForPartnerLead:
    """The partner field must be filled in when the role is partner lead."""

    def __call__(self, form, field):
        if form.role.data == Role.PARTNER_LEAD.value and not field.data:
            raise ValidationError("Enter the partner organisation this partner lead belongs to")


def role_field():
    return Radios("Role", choices=ROLE_CHOICES, widget=GovRadioInput(), validators=[DataRequired("Choose a role")])


def partner_field():
    return StringField(
        "Partner organisation",
        description="Only for partner leads, for example ‘Virtual School’ or ‘Leaving Care Service’",
        widget=GovTextInput(),
        validators=[
            PartnerNeededForPartnerLead(),
            Length(max=200, message="Partner organisation must be 200 characters or fewer"),
        ],
    )


class NewUserForm(PortalForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter their full name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter their email address"),
            Email("Enter an email address in the correct format, like name@example.org", check_deliverability=False),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    role = role_field()
    partner = partner_field()
    password = PasswordField(
        "Starting password",
        description=f"At least {MIN_PASSWORD_LENGTH} characters. Tell them it in person or by phone, not by email.",
        widget=GovPasswordInput(),
        validators=[
            DataRequired("Enter a starting password"),
            Length(
                min=MIN_PASSWORD_LENGTH, max=200, message=f"Password must be {MIN_PASSWORD_LENGTH} to 200 characters"
            ),
        ],
    )
    submit = SubmitField("Create account", widget=GovSubmitInput())


class ChangeUserForm(PortalForm):
    role = role_field()
    partner = partner_field()
    active = Radios(
        "Can this person sign in?",
        choices=choices([("yes", "Yes, the account is active"), ("no", "No, the account is deactivated")]),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose whether this person can sign in")],
    )
    submit = SubmitField("Save changes", widget=GovSubmitInput())
