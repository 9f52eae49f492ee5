"""The base form every portal form uses."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


class PortalForm(FlaskForm):
    """A FlaskForm (so CSRF-protected) that trims spaces people type by accident around their answers."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Passwords are kept exactly as typed: a space can be part of one.
            if unbound_field.field_class is PasswordField:
                return unbound_field.bind(form=form, **options)
            filters = [*unbound_field.kwargs.get("filters", ()), strip_whitespace]
            return unbound_field.bind(form=form, filters=filters, **options)


def choices(pairs):
    """Radio or select choices from (value, label) pairs, in the form WTForms 3.3 wants."""
    return [SelectChoice(value, label) for value, label in pairs]
