"""The base form every portal form uses, and the field helpers forms share."""

import functools
import re

from babel import Locale
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import DateField, PasswordField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

# Control characters other than tab and newline: invisible, never typed on purpose, and PostgreSQL refuses NUL.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value):
    """Trim spaces around an answer, use plain newlines, and drop invisible control characters. Everything else,
    HTML and emoji included, is kept exactly as typed (and escaped when shown)."""
    if not isinstance(value, str):
        return value
    return _CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n")).strip()


class PortalForm(FlaskForm):
    """A FlaskForm (so CSRF-protected) that trims spaces people type by accident around their answers."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Passwords are kept exactly as typed: a space can be part of one.
            if unbound_field.field_class is PasswordField:
                return unbound_field.bind(form=form, **options)
            filters = [*unbound_field.kwargs.get("filters", ()), clean_text]
            field = unbound_field.bind(form=form, filters=filters, **options)
            if isinstance(field.widget, GovDateInput | GovSelect):
                # No HTML "required" on these: on a date input it lands on a <div>, and a required <select> needs an
                # empty first option; both are invalid HTML. The form's own validators say what is missing.
                field.render_kw = {**(field.render_kw or {}), "required": {"value": False, "optional": True}}
            return field


class OneTapForm(PortalForm):
    """A one-tap anonymous answer on a page shared by every visitor (/pledge): no CSRF token, since a token would make
    the page different per visitor; its view is guarded by portal.security.same_origin_posts_only instead."""

    class Meta:
        csrf = False


class TranslatedErrorPrefix:
    """A GOV.UK widget whose error message's hidden "Error:" prefix is in the page's language: govuk-frontend-wtf sets
    errorMessage after merging the template's params, so the prefix cannot be passed from the template."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        if params.get("errorMessage"):
            params["errorMessage"] = {**params["errorMessage"], "visuallyHiddenText": _("Error")}
        return params


class TextInput(TranslatedErrorPrefix, GovTextInput):
    pass


class RadioInput(TranslatedErrorPrefix, GovRadioInput):
    pass


def _plural_samples():
    """One number for each plural category (CLDR: one, two, few, many, other...) of this page's language."""
    return _plural_samples_of(str(get_locale()))


@functools.cache
def _plural_samples_of(locale):
    rule = Locale.parse(locale).plural_form
    samples = {}
    for number in range(0, 1001):
        samples.setdefault(rule(number), number)
    return samples


def counted_messages(words_for):
    """GOV.UK Frontend's i18n plural messages ({"one": ..., "other": ...}) for a count its script fills in as
    %{count}: each category's words are words_for(a number in that category), the catalogue's own plural form, so
    Arabic gets all six. words_for calls ngettext itself, so that `make catalogs` finds the words."""
    return {category: words_for(number) for category, number in _plural_samples().items()}


class CharacterCount(TranslatedErrorPrefix, GovCharacterCount):
    """A character count whose messages (the limit below the box, and what its script says as someone types) are in
    the page's language."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        limit = params.get("maxlength")
        if limit:
            params.setdefault(
                "textareaDescriptionText",
                ngettext("You can enter up to %(num)s character", "You can enter up to %(num)s characters", limit),
            )
        params.setdefault(
            "charactersUnderLimitText",
            counted_messages(
                lambda number: ngettext(
                    "You have %(count)s character remaining",
                    "You have %(count)s characters remaining",
                    number,
                    count="%{count}",
                )
            ),
        )
        params.setdefault("charactersAtLimitText", _("You have 0 characters remaining"))
        params.setdefault(
            "charactersOverLimitText",
            counted_messages(
                lambda number: ngettext(
                    "You have %(count)s character too many",
                    "You have %(count)s characters too many",
                    number,
                    count="%{count}",
                )
            ),
        )
        return params


def choices(pairs):
    """Radio or select choices from (value, label) pairs, in the form WTForms 3.3 wants."""
    return [SelectChoice(value, label) for value, label in pairs]


class Radios(RadioField):
    """A RadioField where no answer is left to the field's own validators (DataRequired with a GOV.UK message, or
    Optional), and a value that is not one of the choices (a tampered post) gets a plain message."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", _l("Choose one of the options"))
        kwargs.setdefault("widget", RadioInput())
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        if self.data is None:
            return
        super().pre_validate(form)


class GovCheckboxWithQuestion(GovCheckboxInput):
    """A single checkbox (a BooleanField) inside a fieldset whose legend asks the question, as every group of inputs
    on a page does: govuk-frontend-wtf's own single checkbox has no fieldset, so a person sees a box and its label
    with nothing asking what it is for."""

    def __init__(self, question):
        super().__init__()
        self.question = question

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["fieldset"] = {"legend": {"text": self.question, "classes": "govuk-fieldset__legend--s"}}
        return params


def text_field(label, what, max_length=100, required=None, validators=(), hint=None, too_long=None):
    """A one-line answer: required (with that message) or optional, never longer than max_length. `what` names
    the answer in the too-long message; a page that is translated passes the whole message as too_long instead
    (a sentence is translated whole, never glued from pieces)."""
    checks = [DataRequired(required)] if required else []
    checks.append(Length(max=max_length, message=too_long or f"{what} must be {max_length} characters or less"))
    return StringField(label, description=hint, widget=TextInput(), validators=[*checks, *validators])


def words_area(label, max_length, required=None, hint=None):
    """A young person's own words, with a character count: required (with that message) or optional, and a plain
    message when too long."""
    checks = [DataRequired(required)] if required else [Optional()]
    too_long = _l("That is too long. Use %(max_length)s characters or less", max_length=max_length)
    checks.append(Length(max=max_length, message=too_long))
    return TextAreaField(label, description=hint, widget=CharacterCount(), validators=checks)


class ButtonForm(PortalForm):
    """Only its CSRF token: the button is the whole form (sign out everywhere, reset a second factor)."""


class DayMonthYearField(DateField):
    """A GOV.UK date input (three boxes posted under one name). Anything but three parts (a missing or tampered
    post) is made three, so the form shows its error message instead of failing."""

    def __init__(self, label, message, **kwargs):
        super().__init__(
            label,
            format="%d %m %Y",
            widget=GovDateInput(),
            validators=[DataRequired(message)],
            description="For example, 27 3 2027",
            **kwargs,
        )

    def process(self, formdata, *args, **kwargs):
        super().process(formdata, *args, **kwargs)
        if self.raw_data is not None and len(self.raw_data) != 3:
            self.raw_data = [*self.raw_data, "", "", ""][:3]

    def process_formdata(self, valuelist):
        # Not a real date (or not three parts): no date, and the required-message says what to enter.
        self.data = None
        if len(valuelist) == 3:
            try:
                super().process_formdata([" ".join(part.strip() for part in valuelist)])
            except ValueError:
                self.data = None
