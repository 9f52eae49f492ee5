"""Staff forms for triage: one small form per action on a case, and the queue's filters."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.cases.labels import CHANNEL_LABELS, KIND_LABELS, OUTCOME_LABELS, PAUSE_REASONS, TOLD_BY, YES_NO_NOT_SURE
from portal.forms import GovCheckboxWithQuestion, PortalForm, Radios, choices, text_field
from portal.models import CaseKind, Channel

TEXT_MAX = 5000


class GovDate(DateField):
    """A GOV.UK date input (day, month, year) with GOV.UK error messages; optional unless required is given."""

    def __init__(self, label, what, required=None, hint=None, **kwargs):
        checks = [DataRequired(required)] if required else [Optional()]
        super().__init__(
            label,
            format="%d %m %Y",
            widget=GovDateInput(),
            validators=checks,
            description=hint or "For example, 27 3 2026",
            **kwargs,
        )
        self.what = what

    def process_formdata(self, valuelist):
        parts = [part.strip() for part in valuelist if isinstance(part, str)]
        if not any(parts):
            self.data = None
            return
        try:
            super().process_formdata([" ".join(parts)])
        except ValueError:
            self.data = None
            raise ValueError(f"{self.what} must be a real date") from None
        if self.data is not None and not date(2000, 1, 1) <= self.data <= date(2100, 12, 31):
            self.data = None
            raise ValueError(f"{self.what} must be a real date")

    def process(self, formdata, *args, **kwargs):
        super().process(formdata, *args, **kwargs)
        # The widget shows raw_data as day, month, year: exactly three, or none (then it shows the data).
        if self.raw_data is not None and len(self.raw_data) != 3:
            self.raw_data = [*self.raw_data, "", "", ""][:3] if self.raw_data else None

    def pre_validate(self, form):
        # process_formdata's errors are already recorded; nothing else to check before the validators.
        return None


def text_area(label, what, required=None, hint=None, max_length=TEXT_MAX):
    checks = [DataRequired(required)] if required else [Optional()]
    checks.append(Length(max=max_length, message=f"{what} must be {max_length:,} characters or less"))
    return TextAreaField(label, description=hint, widget=GovTextArea(), validators=checks)


def outcome_field(label="Outcome", required="Choose the outcome", allowed=OUTCOME_LABELS):
    return Radios(
        label,
        choices=choices(allowed.items()),
        widget=GovRadioInput(),
        validators=[DataRequired(required)] if required else [Optional()],
    )


class ActionForm(PortalForm):
    """Every form that changes a case carries the version of the case the officer saw, so a save over someone
    else's newer change is caught and shown, never written over it."""

    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class AcknowledgeForm(ActionForm):
    acknowledged_on = GovDate("Date acknowledged", "Date acknowledged", required="Enter the date acknowledged")


class SafeguardingForm(ActionForm):
    referred_to = text_field(
        "Who was it referred to?",
        "Who it was referred to",
        200,
        required="Enter who it was referred to",
        hint="For example, Multi-Agency Safeguarding Hub (MASH), or the child's social work team",
    )
    their_reference = text_field("Their reference (if they gave one)", "Their reference", 100)
    notes = text_area("What was said", "What was said", hint="Who you spoke to and what happens next")
    submit = SubmitField("Record the referral and email the safeguarding inbox", widget=GovSubmitInput())


class AssignForm(ActionForm):
    officer = Radios("Who should handle this case?", widget=GovRadioInput(), validators=[DataRequired("Choose who")])


class TakeForm(ActionForm):
    reason = text_area(
        "Why are you taking this case?",
        "Why you are taking this case",
        required="Enter why you are taking this case",
        hint="Managers are told you took it. Your reason goes in the case history.",
        max_length=1000,
    )
    submit = SubmitField("Take this case", widget=GovSubmitInput())


class CategoriseForm(ActionForm):
    service_areas = SelectMultipleField("Service areas", coerce=int, widget=GovCheckboxesInput(), validate_choice=True)
    themes = SelectMultipleField(
        "Service quality and practice themes", coerce=int, widget=GovCheckboxesInput(), validate_choice=True
    )


class StartStage1Form(ActionForm):
    started_on = GovDate(
        "Stage 1 starts on",
        "The start date",
        required="Enter the date stage 1 starts",
        hint="Usually the day the complaint was received",
    )


class ExtendForm(ActionForm):
    days = IntegerField(
        "Working days allowed in total",
        widget=GovTextInput(),
        validators=[DataRequired("Enter the working days allowed in total")],
    )
    reason = text_area("Why it needs longer", "The reason", required="Enter why it needs longer")


class RespondForm(ActionForm):
    responded_on = GovDate(
        "Date of the response", "The date of the response", required="Enter the date of the response"
    )
    outcome = outcome_field()
    summary = text_area("Summary of the response", "The summary")


class RequestForm(ActionForm):
    requested_on = GovDate("Date they asked", "The date they asked", required="Enter the date they asked")


class StartStage2Form(ActionForm):
    started_on = GovDate(
        "Date the statement of complaint was agreed",
        "The date the statement was agreed",
        required="Enter the date the statement of complaint was agreed",
    )
    investigating_officer = text_field(
        "Investigating officer", "Investigating officer", 200, required="Enter the investigating officer"
    )
    independent_person = text_field(
        "Independent person", "Independent person", 200, required="Enter the independent person"
    )


class PointForm(ActionForm):
    summary = text_area("The complaint point", "The point", required="Enter the complaint point")
    outcome = outcome_field("Adjudication on this point", required=None)


class ReviewPanelForm(ActionForm):
    panel_on = GovDate("Date the panel met", "The date the panel met")
    report_on = GovDate("Date of the panel's report", "The date of the report")
    responded_on = GovDate("Date of the council's response", "The date of the response")
    outcome = outcome_field(required=None)


class OmbudsmanForm(ActionForm):
    referred_on = GovDate("Date referred to the Ombudsman", "The date referred", required="Enter the date referred")
    decided_on = GovDate("Date of the Ombudsman's decision", "The date of the decision")
    decision = text_area("The Ombudsman's decision", "The decision")
    remedy = text_area("Remedy", "The remedy", hint="What the Ombudsman asked the council to do, if anything")


class PauseForm(ActionForm):
    reason_kind = Radios(
        "Why is the case paused?",
        choices=choices(PAUSE_REASONS.items()),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose why the case is paused")],
    )
    reason = text_area("Details", "The details", required="Enter the details of the pause")
    started_on = GovDate("Paused from", "The date the pause starts", required="Enter the date the pause starts")


class ResumeForm(ActionForm):
    resumed_on = GovDate(
        "The clock starts again on",
        "The date the clock starts again",
        required="Enter the date the clock starts again",
    )


class AdvocacyForm(ActionForm):
    requested_on = GovDate("Date advocacy was asked for", "The date it was asked for")
    referred_to = text_field("Referred to", "Who it was referred to", 200, hint="For example, the advocacy service")
    referred_on = GovDate("Date referred", "The date referred")
    provided_on = GovDate("Date an advocate started helping", "The date an advocate started")


class LearningForm(ActionForm):
    kind = Radios(
        "Is this a lesson or an action?",
        choices=choices([("lesson", "A lesson learned"), ("action", "An action to take")]),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose a lesson or an action")],
    )
    words = text_area("What", "What", required="Enter the lesson or action")
    owner = text_field("Owner (for an action)", "The owner", 200)
    due_on = GovDate("Due (for an action)", "The due date")
    publish = BooleanField(
        "Publish it as ‘you said, we did’",
        widget=GovCheckboxWithQuestion("Should the annual report publish it?"),
        description="No names or details that could identify anyone",
    )


class ActionDoneForm(ActionForm):
    learning_id = Radios("Which action is done?", widget=GovRadioInput(), validators=[DataRequired("Choose an action")])
    done_on = GovDate("Date done", "The date done", required="Enter the date done")


NO_PROMISE = "none"


class PromiseForm(ActionForm):
    promise = SelectField(
        "Which promise of the Pledge is this about?",
        widget=GovSelect(),
        validate_choice=False,
        description="The annual report counts the complaints that cite each promise.",
    )


class MessageForm(ActionForm):
    message = text_area(
        "Message for the young person",
        "The message",
        required="Enter the message",
        hint="They see it on the tracking page. Use plain words, and nothing private: a shared phone may show it.",
        max_length=2000,
    )


class CloseForm(ActionForm):
    # The choices are the outcomes the stage rules allow for this case (set by the view); any other value is judged
    # by the rule itself (portal.cases.rules.check_close), which says why it cannot be chosen yet.
    outcome = Radios(
        "Outcome",
        choices=choices(OUTCOME_LABELS.items()),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose the outcome")],
        validate_choice=False,
    )
    summary = text_area("Why it is closed", "The reason")


class NewCaseForm(PortalForm):
    """A case that came by phone, letter or in person, recorded by staff."""

    channel = Radios(
        "How did it come in?",
        choices=choices([(c.value, CHANNEL_LABELS[c]) for c in Channel if c != Channel.WEB]),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose how it came in")],
    )
    kind = Radios(
        "What is it?",
        choices=choices([(k.value, KIND_LABELS[k]) for k in CaseKind]),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose what it is")],
    )
    received_on = GovDate("Date received", "The date received", required="Enter the date received")
    safe_now = Radios(
        "Did they say they are safe right now?",
        choices=choices(YES_NO_NOT_SURE.items()),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose whether they said they are safe")],
    )
    told_by = Radios(
        "Who is telling us?",
        choices=choices([("young_person", "The young person"), *TOLD_BY.items()]),
        widget=GovRadioInput(),
        validators=[DataRequired("Choose who is telling us")],
    )
    words = text_area("What they told us", "What they told us", required="Enter what they told us")
    name = text_field("Their name", "Their name", 100)
    reply_email = text_field(
        "Email address to reply to",
        "Email address",
        254,
        validators=[
            Optional(),
            Email("Enter an email address in the correct format, like name@example.org", check_deliverability=False),
        ],
    )
    reply_phone = text_field("Phone number to reply to", "Phone number", 30)
    submit = SubmitField("Record the case", widget=GovSubmitInput())


class QueueFilterForm(FlaskForm):
    """The queue's filters: a GET form (nothing changes), so no CSRF token and bookmarkable."""

    class Meta:
        csrf = False

    q = StringField("Search reference or words", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    status = SelectField("Status", widget=GovSelect(), validate_choice=False)
    kind = SelectField("Kind", widget=GovSelect(), validate_choice=False)
    officer = SelectField("Officer", widget=GovSelect(), validate_choice=False)
    service_area = SelectField("Service area", widget=GovSelect(), validate_choice=False)
    theme = SelectField("Theme", widget=GovSelect(), validate_choice=False)
    promise = SelectField("Pledge promise", widget=GovSelect(), validate_choice=False)
    language = SelectField("Language", widget=GovSelect(), validate_choice=False)
    received_from = GovDate("Received from", "The ‘received from’ date", hint=" ")
    received_to = GovDate("Received up to", "The ‘received up to’ date", hint=" ")
    submit = SubmitField("Apply filters", widget=GovSubmitInput())
