"""The plans of a municipality: the list, the plan page with its goal tree, and carry-over."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from styrkedja.followup.assessment import assessment_sentence, goal_assessment_counts
from styrkedja.followup.selectors import (
    activity_statuses,
    carry_over_candidates,
    may_report_in,
    period_latest_reported,
    plan_summary,
)
from styrkedja.followup.texts import summary_sentence
from styrkedja.plans.forms import NOT_REPORTED, CarryOverForm, PlanFilterForm
from styrkedja.plans.selectors import plan_list
from styrkedja.plans.services import plan_carry_over
from styrkedja.tenancy.permissions import can_manage_plans
from styrkedja.tenancy.selectors import unit_tree, unit_with_descendants
from styrkedja.web.access import manager_required, member_required
from styrkedja.web.lookups import plan_or_404


@member_required
def plan_list_view(request):
    plans = plan_list(municipality=request.municipality).prefetch_related("periods")
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "may_manage": can_manage_plans(request.user, request.municipality)},
    )


def _default_period(plan):
    """The period the plan page shows first: the open T-period, else the latest reported."""
    open_tertials = [period for period in plan.periods.all() if period.is_open and period.is_tertial]
    return open_tertials[0] if open_tertials else period_latest_reported(plan=plan)


@member_required
def plan_detail(request, board: str, year: int):
    """The goal tree with counts per status and progress, filtered by unit, status, kind and period."""
    plan = plan_or_404(request, board, year)
    form = PlanFilterForm(request.GET or None, plan=plan, units=unit_tree(municipality=request.municipality))
    periods = list(plan.periods.all())
    code = form.value("period")
    period = next((p for p in periods if p.code == code), None) if code else _default_period(plan)

    statuses = activity_statuses(plan=plan, period=period) if period else {}
    activities = plan.activities.select_related("responsible_unit", "goal").order_by("order", "id")
    if unit := form.value("unit"):
        activities = activities.filter(
            responsible_unit_id__in=unit_with_descendants(
                municipality=request.municipality, unit_id=int(unit)
            )
        )
    if kind := form.value("kind"):
        activities = activities.filter(kind=kind)
    rows = [(activity, statuses.get(activity.pk)) for activity in activities]
    if status := form.value("status"):
        wanted = None if status == NOT_REPORTED else status
        rows = [(activity, current) for activity, current in rows if current == wanted]
    filtered = bool(form.is_bound and any(form.value(name) for name in ("unit", "kind", "status")))

    by_goal: dict[int | None, list] = {}
    for activity, current in rows:
        by_goal.setdefault(activity.goal_id, []).append((activity, current))
    summary = plan_summary(plan=plan, period=period, activity_ids={activity.pk for activity, _s in rows})
    whole = plan_summary(plan=plan, period=period) if filtered else summary
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "form": form,
            "period": period,
            "periods": periods,
            "summary": summary,
            "sentence": summary_sentence(whole),
            "assessments": assessment_sentence(goal_assessment_counts(plan=plan, period=period))
            if period
            else "",
            "by_goal": by_goal,
            "special": by_goal.get(None, []),
            "filtered": filtered,
            "may_manage": can_manage_plans(request.user, request.municipality),
            "may_report": may_report_in(user=request.user, plan=plan),
        },
    )


@manager_required
def plan_carry_over_view(request, board: str, year: int):
    """Create next year's plan from this one, with the chosen unfinished activities."""
    plan = plan_or_404(request, board, year)
    successor = request.municipality.plans.filter(board=plan.board, year=plan.year + 1).first()
    candidates = list(carry_over_candidates(plan=plan))
    statuses = activity_statuses(plan=plan)
    if request.method == "POST" and successor is None:
        form = CarryOverForm(request.POST, candidates=candidates)
        if form.is_valid():
            chosen = [
                activity for activity in candidates if str(activity.pk) in form.cleaned_data["activities"]
            ]
            try:
                new_plan = plan_carry_over(plan=plan, activities=chosen, user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(title)s är skapad med %(n)s överförda aktiviteter.")
                    % {"title": new_plan.title, "n": len(chosen)},
                )
                return redirect("plans:detail", new_plan.board.slug, new_plan.year)
    else:
        form = CarryOverForm(
            initial={"activities": [str(activity.pk) for activity in candidates]}, candidates=candidates
        )
    rows = [(activity, statuses.get(activity.pk)) for activity in candidates]
    return render(
        request,
        "plans/carry_over.html",
        {"plan": plan, "form": form, "rows": rows, "successor": successor, "next_year": plan.year + 1},
    )
