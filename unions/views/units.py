"""The tree, a unit's page, and creating, editing, moving, closing and merging units."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from unions.forms import UnitCloseForm, UnitForm, UnitMergeForm, UnitMoveForm
from unions.models import Member, RoleAssignment
from unions.queries import (
    children_with_counts,
    get_unit_for_user,
    root_units_for_user,
    search_units,
    subtree_counts,
    units_for_user,
)
from unionsite import pickers
from unionsite.errors import save_or_error
from unionsite.history import history_for
from unionsite.shortcuts import paginate, parse_text, require


@require_safe
@login_required
def tree(request):
    """The top units of the user's scope, each with its sub-units and their counts."""
    require(request.user, "unions.view_tree")
    q = parse_text(request.GET.get("q"))
    if q:
        found = search_units(units_for_user(request.user), q).select_related("parent").order_by("-active", "path")
        return render(request, "unions/tree.html", {"q": q, "page_obj": paginate(request, found)})
    roots = []
    for root in root_units_for_user(request.user):
        root.counts = subtree_counts(root)
        root.child_page = paginate(request, children_with_counts(root))
        roots.append(root)
    return render(request, "unions/tree.html", {"roots": roots})


@require_safe
@login_required
def unit_children(request, pk):
    """htmx partial: the sub-units of one unit, for expanding the tree in place."""
    unit = get_unit_for_user(request.user, pk)
    page = paginate(request, children_with_counts(unit))
    return render(request, "unions/_tree_rows.html", {"unit": unit, "children": page, "level": unit.depth})


@require_safe
@login_required
def unit_detail(request, pk):
    user = request.user
    unit = get_unit_for_user(user, pk)
    ancestors = list(units_for_user(user).filter(pk__in=unit.ancestor_ids()).only("pk", "name", "path"))
    members = Member.objects.filter(unit=unit).order_by("-active", "name_search", "pk")
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "counts": subtree_counts(unit),
        "children": paginate(request, children_with_counts(unit)),  # grassroots units have members, no children
        "page_obj": paginate(request, members),
        "roles": RoleAssignment.objects.filter(unit=unit).select_related("user").order_by("role", "user__username"),
        "merged_from": list(unit.merged_from.only("pk", "name", "closed_on")),
        "merged_into": unit.merged_into if unit.merged_into_id else None,
        "history": history_for(unit)[:50],
    }
    return render(request, "unions/unit_detail.html", context)


def _form_page(request, form, *, title, unit, submit_label, template="unions/form_page.html", **extra):
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "unit": unit,
            "submit_label": submit_label,
            "cancel_url": unit.get_absolute_url(),
            **extra,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def unit_create(request, pk):
    parent = get_unit_for_user(request.user, pk)
    require(request.user, "unions.add_unit", parent)
    form = UnitForm(request.POST or None, user=request.user, parent=parent)
    if request.method == "POST" and form.is_valid():
        unit = save_or_error(form)
        if unit:
            messages.success(request, _("The unit %(unit)s was created.") % {"unit": unit})
            return redirect(unit)
    title = _("New unit under %(parent)s") % {"parent": parent}
    return _form_page(request, form, title=title, unit=parent, submit_label=_("Create"))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def unit_edit(request, pk):
    unit = get_unit_for_user(request.user, pk)
    require(request.user, "unions.change_unit", unit)
    title = _("Edit %(unit)s") % {"unit": unit}
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = save_or_error(form)
        if saved:
            messages.success(request, _("Changes saved."))
            return redirect(saved)
        unit.refresh_from_db()  # the form wrote the refused values onto it: show the unit as it is
    return _form_page(request, form, title=title, unit=unit, submit_label=_("Save"))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def unit_move(request, pk):
    unit = get_unit_for_user(request.user, pk)
    require(request.user, "unions.change_unit", unit)
    form = UnitMoveForm(request.POST or None, user=request.user, unit=unit)
    if picked := pickers.respond(request, form):
        return picked
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("%(unit)s now sits under %(parent)s.") % {"unit": unit, "parent": unit.parent})
        return redirect(unit)
    intro = _("The unit keeps its records, members and sub-units; they move with it.")
    title = _("Move %(unit)s") % {"unit": unit}
    return _form_page(request, form, title=title, unit=unit, submit_label=_("Move"), intro=intro)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def unit_close(request, pk):
    unit = get_unit_for_user(request.user, pk)
    require(request.user, "unions.change_unit", unit)
    form = UnitCloseForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("%(unit)s was closed.") % {"unit": unit})
        return redirect(unit)
    intro = _("A closed unit takes no new records; everything recorded under it stays there.")
    title = _("Close %(unit)s") % {"unit": unit}
    return _form_page(request, form, title=title, unit=unit, submit_label=_("Close the unit"), intro=intro)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def unit_merge(request, pk):
    unit = get_unit_for_user(request.user, pk)
    require(request.user, "unions.merge_into_unit", unit)
    form = UnitMergeForm(request.POST or None, user=request.user, unit=unit)
    if picked := pickers.respond(request, form):
        return picked
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The units were merged into %(unit)s.") % {"unit": unit})
        return redirect(unit)
    intro = _(
        "Each unit chosen is closed and marked as merged into this one. Its members and past records stay "
        "recorded under it; its active sub-units move here."
    )
    title = _("Merge units into %(unit)s") % {"unit": unit}
    return _form_page(request, form, title=title, unit=unit, submit_label=_("Merge"), intro=intro)
