"""The assignments (uppdrag) from the council to the board, as one page of the plan."""

from __future__ import annotations

from django.shortcuts import render

from styrkedja.assignments.selectors import assignment_list
from styrkedja.web.access import member_required
from styrkedja.web.lookups import plan_or_404


@member_required
def assignment_list_view(request, board: str, year: int):
    plan = plan_or_404(request, board, year)
    return render(
        request,
        "assignments/assignment_list.html",
        {"plan": plan, "assignments": list(assignment_list(plan=plan)), "section": "assignments"},
    )
