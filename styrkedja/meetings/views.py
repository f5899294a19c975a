"""The plan's year wheel (årshjul): its meetings and the budget process, month by month."""

from __future__ import annotations

from django.shortcuts import render

from styrkedja.meetings.selectors import year_wheel
from styrkedja.meetings.wheel import wheel_drawing
from styrkedja.web.access import member_required
from styrkedja.web.lookups import plan_or_404


@member_required
def calendar_view(request, board: str, year: int):
    plan = plan_or_404(request, board, year)
    wheel = year_wheel(plan=plan)
    return render(
        request,
        "meetings/calendar.html",
        {"plan": plan, "wheel": wheel, "drawing": wheel_drawing(wheel), "section": "calendar"},
    )
