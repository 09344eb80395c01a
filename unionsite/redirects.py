"""Where to send the user back to after an action."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback):
    """The `next` the form sent back if it is a path on this site, else `fallback` (no open redirect;
    and a bare word such as "-1" would be taken by redirect() for a URL name: NoReverseMatch, a 500)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
