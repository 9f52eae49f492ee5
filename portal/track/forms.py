"""/track's forms: a case's reference and its private code; then, with the case open, a reply and a stage 2 request.
The forms that write carry a submission key made when the page is shown, so a double tap saves once."""

import secrets

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import HiddenField
from wtforms.validators import Optional

from portal.forms import PortalForm, Radios, choices, text_field, words_area

WORDS_MAX = 2000


class TrackForm(PortalForm):
    reference = text_field("Your reference", "Your reference", max_length=30, required="Enter your reference")
    code = text_field("Your private code", "Your private code", max_length=40, required="Enter your private code")


class SendOnceForm(PortalForm):
    submission_key = HiddenField()
    # The case the page was showing: another case opened in this browser since (another tab) must not get the words.
    reference = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.submission_key.data or len(self.submission_key.data) > 64:
            self.submission_key.data = secrets.token_urlsafe(24)


class ReplyForm(SendOnceForm):
    words = words_area(
        "Your message",
        WORDS_MAX,
        required="Write your message",
        hint="You can answer a question we asked, or tell us something you forgot.",
    )


class StageTwoForm(SendOnceForm):
    words = words_area("What are you still not happy about? (optional)", WORDS_MAX)
    advocate = Radios(
        "Do you want an advocate to help you?",
        description="An advocate is on your side. They help you say what you want. It is free.",
        choices=choices([("yes", "Yes"), ("no", "No")]),
        widget=GovRadioInput(),
        validators=[Optional()],
    )
