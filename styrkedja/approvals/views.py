"""Sending a unit's reports for approval, what awaits an approver, and the municipality's setting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.approvals.forms import ApprovalDecisionForm, ApprovalReturnForm, ApprovalSettingForm
from styrkedja.approvals.selectors import approval_needed, awaiting_approval, may_approve, may_send
from styrkedja.approvals.services import (
    approval_approve,
    approval_return,
    approval_send,
    approval_setting_set,
)
from styrkedja.web.access import administrator_required, member_required
from styrkedja.web.forms import add_service_errors, posted
from styrkedja.web.lookups import period_or_404, plan_or_404


def _prefix(period, unit) -> str:
    """One form per unit and period on a page: the fields' ids are unique."""
    return f"u{period.pk}-{unit.pk}"


@member_required
def awaiting(request):
    return _awaiting_page(request)


def _awaiting_page(request, bound: ApprovalReturnForm | None = None, status: int = 200):
    """What awaits the user's approval, each unit with its reports' texts and the two decisions;
    ``bound``: a return refused at its comment, shown again with its error."""
    items = awaiting_approval(user=request.user, municipality=request.municipality)
    for item in items:
        approval = item.approval
        prefix = _prefix(approval.period, approval.unit)
        initial = {"seen": approval.last.pk}
        item.approve_form = ApprovalDecisionForm(prefix=prefix, initial=initial, auto_id=False)
        shown_again = bound is not None and bound.prefix == prefix
        item.return_form = bound if shown_again else ApprovalReturnForm(prefix=prefix, initial=initial)
    context = {"items": items, "needed": approval_needed(request.municipality)}
    return render(request, "approvals/awaiting.html", context, status=status)


def _period_and_unit(request, board: str, year: int, code: str, unit: int):
    period = period_or_404(plan_or_404(request, board, year), code)
    return period, get_object_or_404(request.municipality.units, pk=unit)


@member_required
@require_POST
def send(request, board: str, year: int, code: str, unit: int):
    period, unit = _period_and_unit(request, board, year, code, unit)
    if not may_send(request.user, unit, request.municipality):
        raise PermissionDenied(_("Du får inte skicka enhetens rapporter för godkännande."))
    try:
        approval_send(period=period, unit=unit, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        sent = _("Rapporterna för %(unit)s är skickade för godkännande.") % {"unit": unit.name}
        messages.success(request, sent)
    page = "followup:period_detail" if request.POST.get("back") == "period" else "followup:report"
    return redirect(reverse(page, args=[board, year, period.code]))


def _decision(request, board, year, code, unit):
    period, unit = _period_and_unit(request, board, year, code, unit)
    if not may_approve(request.user, unit, request.municipality):
        raise PermissionDenied(_("Du får inte godkänna eller returnera enhetens rapporter."))
    return period, unit


@member_required
@require_POST
def approve(request, board: str, year: int, code: str, unit: int):
    period, unit = _decision(request, board, year, code, unit)
    form = ApprovalDecisionForm(request.POST, prefix=_prefix(period, unit), auto_id=False)
    form.is_valid()
    try:
        approval_approve(period=period, unit=unit, user=request.user, seen=form.cleaned_data.get("seen"))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Rapporterna för %(unit)s är godkända.") % {"unit": unit.name})
    return redirect("approvals:awaiting")


@member_required
@require_POST
def return_view(request, board: str, year: int, code: str, unit: int):
    period, unit = _decision(request, board, year, code, unit)
    form = ApprovalReturnForm(request.POST, prefix=_prefix(period, unit))
    if form.is_valid():
        try:
            approval_return(
                period=period,
                unit=unit,
                user=request.user,
                comment=form.cleaned_data["comment"],
                seen=form.cleaned_data["seen"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # no longer awaiting: nothing to show the form at
                messages.error(request, error.messages[0])
                return redirect("approvals:awaiting")
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Rapporterna för %(unit)s är returnerade till enheten.") % {"unit": unit.name}
            )
            return redirect("approvals:awaiting")
    return _awaiting_page(request, bound=form, status=422)


@administrator_required
def setting(request):
    municipality = request.municipality
    form = ApprovalSettingForm(
        posted(request), initial={"reports_need_approval": municipality.reports_need_approval}
    )
    if form.is_valid():
        approval_setting_set(
            municipality=municipality, needed=form.cleaned_data["reports_need_approval"], user=request.user
        )
        messages.success(request, _("Inställningen för godkännande av rapporter är sparad."))
        return redirect("approvals:setting")
    return render(request, "approvals/setting.html", {"form": form, "section": "approvals"})
