"""The approval's parts of the follow-up pages, for their includes ``approvals/_report_panel.html``,
``approvals/_period_panel.html`` and ``approvals/_start_link.html``: nothing when the municipality
does not need approval."""

from __future__ import annotations

from django import template

from styrkedja.approvals.selectors import (
    approval_needed,
    awaiting_approval_count,
    own_unit_approvals,
    period_approvals,
)
from styrkedja.tenancy.permissions import can_manage_plans

register = template.Library()


@register.simple_tag(takes_context=True)
def own_approvals(context, period) -> list:
    """The units whose head the asking rapportör is, at the report page's period."""
    return own_unit_approvals(user=context["request"].user, period=period)


@register.simple_tag(takes_context=True)
def period_approval_panel(context, period) -> dict:
    """Every unit's state at the period, for the period page; a manager may send a unit too."""
    request = context["request"]
    approvals = period_approvals(period=period)
    if approvals is None:
        return {}
    return {
        "approvals": approvals,
        "may_send": can_manage_plans(request.user, request.municipality),
        "awaiting": awaiting_approval_count(user=request.user, municipality=request.municipality),
    }


@register.simple_tag(takes_context=True)
def awaiting_count(context) -> int | None:
    """How many units await the asking user's approval; None when approval is not needed."""
    request = context["request"]
    if not approval_needed(request.municipality):
        return None
    return awaiting_approval_count(user=request.user, municipality=request.municipality)
