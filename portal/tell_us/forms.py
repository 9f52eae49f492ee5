"""The Tell us journey's questions, one form per page, in plain words. Each field's name is the answer's key."""

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms.validators import DataRequired, Email, Optional, Regexp

from portal.cases.labels import AGE_BANDS, DISABILITY, ETHNICITIES, GENDERS, TOLD_BY, YES_NO_NOT_SURE
from portal.forms import PortalForm, Radios, choices, text_field, words_area
from portal.published import promise_labels

WORDS_MAX = 5000
OUTCOME_MAX = 2000

KINDS = {
    "complaint": ("Something is wrong", "You want to complain about something."),
    "representation": ("I want something to change", "You want us to do something in a new way."),
    "suggestion": ("I have an idea", "You have an idea to make things better."),
    "compliment": ("Something good happened", "You want to say thank you."),
}
SAFE = {"yes": "Yes, I am safe", "no": "No, I am not safe", "not_sure": "I am not sure"}
WHO = {"me": "I am the young person", "someone_else": "I am telling you for a young person"}
AGREES = {"yes": "Yes, they know and they agree", "no": "No", "not_sure": "I am not sure"}
WHEN = {
    "last_week": "In the last week",
    "last_month": "In the last month",
    "last_year": "In the last year",
    "over_a_year": "More than a year ago",
    "not_sure": "I am not sure",
}
REPLY = {
    "email": "Email",
    "phone": "Phone call",
    "text": "Text message",
    "social_worker": "Through my social worker or advocate",
    "none": "Please do not contact me",
}
YES_NO = {"yes": "Yes", "no": "No"}

PHONE = Regexp(r"^\+?[0-9 ()-]{10,20}$", message="Enter a phone number, like 07700 900 982")


def radios(label, options, message, required=True):
    validators = [DataRequired(message)] if required else [Optional()]
    return Radios(label, choices=choices(options.items()), widget=GovRadioInput(), validators=validators)


def kind_radios():
    items = [(value, label) for value, (label, _hint) in KINDS.items()]
    return Radios(
        "What do you want to tell us?",
        choices=choices(items),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose what you want to tell us")],
    )


class KindForm(PortalForm):
    kind = kind_radios()


class SafeForm(PortalForm):
    safe_now = radios("Are you safe right now?", SAFE, "Choose if you are safe right now")


class WhoForm(PortalForm):
    told_by_me = radios("Who is telling us?", WHO, "Choose who is telling us")


class RelationshipForm(PortalForm):
    told_by = radios("Who are you to the young person?", TOLD_BY, "Choose who you are to the young person")


class OtherRelationshipForm(PortalForm):
    told_by_other = text_field("Tell us who you are", "Who you are", required="Tell us who you are")


class AgreesForm(PortalForm):
    young_person_agrees = radios(
        "Does the young person know you are telling us, and do they agree?",
        AGREES,
        "Choose if the young person knows and agrees",
    )


class WordsForm(PortalForm):
    words = words_area("Tell us in your own words", WORDS_MAX, required="Write what you want to tell us")


class WhichPromiseForm(PortalForm):
    """Which promise of the published Pledge it is about (optional); the choices are read when the form is made."""

    promise = Radios(
        "Which promise is it about? (optional)", choices=[], widget=GovRadioInput(), validators=[Optional()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.promise.choices = choices(promise_labels().items())


class WhenForm(PortalForm):
    happened_when = radios("When did it happen?", WHEN, "Choose when it happened")


class OutcomeForm(PortalForm):
    wanted_outcome = words_area("What would you like to happen? (optional)", OUTCOME_MAX)


class AdvocateForm(PortalForm):
    advocate_wanted = radios("Do you want an advocate?", YES_NO_NOT_SURE, "Choose if you want an advocate")


class ReplyForm(PortalForm):
    reply_route = radios("How should we reply to you?", REPLY, "Choose how we should reply")


class ReplyEmailForm(PortalForm):
    reply_email = text_field(
        "What is your email address?",
        "Email address",
        max_length=254,
        required="Enter your email address",
        validators=[Email("Enter an email address like name@example.com", check_deliverability=False)],
    )


def phone_field(question, message):
    return text_field(question, "Phone number", max_length=30, required=message, validators=[PHONE])


class ReplyPhoneForm(PortalForm):
    reply_phone = phone_field("What is your phone number?", "Enter your phone number")


class ReplyMobileForm(PortalForm):
    reply_mobile = phone_field("What is your mobile phone number?", "Enter your mobile phone number")


class ReplyViaForm(PortalForm):
    reply_via_name = text_field("What is the name of your social worker or advocate? (optional)", "Their name")


class LanguageForm(PortalForm):
    interpreter = radios("Do you need an interpreter?", YES_NO, "Choose if you need an interpreter")


class WhichLanguageForm(PortalForm):
    language = text_field("What language do you want to use?", "Language", required="Tell us which language")


class NameForm(PortalForm):
    name = text_field("What is your name? (optional)", "Your name")


class AboutYouForm(PortalForm):
    age_band = radios("How old are you?", AGE_BANDS, "", required=False)
    gender = radios("Are you a girl or a boy?", GENDERS, "", required=False)
    ethnicity = radios("What is your ethnic group?", ETHNICITIES, "", required=False)
    disability = radios("Do you have a disability?", DISABILITY, "", required=False)
