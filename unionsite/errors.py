"""The one exception every domain function raises when a business rule refuses a change.

It is a ValidationError, so a form shows it like any other error (on a field when raised with a
dict, `{field: [message]}`), and its text is the message for the user, in their language."""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule refused the change; nothing was saved. The message is for the user, as is."""

    def __str__(self):
        return " ".join(str(message) for message in self.messages)


def add_domain_error(form, error):
    """Show a refused change on `form`: each message on its field when the form has that field,
    otherwise above the form. Returns the form (invalid from then on)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
    return form


def save_or_error(form, save=None):
    """Run `save()` (default: form.save()); a rule refused by the domain becomes a form error.
    Returns what was saved, or None when the domain refused (the form then shows why)."""
    try:
        return (save or form.save)()
    except ValidationError as error:
        add_domain_error(form, error)
        return None
