from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

PER_PAGE = 25


def paginate(request, items, *, per_page=PER_PAGE, param="page"):
    return Paginator(items, per_page).get_page(request.GET.get(param))


def save_or_error(form):
    """Run form.save(); a business rule refused by domain becomes a form error. Returns the result or None."""
    try:
        return form.save()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
