from django.core.exceptions import PermissionDenied


def require(user, perm, obj=None):
    """Raise PermissionDenied (→ 403) unless `user` has `perm` on `obj`."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)
