from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from unionsite.nav import panels_for


@require_safe
@login_required
def home(request):
    return render(request, "home.html", {"panels": panels_for(request)})


def locked_out(request, original_response=None, credentials=None):
    """What a refused login shows once its username is locked out (django-axes calls it, for the
    app's login form and the admin's): how long to wait, in the reader's language. 429: too many
    tries; the form is not shown again, so no password can be tried until the time is up."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT, "retry_url": request.path},
        status=429,
    )
