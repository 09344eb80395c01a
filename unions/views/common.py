from django.core.exceptions import ValidationError

from unionsite.shortcuts import paginate  # noqa: F401  (re-exported for the unions views)


def save_or_error(form):
    """Run form.save(); a business rule refused by domain becomes a form error. Returns the result or None."""
    try:
        return form.save()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
