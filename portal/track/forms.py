"""The /track form: a case's reference and its private code."""

from portal.forms import PortalForm, text_field


class TrackForm(PortalForm):
    reference = text_field("Your reference", "Your reference", max_length=30, required="Enter your reference")
    code = text_field("Your private code", "Your private code", max_length=40, required="Enter your private code")
