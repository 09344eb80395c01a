"""The home page panel: the units the user works on, with their counts."""

from unions.queries import root_units_for_user, subtree_counts
from unions.scope import Scope

MAX_UNITS = 5


def units_panel(request):
    user = request.user
    if not Scope.for_user(user):
        return None
    roots = list(root_units_for_user(user)[:MAX_UNITS])
    for unit in roots:
        unit.counts = subtree_counts(unit)
    return {"units": roots}
