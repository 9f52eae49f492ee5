"""Forms for keeping the Pledge: the one-tap answer, "tell us more", partner updates, plans and awareness records."""

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import HiddenField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.forms import CharacterCount, DayMonthYearField, OneTapForm, PortalForm, Radios, choices, text_field
from portal.models.kept import Frequency, Kept, ProgressStatus

MORE_MAX = 1000
TEXT_MAX = 2000


def _textarea(label, what, max_length, required=None, hint=None):
    checks = [DataRequired(required)] if required else [Optional()]
    return TextAreaField(
        label,
        description=hint,
        widget=GovTextArea(),
        validators=[*checks, Length(max=max_length, message=f"{what} must be {max_length} characters or less")],
    )


def number_or_none(text):
    """A figure typed by a partner ("87", "1,200", "12.5") as a float, or None if it is not one."""
    cleaned = (text or "").replace(",", "").strip()
    if not re.fullmatch(r"-?[0-9]{1,12}(\.[0-9]{1,2})?", cleaned):
        return None
    try:
        return float(Decimal(cleaned))
    except InvalidOperation:
        return None


def _date(label, required):
    # The Pledge's date field: a tampered post (not three parts) gets the error message, not a 500.
    return DayMonthYearField(label, required)


class KeptForm(OneTapForm):
    """One tap: the button pressed carries the answer."""

    answer = HiddenField(validators=[DataRequired()])

    def validate_answer(self, field):
        if field.data not in {kept.value for kept in Kept}:
            raise ValidationError("Choose one of the answers")


class TellUsMoreForm(PortalForm):
    """After a one-tap answer, on a young people's page: its words are in the page's language."""

    words = TextAreaField(
        _l("Tell us more"),
        description=_l("Only staff will read this. Do not write your name."),
        widget=CharacterCount(),
        validators=[
            DataRequired(_l("Write what you want to tell us")),
            Length(max=MORE_MAX, message=_l("What you tell us must be %(max)d characters or less", max=MORE_MAX)),
        ],
    )
    submit = SubmitField(_l("Send"), widget=GovSubmitInput())


class ConfirmForm(OneTapForm):
    """A button alone ("I know about the Pledge"): only where it was sent from is checked."""


def _web_link(_form, field):
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError("Enter a link that starts with https://, like https://example.org/report")


class UpdateForm(PortalForm):
    status = Radios(
        "How is this promise going?",
        choices=choices((status.value, status.label) for status in ProgressStatus),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose how this promise is going")],
    )
    done = _textarea("What was done", "What was done", TEXT_MAX, "Enter what was done since the last update")
    next_steps = _textarea("What comes next", "What comes next", TEXT_MAX, "Enter what comes next")
    evidence_link = text_field(
        "Link to evidence (optional)",
        "The link",
        500,
        validators=[_web_link],
        hint="A report or page that shows the progress, like https://example.org/report",
    )
    evidence_number = text_field(
        "A number that shows progress (optional)",
        "The number",
        20,
        hint="For example 87 (per cent of health checks done on time)",
    )
    evidence_about = text_field("What the number counts (optional)", "What the number counts", 200)
    submit = SubmitField("Post update", widget=GovSubmitInput())

    def validate_evidence_number(self, field):
        if field.data and number_or_none(field.data) is None:
            raise ValidationError("Enter the number in figures, like 87 or 12.5")

    def validate_evidence_about(self, field):
        if self.evidence_number.data and not field.data:
            raise ValidationError("Enter what the number counts")


class PlanForm(PortalForm):
    owners = SelectMultipleField(
        "Who owns this promise",
        coerce=int,
        widget=GovCheckboxesInput(),
        validators=[DataRequired("Choose at least one partner who owns this promise")],
        description="Partner leads of these organisations post progress on it.",
    )
    measure = _textarea("What will be measured", "What will be measured", TEXT_MAX, "Enter what will be measured")
    target = _textarea("The target", "The target", TEXT_MAX, "Enter the target")
    frequency = Radios(
        "How often is progress due?",
        choices=choices((frequency.value, frequency.label) for frequency in Frequency),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose how often progress is due")],
    )
    next_due = _date("Next update due", "Enter the date the next update is due as a real date, like 27 3 2027")
    submit = SubmitField("Save plan", widget=GovSubmitInput())


class GivenForm(PortalForm):
    count = text_field(
        "How many young people were given the Pledge?",
        "The number",
        6,
        required="Enter how many young people were given the Pledge",
        hint="In figures, like 12",
    )
    given_on = _date("When was it given?", "Enter the date it was given as a real date, like 27 3 2027")
    team = text_field(
        "Which team gave it?", "The team", 120, required="Enter the team", hint="Do not write young people's names."
    )
    submit = SubmitField("Record", widget=GovSubmitInput())

    def validate_count(self, field):
        if not re.fullmatch(r"[0-9]{1,5}", field.data or "") or not 1 <= int(field.data) <= 10000:
            raise ValidationError("Enter how many young people were given the Pledge as a number from 1 to 10000")
