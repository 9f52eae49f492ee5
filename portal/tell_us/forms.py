"""The Tell us journey's questions, one form per page, in plain words. Each field's name is the answer's key.

Every word is lazy_gettext (_l): a form's fields are made once, when this module loads, and their words are put in
the page's language each time they are shown."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Email, Optional, Regexp

from portal.cases.labels import AGE_BANDS, DISABILITY, ETHNICITIES, GENDERS, TOLD_BY, YES_NO_NOT_SURE
from portal.forms import PortalForm, Radios, choices, text_field, words_area
from portal.i18n import left_to_right
from portal.published import promise_labels

WORDS_MAX = 5000
OUTCOME_MAX = 2000

KINDS = {
    "complaint": (_l("Something is wrong"), _l("You want to complain about something.")),
    "representation": (_l("I want something to change"), _l("You want us to do something in a new way.")),
    "suggestion": (_l("I have an idea"), _l("You have an idea to make things better.")),
    "compliment": (_l("Something good happened"), _l("You want to say thank you.")),
}
SAFE = {"yes": _l("Yes, I am safe"), "no": _l("No, I am not safe"), "not_sure": _l("I am not sure")}
WHO = {"me": _l("I am the young person"), "someone_else": _l("I am telling you for a young person")}
AGREES = {"yes": _l("Yes, they know and they agree"), "no": _l("No"), "not_sure": _l("I am not sure")}
WHEN = {
    "last_week": _l("In the last week"),
    "last_month": _l("In the last month"),
    "last_year": _l("In the last year"),
    "over_a_year": _l("More than a year ago"),
    "not_sure": _l("I am not sure"),
}
REPLY = {
    "email": _l("Email"),
    "phone": _l("Phone call"),
    "text": _l("Text message"),
    "social_worker": _l("Through my social worker or advocate"),
    "none": _l("Please do not contact me"),
}
YES_NO = {"yes": _l("Yes"), "no": _l("No")}

# The example stays left to right in a right-to-left sentence.
PHONE = Regexp(
    r"^\+?[0-9 ()-]{10,20}$",
    message=_l("Enter a phone number, like %(example)s", example=left_to_right("07700 900 982")),
)


def radios(label, options, message, required=True):
    validators = [DataRequired(message)] if required else [Optional()]
    return Radios(label, choices=choices(options.items()), validators=validators)


def kind_radios():
    items = [(value, label) for value, (label, _hint) in KINDS.items()]
    return Radios(
        _l("What do you want to tell us?"),
        choices=choices(items),
        validators=[DataRequired(_l("Choose what you want to tell us"))],
    )


class KindForm(PortalForm):
    kind = kind_radios()


class SafeForm(PortalForm):
    safe_now = radios(_l("Are you safe right now?"), SAFE, _l("Choose if you are safe right now"))


class WhoForm(PortalForm):
    told_by_me = radios(_l("Who is telling us?"), WHO, _l("Choose who is telling us"))


class RelationshipForm(PortalForm):
    told_by = radios(_l("Who are you to the young person?"), TOLD_BY, _l("Choose who you are to the young person"))


class OtherRelationshipForm(PortalForm):
    told_by_other = text_field(
        _l("Tell us who you are"),
        "Who you are",
        required=_l("Tell us who you are"),
        too_long=_l("Who you are must be 100 characters or less"),
    )


class AgreesForm(PortalForm):
    young_person_agrees = radios(
        _l("Does the young person know you are telling us, and do they agree?"),
        AGREES,
        _l("Choose if the young person knows and agrees"),
    )


class WordsForm(PortalForm):
    words = words_area(_l("Tell us in your own words"), WORDS_MAX, required=_l("Write what you want to tell us"))


class WhichPromiseForm(PortalForm):
    """Which promise of the published Pledge it is about (optional); the choices are read when the form is made."""

    promise = Radios(_l("Which promise is it about? (optional)"), choices=[], validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.promise.choices = choices(promise_labels().items())


class WhenForm(PortalForm):
    happened_when = radios(_l("When did it happen?"), WHEN, _l("Choose when it happened"))


class OutcomeForm(PortalForm):
    wanted_outcome = words_area(_l("What would you like to happen? (optional)"), OUTCOME_MAX)


class AdvocateForm(PortalForm):
    advocate_wanted = radios(_l("Do you want an advocate?"), YES_NO_NOT_SURE, _l("Choose if you want an advocate"))


class ReplyForm(PortalForm):
    reply_route = radios(_l("How should we reply to you?"), REPLY, _l("Choose how we should reply"))


class ReplyEmailForm(PortalForm):
    reply_email = text_field(
        _l("What is your email address?"),
        "Email address",
        max_length=254,
        required=_l("Enter your email address"),
        too_long=_l("Email address must be 254 characters or less"),
        validators=[Email(_l("Enter an email address like name@example.com"), check_deliverability=False)],
    )


def phone_field(question, message):
    return text_field(
        question,
        "Phone number",
        max_length=30,
        required=message,
        too_long=_l("Phone number must be 30 characters or less"),
        validators=[PHONE],
    )


class ReplyPhoneForm(PortalForm):
    reply_phone = phone_field(_l("What is your phone number?"), _l("Enter your phone number"))


class ReplyMobileForm(PortalForm):
    reply_mobile = phone_field(_l("What is your mobile phone number?"), _l("Enter your mobile phone number"))


class ReplyViaForm(PortalForm):
    reply_via_name = text_field(
        _l("What is the name of your social worker or advocate? (optional)"),
        "Their name",
        too_long=_l("Their name must be 100 characters or less"),
    )


class LanguageForm(PortalForm):
    interpreter = radios(_l("Do you need an interpreter?"), YES_NO, _l("Choose if you need an interpreter"))


class WhichLanguageForm(PortalForm):
    language = text_field(
        _l("What language do you want to use?"),
        "Language",
        required=_l("Tell us which language"),
        too_long=_l("Language must be 100 characters or less"),
    )


class NameForm(PortalForm):
    name = text_field(
        _l("What is your name? (optional)"), "Your name", too_long=_l("Your name must be 100 characters or less")
    )


class AboutYouForm(PortalForm):
    # The page asks these in its own words (about you, or about the young person); these labels name the fields.
    age_band = radios(_l("How old are you?"), AGE_BANDS, "", required=False)
    gender = radios(_l("Are you a girl or a boy?"), GENDERS, "", required=False)
    ethnicity = radios(_l("What is your ethnic group?"), ETHNICITIES, "", required=False)
    disability = radios(_l("Do you have a disability?"), DISABILITY, "", required=False)
