"""Menus and home-page panels that each app registers in its AppConfig.ready().

The shell knows no app: an app adds its menu entry and its home panel here, and each entry says
for whom it is shown, so the navigation follows the user's role without templates knowing roles.
"""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    visible: Any = field(default=lambda user: True)
    order: int = 100


@dataclass(frozen=True)
class HomePanel:
    template_name: str
    context: Any  # callable(request) -> dict, or None to hide the panel
    order: int = 100


_nav: dict[str, NavItem] = {}
_panels: dict[str, HomePanel] = {}


def register_nav(label, url_name, *, visible=None, order=100):
    _nav[url_name] = NavItem(label, url_name, visible or (lambda user: True), order)


def register_panel(template_name, context, *, order=100):
    _panels[template_name] = HomePanel(template_name, context, order)


def nav_for(request):
    user = request.user
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for item in sorted(_nav.values(), key=lambda i: i.order):
        if item.visible(user):
            namespace = item.url_name.split(":")[0]
            items.append(
                {
                    "label": item.label,
                    "url": reverse(item.url_name),
                    "active": current == item.url_name or current.startswith(namespace + ":"),
                }
            )
    return items


def panels_for(request):
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(request)
        if context is not None:
            shown.append({"template_name": panel.template_name, "context": context})
    return shown
