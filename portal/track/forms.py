"""/track's forms: a case's reference and its private code; then, with the case open, a reply and a stage 2 request.
The forms that write carry a submission key made when the page is shown, so a double tap saves once."""

import secrets

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import HiddenField
from wtforms.validators import Optional

from portal.forms import PortalForm, Radios, choices, text_field, words_area

WORDS_MAX = 2000


class TrackForm(PortalForm):
    reference = text_field(
        _l("Your reference"),
        None,
        max_length=30,
        required=_l("Enter your reference"),
        too_long=_l("Your reference must be 30 characters or less"),
    )
    code = text_field(
        _l("Your private code"),
        None,
        max_length=40,
        required=_l("Enter your private code"),
        too_long=_l("Your private code must be 40 characters or less"),
    )


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
        _l("Your message"),
        WORDS_MAX,
        required=_l("Write your message"),
        hint=_l("You can answer a question we asked, or tell us something you forgot."),
    )


class StageTwoForm(SendOnceForm):
    words = words_area(_l("What are you still not happy about? (optional)"), WORDS_MAX)
    advocate = Radios(
        _l("Do you want an advocate to help you?"),
        description=_l("An advocate is on your side. They help you say what you want. It is free."),
        choices=choices([("yes", _l("Yes")), ("no", _l("No"))]),
        widget=GovRadioInput(),
        validators=[Optional()],
    )
