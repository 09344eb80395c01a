"""The home page panel: the units the user works on, with their counts."""

from unions.enums import Role
from unions.queries import has_any_role, root_units_for_user, subtree_counts

MAX_UNITS = 5


def units_panel(request):
    user = request.user
    if not has_any_role(user, *Role.values):
        return None
    roots = list(root_units_for_user(user)[:MAX_UNITS])
    for unit in roots:
        unit.counts = subtree_counts(unit)
    return {"units": roots}
