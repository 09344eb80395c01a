"""Two small things every app's views need: a permission check that answers 403, and a page of rows."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

PER_PAGE = 25


def require(user, perm, obj=None):
    """Raise PermissionDenied (→ 403) unless `user` has `perm` on `obj`."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def paginate(request, rows, *, per_page=PER_PAGE, param="page"):
    """The page of `rows` the request asks for (?page=N); a page out of range gives the last one."""
    return Paginator(rows, per_page).get_page(request.GET.get(param))
