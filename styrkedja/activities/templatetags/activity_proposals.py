"""The plan page's links to activity proposals, for its include ``activities/_plan_proposal_links.html``."""

from __future__ import annotations

from django import template

from styrkedja.activities.selectors import proposals_awaiting_count
from styrkedja.tenancy.permissions import can_manage_plans, can_propose_activity

register = template.Library()


@register.simple_tag(takes_context=True)
def proposal_links(context, plan) -> dict:
    """What the asking user may do with the plan's proposals: propose (a rapportör), decide (a
    controller or administratör, with the number awaiting a decision), or nothing (a läsare)."""
    user = context["request"].user
    if can_manage_plans(user, plan.municipality):
        return {"decide": True, "awaiting": proposals_awaiting_count(plan=plan, user=user)}
    return {"propose": can_propose_activity(user, plan.municipality)}
