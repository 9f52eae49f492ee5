from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from portal.forms import PortalForm, Radios, choices, text_field
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
    return text_field(
        "Partner organisation",
        "Partner organisation",
        200,
        validators=[PartnerNeededForPartnerLead()],
        hint="Only for partner leads, for example ‘Virtual School’ or ‘Leaving Care Service’",
    )


def name_field():
    return text_field("Full name", "Name", 200, required="Enter their full name")


def email_field():
    return text_field(
        "Email address",
        "Email address",
        254,
        required="Enter their email address",
        hint="We will email them a link to set up their account and choose their own password.",
        validators=[
            Email("Enter an email address in the correct format, like name@example.org", check_deliverability=False)
        ],
    )


class InviteUserForm(PortalForm):
    """An admin invites someone with any role. Nobody types a password for anyone else: they choose their own."""

    name = name_field()
    email = email_field()
    role = role_field()
    partner = partner_field()
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


class InviteMemberForm(PortalForm):
    """A participation officer invites a Role Model Army member (the only role they may invite)."""

    name = name_field()
    email = email_field()
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


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


class CaseListItemForm(PortalForm):
    """A service area or theme on the lists that classify cases (the kind is asked only for themes)."""

    name = text_field("Name", "Name", 100, required="Enter the name")
    kind = Radios("Kind of theme", widget=GovRadioInput(), validators=[Optional()])
    active = Radios(
        "Can staff choose it?",
        choices=choices([("yes", "Yes"), ("no", "No, it is retired (cases keep it)")]),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose whether staff can choose it")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
