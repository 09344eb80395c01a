"""The block (khối) table, kept by city reviewers and administrators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from unions.forms import BlockForm
from unions.queries import blocks_for_user
from unionsite.errors import save_or_error
from unionsite.history import history_for
from unionsite.shortcuts import paginate, require


@require_safe
@login_required
def block_list(request):
    require(request.user, "unions.manage_blocks")
    return render(request, "unions/block_list.html", {"page_obj": paginate(request, blocks_for_user(request.user))})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def block_edit(request, pk=None):
    # Blocks are a catalogue every role reads: editing one without the right is forbidden (403).
    require(request.user, "unions.manage_blocks")
    block = None if pk is None else get_object_or_404(blocks_for_user(request.user), pk=pk)
    title = _("Edit %(block)s") % {"block": block} if block else _("New block")
    form = BlockForm(request.POST or None, instance=block, user=request.user)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("Changes saved."))
        return redirect("unions:block_list")
    return render(
        request,
        "unions/form_page.html",
        {
            "form": form,
            "title": title,
            "submit_label": _("Save"),
            "cancel_url": reverse("unions:block_list"),
            "history": history_for(block) if block else None,
        },
    )
