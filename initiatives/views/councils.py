"""Councils (hội đồng sáng kiến): list, set up, members, and a member's score sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from initiatives import domain
from initiatives.domain.councils import may_see_scores, progress, result, seat_of
from initiatives.forms import CouncilForm, CouncilMemberForm, LeaveForm, SheetForm
from initiatives.models import Council, Review
from initiatives.queries import councils_for_user, initiatives_for_user, my_reviews
from unionsite import pickers
from unionsite.errors import DomainError, add_domain_error, save_or_error
from unionsite.history import history_for
from unionsite.shortcuts import paginate, require


@require_safe
@login_required
def council_list(request):
    require(request.user, "initiatives.view_initiatives")
    rows = councils_for_user(request.user).select_related("unit").order_by("-valid_from", "unit__path", "pk")
    return render(
        request,
        "initiatives/council_list.html",
        {
            "page_obj": paginate(request, rows),
            "my_reviews": my_reviews(request.user)[:50],
            "can_add": request.user.has_perm("initiatives.add_council"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def council_create(request):
    require(request.user, "initiatives.add_council")
    form = CouncilForm(request.POST or None, user=request.user, instance=Council())
    if picked := pickers.respond(request, form):
        return picked
    if request.method == "POST" and form.is_valid() and (council := save_or_error(form)):
        messages.success(request, _("The council was set up. Name its members."))
        return redirect(council)
    return render(request, "initiatives/council_form.html", {"form": form})


def _council(user, pk):
    return get_object_or_404(councils_for_user(user).select_related("unit"), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def council_detail(request, pk):
    council = _council(request.user, pk)
    can_manage = request.user.has_perm("initiatives.manage_council", council)
    form = (
        CouncilMemberForm(request.POST if request.method == "POST" else None, council=council, user=request.user)
        if can_manage
        else None
    )
    if form is not None and (picked := pickers.respond(request, form)):
        return picked
    if request.method == "POST":
        require(request.user, "initiatives.manage_council", council)
        if form.is_valid():
            data = form.cleaned_data
            try:
                domain.add_council_member(
                    council,
                    user=data["user"],
                    full_name=data["full_name"],
                    role=data["role"],
                    position=data["position"],
                    person=data["person"],
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The member was added to the council."))
                return redirect(council)
    reviews = (
        Review.objects.filter(council=council, initiative__in=initiatives_for_user(request.user))
        .select_related("initiative__unit")
        .order_by("-pk")[:100]
    )
    return render(
        request,
        "initiatives/council_detail.html",
        {
            "council": council,
            "members": council.members.select_related("person__unit", "user").order_by("left_at", "role", "full_name"),
            "form": form,
            "leave_form": LeaveForm() if can_manage else None,
            "reviews": reviews,
            "history": history_for(council),
        },
    )


@require_POST
@login_required
def council_member_leave(request, pk):
    council = _council(request.user, pk)
    require(request.user, "initiatives.manage_council", council)
    form = LeaveForm(request.POST)
    seat = council.members.filter(pk=form.data.get("seat") if form.is_valid() else None, left_at__isnull=True).first()
    if seat is None:
        messages.error(request, _("Give the reason."))
        return redirect(council)
    try:
        domain.remove_council_member(seat, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s left the council.") % {"name": seat.full_name})
    return redirect(council)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def review_sheet(request, pk):
    """A council member scores an initiative; the chair and the deciders see progress and the result."""
    review = get_object_or_404(
        Review.objects.filter(initiative__in=initiatives_for_user(request.user)).select_related(
            "initiative__unit", "initiative__field", "council__unit"
        ),
        pk=pk,
    )
    seat = seat_of(review, request.user)
    sheet = review.sheets.filter(council_member=seat).first() if seat else None
    exclusion = review.exclusions.filter(council_member=seat).first() if seat else None
    form = None
    if seat is not None and exclusion is None and not (sheet and sheet.submitted_at):
        initial = {f"score_{code}": value for code, value in (sheet.scores if sheet else {}).items()}
        initial["comment"] = sheet.comment if sheet else ""
        form = SheetForm(request.POST or None, criteria=review.criteria["criteria"], initial=initial)
    if request.method == "POST":
        if form is None:
            if seat is None:
                raise PermissionDenied(_("You do not sit on the council reviewing this initiative."))
            messages.error(request, _("You may not change a score sheet here."))
            return redirect("initiatives:review", pk=review.pk)
        if form.is_valid():
            try:
                domain.save_sheet(
                    review,
                    request.user,
                    form.scores(),
                    comment=form.cleaned_data["comment"],
                    submit="submit" in request.POST,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Your score sheet was submitted.")
                    if "submit" in request.POST
                    else _("Your score sheet was saved."),
                )
                return redirect("initiatives:review", pk=review.pk)
    visible = may_see_scores(review, request.user)
    return render(
        request,
        "initiatives/review_sheet.html",
        {
            "review": review,
            "initiative": review.initiative,
            "seat": seat,
            "sheet": sheet,
            "exclusion": exclusion,
            "form": form,
            "visible": visible,
            "progress": progress(review) if visible else None,
            "result": result(review) if visible else None,
            "exclusions": review.exclusions.select_related("council_member"),
        },
    )
