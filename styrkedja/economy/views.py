"""The plan's economy: the sectors' frames and line budgets and the investment plan, checked."""

from __future__ import annotations

from django.shortcuts import render

from styrkedja.economy.selectors import economy_overview
from styrkedja.web.access import member_required
from styrkedja.web.lookups import plan_or_404


@member_required
def economy_overview_view(request, board: str, year: int):
    """Every member reads it; a printed sum that its lines do not give is marked where it stands."""
    plan = plan_or_404(request, board, year)
    overview = economy_overview(plan=plan)
    return render(
        request,
        "economy/overview.html",
        {"plan": plan, "overview": overview, "check": overview.check, "section": "economy"},
    )
