"""Menus and home-page panels that each app registers in its AppConfig.ready().

The shell knows no app: an app adds its menu entry and its home panel here, and each entry says
the permission that shows it (asked with `has_perm`), so the navigation follows the user's role
without templates knowing roles.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    perm: str | None = None  # the permission that shows the entry (None: every signed-in user)
    order: int = 100
    section: str = ""  # view names starting with this mark the entry current (default: its namespace)

    def matches(self, view_name):
        """How well the current view belongs to this entry: 0 not at all, longer prefix is better."""
        if view_name == self.url_name:
            return len(view_name) + 1
        section = self.section or self.url_name.split(":")[0] + ":"
        return len(section) if view_name.startswith(section) else 0


@dataclass(frozen=True)
class HomePanel:
    template_name: str
    context: Any  # callable(request) -> dict, or None to hide the panel
    order: int = 100


_nav: dict[str, NavItem] = {}
_panels: dict[str, HomePanel] = {}


def register_nav(label, url_name, *, perm=None, order=100, section=""):
    _nav[url_name] = NavItem(label, url_name, perm, order, section)


def register_panel(template_name, context, *, order=100):
    _panels[template_name] = HomePanel(template_name, context, order)


def nav_for(request):
    """The entries the user may open, in order; at most one is current (the best match of the view)."""
    user = request.user
    current = request.resolver_match.view_name if request.resolver_match else ""
    shown = [
        item for item in sorted(_nav.values(), key=lambda i: i.order) if item.perm is None or user.has_perm(item.perm)
    ]
    best = max(shown, key=lambda item: item.matches(current), default=None)
    if best is not None and not best.matches(current):
        best = None
    return [{"label": item.label, "url": reverse(item.url_name), "active": item is best} for item in shown]


def panels_for(request):
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(request)
        if context is not None:
            shown.append({"template_name": panel.template_name, "context": context})
    return shown
