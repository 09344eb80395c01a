"""The list of initiatives in the user's scope."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from initiatives.enums import InitiativeState
from initiatives.queries import initiatives_for_user
from unionsite.shortcuts import paginate, require


@require_safe
@login_required
def initiative_list(request):
    require(request.user, "initiatives.view_initiatives")
    rows = initiatives_for_user(request.user).select_related("unit", "field").order_by("-year", "-pk")
    state = request.GET.get("state", "")
    if state in InitiativeState.values:
        rows = rows.filter(state=state)
    return render(
        request,
        "initiatives/initiative_list.html",
        {"page_obj": paginate(request, rows), "states": InitiativeState.choices, "state": state},
    )
