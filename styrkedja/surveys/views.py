"""The user surveys of a plan (brukarundersökningar) with their results."""

from __future__ import annotations

from django.shortcuts import render

from styrkedja.surveys.selectors import survey_list
from styrkedja.web.access import member_required
from styrkedja.web.lookups import plan_or_404


@member_required
def survey_list_view(request, board: str, year: int):
    plan = plan_or_404(request, board, year)
    return render(
        request,
        "surveys/survey_list.html",
        {"plan": plan, "surveys": list(survey_list(plan=plan)), "section": "surveys"},
    )
