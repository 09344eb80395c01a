from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from unionsite.nav import panels_for


@require_safe
@login_required
def home(request):
    return render(request, "home.html", {"panels": panels_for(request)})
