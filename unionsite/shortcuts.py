"""Two small things every app's views need: a permission check that answers 403, and a page of rows."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator


def require(user, perm, obj=None):
    """Raise PermissionDenied (→ 403) unless `user` has `perm` on `obj`."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def paginate(request, rows, *, param="page"):
    """The page of `rows` the request asks for (?page=N, settings.PAGE_SIZE rows); junk or a page out
    of range gives the first or the last page."""
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get(param))
