"""The plans of a municipality: the list, a new plan, the plan page with its goal tree, its adoption and
revisions and what they changed, and carry-over."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.followup.assessment import assessment_sentence
from styrkedja.followup.selectors import (
    activity_statuses,
    carry_over_candidates,
    may_report_in,
    period_latest_reported,
    plan_summary,
)
from styrkedja.followup.texts import summary_sentence
from styrkedja.plan_import.selectors import plan_import_of_plan
from styrkedja.plans.forms import (
    NOT_REPORTED,
    CarryOverForm,
    DecisionForm,
    PlanCreateForm,
    PlanFilterForm,
    RevisionOpenForm,
    VersionsForm,
)
from styrkedja.plans.selectors import (
    NOW,
    plan_decisions,
    plan_list,
    plan_version_snapshot,
    plan_versions,
)
from styrkedja.plans.services import (
    plan_adopt,
    plan_carry_over,
    plan_create,
    plan_revision_close,
    plan_revision_discard,
    plan_revision_open,
)
from styrkedja.plans.versions import plan_diff
from styrkedja.tenancy.permissions import can_manage_plans
from styrkedja.tenancy.selectors import unit_tree, unit_with_descendants
from styrkedja.web.access import manager_required, member_required
from styrkedja.web.forms import posted
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
            "whole_summary": whole,  # the assignments are not filtered by the activities' filters
            "sentence": summary_sentence(whole),
            "assessments": assessment_sentence(whole.assessments) if period else "",
            "by_goal": by_goal,
            "special": by_goal.get(None, []),
            "filtered": filtered,
            "may_manage": can_manage_plans(request.user, request.municipality),
            "may_report": may_report_in(user=request.user, plan=plan),
            "decisions": plan_decisions(plan=plan),
            "source_import": plan_import_of_plan(plan=plan),
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


@manager_required
def plan_create_view(request):
    """A new, empty plan (a draft) of one of the municipality's boards."""
    form = PlanCreateForm(
        posted(request), initial={"year": timezone.localdate().year + 1}, municipality=request.municipality
    )
    if form.is_valid():
        try:
            plan = plan_create(municipality=request.municipality, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(title)s är skapad som utkast.") % {"title": plan.title})
            return redirect("plans:detail", plan.board.slug, plan.year)
    return render(request, "plans/plan_create.html", {"form": form})


def _decision_page(request, plan, *, title: str, form, refusal: str | None, decisions):
    return render(
        request,
        "plans/decision_form.html",
        {"plan": plan, "title": title, "form": form, "refusal": refusal, "decisions": decisions},
    )


@manager_required
def plan_adopt_view(request, board: str, year: int):
    """Adopt a draft: who decided, when, the paragraph. The plan's content is kept as decided."""
    plan = plan_or_404(request, board, year)
    decisions = plan_decisions(plan=plan)
    refusal = _("Planen är redan beslutad. Ändringar görs genom en revision.") if decisions else None
    form = DecisionForm(posted(request) if refusal is None else None)
    if form.is_valid():
        try:
            decision = plan_adopt(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Planen är beslutad: %(decision)s.") % {"decision": decision.citation}
            )
            return redirect("plans:detail", plan.board.slug, plan.year)
    return _decision_page(
        request, plan, title=_("Besluta planen"), form=form, refusal=refusal, decisions=decisions
    )


@manager_required
def plan_revision_open_view(request, board: str, year: int):
    """Begin a revision of an adopted plan, with its reason."""
    plan = plan_or_404(request, board, year)
    decisions = plan_decisions(plan=plan)
    latest = decisions[-1] if decisions else None
    if latest is None:
        refusal = _("Planen är ett utkast: den ändras utan revision. Besluta den först.")
    elif latest.is_open:
        refusal = _("Revision %(n)s är redan påbörjad.") % {"n": latest.number}
    else:
        refusal = None
    form = RevisionOpenForm(posted(request) if refusal is None else None)
    if form.is_valid():
        try:
            decision = plan_revision_open(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Revision %(n)s är påbörjad: planen kan nu ändras. "
                    "Besluta revisionen när ändringarna är klara."
                )
                % {"n": decision.number},
            )
            return redirect("plans:detail", plan.board.slug, plan.year)
    return _decision_page(
        request, plan, title=_("Påbörja revision"), form=form, refusal=refusal, decisions=decisions
    )


@manager_required
def plan_revision_close_view(request, board: str, year: int):
    """Decide the open revision: who, when, the paragraph."""
    plan = plan_or_404(request, board, year)
    decisions = plan_decisions(plan=plan)
    latest = decisions[-1] if decisions else None
    refusal = (
        _("Det finns ingen påbörjad revision av planen.") if latest is None or not latest.is_open else None
    )
    form = DecisionForm(posted(request) if refusal is None else None)
    if form.is_valid():
        try:
            decision = plan_revision_close(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Revision %(n)s är beslutad: %(decision)s.")
                % {"n": decision.number, "decision": decision.citation},
            )
            return redirect("plans:detail", plan.board.slug, plan.year)
    return _decision_page(
        request, plan, title=_("Besluta revisionen"), form=form, refusal=refusal, decisions=decisions
    )


@manager_required
@require_POST
def plan_revision_discard_view(request, board: str, year: int):
    """Drop an open revision in which nothing has been changed."""
    plan = plan_or_404(request, board, year)
    try:
        plan_revision_discard(plan=plan, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Revisionen är avbruten. Planen gäller som den senast beslutades."))
    return redirect("plans:detail", plan.board.slug, plan.year)


@member_required
def plan_changes(request, board: str, year: int):
    """What changed in the plan between two versions: by default since its adoption until now."""
    plan = plan_or_404(request, board, year)
    decisions = plan_decisions(plan=plan)
    versions = plan_versions(plan=plan, decisions=decisions)
    codes = [version.code for version in versions]
    form = VersionsForm(request.GET or None, versions=versions)
    before_code, after_code = (codes[0], NOW) if len(codes) > 1 else (NOW, NOW)
    if form.is_bound and form.is_valid():
        before_code = form.cleaned_data["before"] or before_code
        after_code = form.cleaned_data["after"] or after_code
    if not form.is_bound:
        form = VersionsForm({"before": before_code, "after": after_code}, versions=versions)
    kinds = []
    if len(codes) > 1 and before_code != after_code:
        kinds = plan_diff(
            plan_version_snapshot(plan=plan, code=before_code),
            plan_version_snapshot(plan=plan, code=after_code),
        )
    labels = {version.code: version.label for version in versions}
    return render(
        request,
        "plans/plan_changes.html",
        {
            "plan": plan,
            "form": form,
            "decisions": decisions,
            "comparable": len(codes) > 1,
            "before_label": labels[before_code],
            "after_label": labels[after_code],
            "same": before_code == after_code,
            "kinds": kinds,
        },
    )
