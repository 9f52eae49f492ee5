"""Forms for writing the Pledge, moderating comments, consultation and sign-off."""

from flask import abort, redirect, request
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import HiddenField, SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.forms import DayMonthYearField, PortalForm, Radios, TranslatedErrorPrefix, choices, text_field
from portal.models.pledge import Answer, Decision

WORDING_MAX = 2000
LINE_MAX = 500
COMMENT_MAX = 1000


class TextArea(TranslatedErrorPrefix, GovTextArea):
    """A GOV.UK textarea whose error's hidden "Error:" prefix is in the page's language (English on staff pages)."""


def _textarea(label, what, max_length, required, hint=None, optional=False, too_long=None):
    """A box of text. `what` names the answer in the too-long message; a form young people see passes the whole
    message as too_long instead (a sentence is translated whole, never glued from pieces)."""
    checks = [Optional()] if optional else [DataRequired(required)]
    too_long = too_long or f"{what} must be {max_length} characters or less"
    return TextAreaField(
        label,
        description=hint,
        widget=TextArea(),
        validators=[*checks, Length(max=max_length, message=too_long)],
    )


class StartDraftForm(PortalForm):
    start_from = Radios(
        "Start the new draft from",
        choices=choices([("published", "The Pledge as it is published now"), ("nothing", "An empty page")]),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose what to start the draft from")],
    )
    title = text_field(
        "Name of the draft", "The name", 200, hint="For example ‘Our Pledge 2027’. Leave it empty for ‘Draft 2’."
    )
    submit = SubmitField("Start the draft", widget=GovSubmitInput())


class ThemeForm(PortalForm):
    title = text_field("Theme", "The theme", 120, required="Enter the theme, like ‘Keeping healthy’")
    submit = SubmitField("Save theme", widget=GovSubmitInput())


class PromiseFields(PortalForm):
    title = text_field(
        "Short title", "The short title", 120, required="Enter a short title", hint="A few words, like ‘Be there’"
    )
    wording = _textarea(
        "The promise",
        "The promise",
        WORDING_MAX,
        "Enter the promise",
        hint="Say what we will do, in your own words. You can make words bold, make a list or add a link: see how "
        "below the box.",
    )
    plain_line = _textarea(
        "What this means for you",
        "What this means for you",
        LINE_MAX,
        "Enter what this promise means for a young person",
        hint="One or two short sentences in everyday words.",
    )
    # What young people said that this answers (portal.pledge.evidence): the choices are set by the view.
    answers = Radios(
        "Does this answer something young people told us?",
        choices=[],
        widget=GovRadioInput(),
        validators=[Optional()],  # one is always chosen when the form is shown; none sent means "no"
    )
    you_said = _textarea(
        "What to tell young people on the Pledge",
        "What to tell young people",
        LINE_MAX,
        None,
        hint="Only if this answers something young people told us. One short sentence, shown beside the promise. "
        "For example ‘You told us you did not know who your social worker was. Now we tell you within a week.’",
        optional=True,
    )

    def validate(self, extra_validators=None):
        # Here, not as validate_you_said: the box's Optional() stops its own checks when it is empty.
        valid = super().validate(extra_validators)
        answers_something = self.answers.data not in (None, "none")
        if answers_something and not self.you_said.data:
            self.you_said.errors.append("Enter one sentence to tell young people what changed because of them")
            return False
        if self.you_said.data and not answers_something:  # never dropped without a word
            self.answers.errors.append("Choose what this answers, or delete what to tell young people")
            return False
        return valid


class PromiseForm(PromiseFields):
    theme = SelectField(
        "Theme", coerce=int, widget=GovSelect(), validators=[InputRequired("Choose the theme for this promise")]
    )
    owners = SelectMultipleField(
        "Who makes this promise",
        coerce=int,
        widget=GovCheckboxesInput(),
        validators=[DataRequired("Choose who makes this promise")],
        description="Choose every partner who must keep it.",
    )
    # The revision this edit started from: a save from an older one is a conflict, never an overwrite.
    base_revision = HiddenField()
    submit = SubmitField("Save promise", widget=GovSubmitInput())


class AmendmentForm(PromiseFields):
    why = _textarea("Why are you suggesting this? (optional)", "Your reason", LINE_MAX, None, optional=True)
    submit = SubmitField("Send suggestion", widget=GovSubmitInput())


class RejectForm(PortalForm):
    reason = _textarea(
        "Why is it not being used?", "The reason", LINE_MAX, "Enter why the suggestion is not being used"
    )
    submit = SubmitField("Do not use this suggestion", widget=GovSubmitInput())


class CommentForm(PortalForm):
    """A comment on a promise: staff and Role Model Army members on a draft, and anyone with a consultation's link
    (a young people's page, so its words are translated)."""

    body = _textarea(
        _l("Your comment"),
        None,
        COMMENT_MAX,
        _l("Write your comment"),
        hint=_l("Do not write names, phone numbers or where anyone lives."),
        too_long=_l("Your comment must be %(max_length)s characters or less", max_length=COMMENT_MAX),
    )
    submit = SubmitField(_l("Send comment"), widget=GovSubmitInput())


MODERATION_CHOICES = {
    "approve": "Approve: show it",
    "keep": "Keep showing it: the report needs no action",
    "hide": "Hide it",
    "restore": "Show it again",
}


class ModerateForm(PortalForm):
    action = Radios(
        "What do you want to do?",
        choices=choices(MODERATION_CHOICES.items()),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose what to do with the comment")],
    )
    reason = _textarea(
        "Reason",
        "The reason",
        LINE_MAX,
        None,
        optional=True,
        hint="Needed to hide or restore a comment. It is kept in the comment's history.",
    )
    submit = SubmitField("Save decision", widget=GovSubmitInput())


class ConsultationForm(PortalForm):
    closes_on = DayMonthYearField("Closing date", "Enter the closing date as a real date, like 27 3 2027")
    submit = SubmitField("Open consultation", widget=GovSubmitInput())


class SignOffForm(PortalForm):
    decision = Radios(
        "The panel's decision",
        choices=choices((d.value, d.label) for d in Decision),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose the panel's decision")],
    )
    decided_on = DayMonthYearField(
        "Date of the meeting", "Enter the date of the meeting as a real date, like 27 3 2027"
    )
    meeting_reference = text_field(
        "Meeting reference", "The meeting reference", 100, required="Enter the meeting reference"
    )
    notes = _textarea("Notes (optional)", "The notes", WORDING_MAX, None, optional=True)
    submit = SubmitField("Record decision", widget=GovSubmitInput())


class AnswerForm(PortalForm):
    """One tap: the button pressed carries the answer."""

    answer = HiddenField(validators=[DataRequired()])

    def validate_answer(self, field):
        if field.data not in {a.value for a in Answer}:
            from wtforms.validators import ValidationError

            raise ValidationError("Choose one of the answers")


class MoveForm(PortalForm):
    direction = HiddenField(validators=[DataRequired()])


class ReportForm(PortalForm):
    """Report a shown comment: anyone may, so its words are translated."""

    reason = _textarea(
        _l("Why are you reporting this comment?"),
        None,
        LINE_MAX,
        _l("Enter why you are reporting this comment"),
        hint=_l("For example, it names someone or is unkind. Do not write anyone's name."),
        too_long=_l("The reason must be %(max_length)s characters or less", max_length=LINE_MAX),
    )
    back = HiddenField()  # the page the report was made from, to go back to
    submit = SubmitField(_l("Report comment"), widget=GovSubmitInput())


class ReadingAgeForm(PortalForm):
    """Words to check as they are typed: no longer than the longest box the check sits beside."""

    text = TextAreaField(validators=[Optional(), Length(max=WORDING_MAX)])


class ConfirmForm(PortalForm):
    """A button alone (accept a suggestion, take the other text): only the CSRF token is checked."""


class ConfirmedForm(PortalForm):
    """The button on a page that asked "are you sure?" (templates/pledge/confirm.html): its hidden "confirmed" says
    the person saw what will happen. A post without it (a button on another page, a second tab) does nothing."""

    confirmed = HiddenField()

    def confirmed_post(self):
        """True for a post from the question page's button. A post with a bad token is the 400 page; a post without
        "confirmed" is sent to the question instead, and nothing changes."""
        if request.method != "POST":
            return False
        if not self.validate_on_submit():
            abort(400)
        if self.confirmed.data != "yes":
            abort(redirect(request.path))
        return True


class TranslationForm(PortalForm):
    """A promise's words in another language (portal.pledge.translations). The view sets each box's lang and dir."""

    title = text_field("Short title", "The short title", 200, required="Enter the short title in this language")
    wording = _textarea("The promise", "The promise", WORDING_MAX, "Enter the promise in this language")
    plain_line = _textarea(
        "What this means for you", "What this means for you", LINE_MAX, "Enter what this means for you in this language"
    )
    submit = SubmitField("Save translation", widget=GovSubmitInput())
