"""The activity page: its data, its status and comment at every period side by side, its history."""

from __future__ import annotations

from django.shortcuts import render

from styrkedja.audit.history import history_for
from styrkedja.followup.selectors import activity_report_current
from styrkedja.tenancy.permissions import can_manage_plans, can_report_activity
from styrkedja.web.access import member_required
from styrkedja.web.lookups import activity_or_404


@member_required
def activity_detail(request, pk: int):
    activity = activity_or_404(request, pk)
    may_report = can_report_activity(request.user, activity)
    reported = set(activity.reports.values_list("period_id", flat=True))
    periods = [
        {
            "period": period,
            "report": activity_report_current(activity=activity, period=period),
            "may_report": may_report and period.is_open,
        }
        for period in activity.plan.periods.all()
        if period.is_tertial or period.pk in reported
    ]
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "plan": activity.plan,
            "periods": periods,
            "collaborators": activity.collaborators.select_related("unit", "partner"),
            "co_responsible": activity.co_responsible_units.all(),
            "carried_over_to": activity.carried_over_to.select_related("plan"),
            "history": history_for(municipality=request.municipality, obj=activity),
            "may_edit": can_manage_plans(request.user, request.municipality),
        },
    )
