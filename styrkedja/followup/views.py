"""The follow-up workflow: what to report, reporting in place, and the periods a controller runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from styrkedja.assignments.forms import AssignmentReportForm
from styrkedja.assignments.selectors import (
    assignment_report_current,
    assignment_reports_current,
    assignment_reports_previous,
    assignment_status_labels,
    reportable_assignments,
)
from styrkedja.assignments.services import REPORT_FIELDS, assignment_report_set
from styrkedja.audit.history import history_for
from styrkedja.followup.assessment import (
    assessment_rules,
    assessment_steps,
    goal_assessment_proposals,
    rules_of,
)
from styrkedja.followup.forms import (
    ActivityReportForm,
    AssessmentRulesForm,
    AssessmentScaleForm,
    GoalReportForm,
    PeriodOpenForm,
    PeriodReopenForm,
)
from styrkedja.followup.models import AssessmentRules
from styrkedja.followup.selectors import (
    activity_report_current,
    activity_reports_current,
    activity_reports_previous,
    goal_report_current,
    goal_reports_current,
    goal_reports_previous,
    may_report_in,
    period_missing_reports,
    period_progress,
    reportable_activities,
    reportable_goals,
    reporting_todo,
)
from styrkedja.followup.services import (
    PeriodClosed,
    PeriodNotOpen,
    ReportConflict,
    activity_report_set,
    assessment_rules_clear,
    assessment_rules_set,
    assessment_scale_set,
    goal_report_set,
    period_close,
    period_open,
    period_reopen,
)
from styrkedja.goals.selectors import goals_in_tree_order
from styrkedja.reminders.selectors import reminders_of_period
from styrkedja.surveys.forms import SurveyReportForm
from styrkedja.surveys.selectors import (
    reportable_surveys,
    survey_report_current,
    survey_reports_current,
    survey_reports_previous,
    survey_results_at,
)
from styrkedja.surveys.services import survey_report_set
from styrkedja.tenancy.permissions import (
    can_manage_plans,
    can_report_activity,
    can_report_assignment,
    can_report_goal,
    can_report_survey,
)
from styrkedja.web.access import administrator_required, manager_required, member_required
from styrkedja.web.forms import add_service_errors, posted
from styrkedja.web.lookups import (
    activity_or_404,
    assignment_or_404,
    goal_or_404,
    period_or_404,
    plan_or_404,
    survey_or_404,
)


@member_required
def start(request):
    todo = reporting_todo(user=request.user, municipality=request.municipality)
    return render(request, "followup/start.html", {"todo": todo})


REPORT_TEMPLATE = "followup/_report.html"


@dataclass(frozen=True)
class ReportKind:
    """What differs between reporting an activity and a goal; the workflow is one and the same."""

    name: str  # the object's name in templates and in the service's arguments
    heading: str  # the template that names the object above its report
    form_class: type
    fields: tuple[str, ...]  # what the writer sets
    from_previous: tuple[str, ...]  # what a new report starts from: the previous period's value
    may_report: Callable
    save: Callable
    current: Callable  # (obj, period): its newest report
    current_all: Callable  # (objects, period): the newest report of each, in one query
    previous: Callable  # (objects, period): the newest report of each before the period
    detail_url: str
    denied: str
    # What a page of reports needs for all its objects, read once: (objects, period) -> dict.
    shared: Callable = lambda objects, period: {}
    extra: Callable = lambda obj, shared: {}  # more for the template, e.g. a goal's proposed assessment
    form_kwargs: Callable = lambda obj, shared: {}  # e.g. the municipality's assessment scale
    detail_args: Callable = lambda obj: [obj.pk]  # of ``detail_url``
    letter: str = ""  # of the form's prefix, where the name's first letter is another kind's
    more_values: Callable = lambda form: {}  # what the service takes beside ``fields``: a survey's results

    def prefix(self, obj) -> str:
        return f"{self.letter or self.name[0]}{obj.pk}"


ACTIVITY = ReportKind(
    name="activity",
    heading="followup/_activity_heading.html",
    form_class=ActivityReportForm,
    fields=("status", "comment"),
    from_previous=("status",),
    may_report=can_report_activity,
    save=activity_report_set,
    current=lambda activity, period: activity_report_current(activity=activity, period=period),
    current_all=lambda activities, period: activity_reports_current(period=period, activities=activities),
    previous=lambda activities, period: activity_reports_previous(period=period, activities=activities),
    detail_url="activities:detail",
    denied=gettext_lazy("Du får inte rapportera för den här aktiviteten."),
)
GOAL = ReportKind(
    name="goal",
    heading="followup/_goal_heading.html",
    form_class=GoalReportForm,
    fields=("comment", "assessment", "reason", "actions"),
    from_previous=(),
    may_report=can_report_goal,
    save=goal_report_set,
    current=lambda goal, period: goal_report_current(goal=goal, period=period),
    current_all=lambda goals, period: goal_reports_current(period=period, goals=goals),
    previous=lambda goals, period: goal_reports_previous(period=period, goals=goals),
    detail_url="goals:detail",
    denied=gettext_lazy("Du får inte rapportera för det här målet."),
    shared=lambda goals, period: _goals_shared(goals, period),
    extra=lambda goal, shared: {"proposal": shared["proposals"][goal.pk]},
    form_kwargs=lambda goal, shared: {"scale": shared["scale"]},
)

ASSIGNMENT = ReportKind(
    name="assignment",
    heading="assignments/_report_heading.html",
    form_class=AssignmentReportForm,
    fields=REPORT_FIELDS,
    from_previous=("status",),
    may_report=can_report_assignment,
    save=assignment_report_set,
    current=lambda assignment, period: _labelled_one(
        assignment_report_current(assignment=assignment, period=period), period
    ),
    current_all=lambda assignments, period: assignment_reports_current(
        period=period, assignments=assignments
    ),
    previous=lambda assignments, period: assignment_reports_previous(period=period, assignments=assignments),
    detail_url="assignments:list",
    detail_args=lambda assignment: [assignment.plan.board.slug, assignment.plan.year],
    denied=gettext_lazy("Du får inte rapportera för det här uppdraget."),
    shared=lambda assignments, period: {
        "labels": assignment_status_labels(municipality_id=period.plan.municipality_id)
    },
    form_kwargs=lambda assignment, shared: {"labels": shared["labels"]},
    letter="u",
)

SURVEY = ReportKind(
    name="survey",
    heading="surveys/_report_heading.html",
    form_class=SurveyReportForm,
    fields=("status", "comment"),
    from_previous=("status",),
    may_report=can_report_survey,
    save=survey_report_set,
    current=lambda survey, period: survey_report_current(survey=survey, period=period),
    current_all=lambda surveys, period: survey_reports_current(period=period, surveys=surveys),
    previous=lambda surveys, period: survey_reports_previous(period=period, surveys=surveys),
    detail_url="surveys:list",
    detail_args=lambda survey: [survey.plan.board.slug, survey.plan.year],
    denied=gettext_lazy("Du får inte rapportera för den här undersökningen."),
    shared=lambda surveys, period: {"results": survey_results_at(period=period, surveys=surveys)},
    form_kwargs=lambda survey, shared: {"results": shared["results"].get(survey.pk, [])},
    more_values=lambda form: {"results": form.cleaned_data["results"]},
)


def _labelled_one(report, period):
    """A single report with the status in the municipality's words (the page's reads label many)."""
    if report is not None:
        report.status_labels = assignment_status_labels(municipality_id=period.plan.municipality_id)
    return report


def _goals_shared(goals: list, period) -> dict:
    if not goals:
        return {}
    steps = assessment_steps(municipality_id=goals[0].municipality_id)
    scale = [(step.key, step.label) for step in steps]
    return {
        "scale": [(step.key, step.text) for step in steps],  # the choices show the symbols
        "proposals": goal_assessment_proposals(goals=goals, period=period, scale=scale),
    }


@member_required
def report_page(request, board: str, year: int, code: str):
    """Every activity and goal the user may report at one period, each saved in place."""
    plan = plan_or_404(request, board, year)
    period = period_or_404(plan, code)
    only_missing = request.GET.get("saknas") == "1"
    sections = {}
    for kind, objects in (
        (ACTIVITY, list(reportable_activities(user=request.user, plan=plan))),
        (GOAL, goals_in_tree_order(list(reportable_goals(user=request.user, plan=plan)))),
        (ASSIGNMENT, list(reportable_assignments(user=request.user, plan=plan))),
        (SURVEY, list(reportable_surveys(user=request.user, plan=plan))),
    ):
        reports = kind.current_all(objects, period)
        previous = kind.previous(objects, period)
        shared = kind.shared(objects, period)
        sections[kind.name] = [
            _context(request, kind, obj, period, reports.get(obj.pk), previous.get(obj.pk), shared)
            for obj in objects
            if not (only_missing and obj.pk in reports)
        ]
    return render(
        request,
        "followup/report_page.html",
        {
            "plan": plan,
            "period": period,
            "activity_items": sections["activity"],
            "goal_items": sections["goal"],
            "assignment_items": sections["assignment"],
            "survey_items": sections["survey"],
            "only_missing": only_missing,
        },
    )


def _context(
    request, kind: ReportKind, obj, period, current, previous, shared: dict, form=None, **extra
) -> dict:
    """What a report's template shows: the report, the one before it, and the form if one may write."""
    may_edit = period.is_open and kind.may_report(request.user, obj)
    if form is None and may_edit:
        if current:
            initial = {name: getattr(current, name) for name in kind.fields}
        else:
            initial = {name: getattr(previous, name) for name in kind.from_previous if previous}
        form = kind.form_class(
            prefix=kind.prefix(obj),
            initial={**initial, "based_on": current and current.pk},
            **kind.form_kwargs(obj, shared),
        )
    return {
        kind.name: obj,
        "period": period,
        "current": current,
        "previous": previous,
        "form": form,
        "may_edit": may_edit,
        "heading": kind.heading,
        "anchor": f"{kind.name}-{obj.pk}-{period.code}",
        "action": reverse(f"followup:{kind.name}_report", args=[obj.pk, period.code]),
        **(kind.extra(obj, shared) if may_edit else {}),
        **extra,
    }


def _respond(request, item: dict, *, status: int = 200, saved_url: str | None = None, saved: str = ""):
    """htmx swaps the form in place; a plain form post gets the page back, or a redirect once saved."""
    if request.htmx:
        return render(request, REPORT_TEMPLATE, item, status=status)
    if saved_url is not None:
        messages.success(request, saved)
        return redirect(saved_url)
    return render(request, "followup/report_single.html", item, status=status)


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _report(request, kind: ReportKind, obj, period):
    """GET: the report form of one object at one period; POST: save it (in place with htmx).

    Nothing is overwritten silently: a report saved by someone else since the form was opened
    gives 409 with both texts; a closed or unopened period gives 409 with the reason.
    """
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    previous = kind.previous([obj], period).get(obj.pk)
    shared = kind.shared([obj], period)
    if request.method == "GET":
        current = kind.current(obj, period)
        return _respond(request, _context(request, kind, obj, period, current, previous, shared))
    if not kind.may_report(request.user, obj):
        raise PermissionDenied(kind.denied)
    form = kind.form_class(request.POST, prefix=kind.prefix(obj), **kind.form_kwargs(obj, shared))
    if not form.is_valid():
        item = _context(request, kind, obj, period, kind.current(obj, period), previous, shared, form)
        return _respond(request, item, status=422)
    values = {name: form.cleaned_data[name] for name in kind.fields}
    values["comment"] = values["comment"].strip()
    values.update(kind.more_values(form))
    try:
        report = kind.save(
            **{kind.name: obj},
            period=period,
            user=request.user,
            based_on=form.cleaned_data["based_on"],
            **values,
        )
    except ReportConflict as conflict:
        # Saving again from here is a deliberate choice to replace the report the writer has now seen.
        data = form.data.copy()
        data[form.add_prefix("based_on")] = str(conflict.current.pk) if conflict.current else ""
        rebound = kind.form_class(data, prefix=form.prefix, **kind.form_kwargs(obj, shared))
        rebound.is_valid()
        item = _context(
            request, kind, obj, period, conflict.current, previous, shared, rebound,
            conflict=conflict, yours=values,
        )  # fmt: skip
        return _respond(request, item, status=409)
    except (PeriodClosed, PeriodNotOpen) as error:
        period.refresh_from_db()
        item = _context(
            request, kind, obj, period, kind.current(obj, period), previous, shared, refused=error.messages[0]
        )
        return _respond(request, item, status=409)
    except ValidationError as error:  # a rule of the service, e.g. a reason the assessment needs
        form.add_error(None, error)
        item = _context(request, kind, obj, period, kind.current(obj, period), previous, shared, form)
        return _respond(request, item, status=422)
    shared = kind.shared([obj], period)  # as saved: a survey's results are read back
    item = _context(request, kind, obj, period, report, previous, shared, saved=True)
    saved = _("Rapporten för ”%(title)s” är sparad.") % {"title": str(obj)[:80]}
    fallback = reverse(kind.detail_url, args=kind.detail_args(obj))
    return _respond(request, item, saved_url=_next_url(request, fallback), saved=saved)


@member_required
def activity_report(request, pk: int, code: str):
    activity = activity_or_404(request, pk)
    return _report(request, ACTIVITY, activity, period_or_404(activity.plan, code))


@member_required
def goal_report(request, pk: int, code: str):
    goal = goal_or_404(request, pk)
    return _report(request, GOAL, goal, period_or_404(goal.plan, code))


@member_required
def assignment_report(request, pk: int, code: str):
    assignment = assignment_or_404(request, pk)
    return _report(request, ASSIGNMENT, assignment, period_or_404(assignment.plan, code))


@member_required
def survey_report(request, pk: int, code: str):
    survey = survey_or_404(request, pk)
    return _report(request, SURVEY, survey, period_or_404(survey.plan, code))


# Periods -----------------------------------------------------------------------------------------


@member_required
def period_list(request, board: str, year: int):
    plan = plan_or_404(request, board, year)
    return render(
        request,
        "followup/period_list.html",
        {
            "plan": plan,
            "progress": period_progress(plan=plan),
            "may_manage": can_manage_plans(request.user, request.municipality),
            "open_form": PeriodOpenForm(),
        },
    )


@member_required
def period_detail(request, board: str, year: int, code: str):
    """Who has not reported yet, and the period's actions for a controller."""
    plan = plan_or_404(request, board, year)
    period = period_or_404(plan, code)
    may_manage = can_manage_plans(request.user, request.municipality)
    return render(
        request,
        "followup/period_detail.html",
        {
            "plan": plan,
            "period": period,
            "missing": period_missing_reports(period=period),
            "may_manage": may_manage,
            "reminders": reminders_of_period(period=period) if may_manage else None,
            "may_report": may_report_in(user=request.user, plan=plan),
            "open_form": PeriodOpenForm(initial={"due_on": period.due_on}),
            "reopen_form": PeriodReopenForm(),
            "history": history_for(municipality=request.municipality, obj=period),
        },
    )


def _form_error(form) -> str:
    """The first of a small form's errors, with its field's name, for a message above the page it
    returns to."""
    name, errors = next(iter(form.errors.items()))
    label = form.fields[name].label if name in form.fields else ""
    return f"{label}: {errors[0]}" if label else errors[0]


def _period_and_page(request, board: str, year: int, code: str):
    """The period a controller acts on, and its page to return to."""
    period = period_or_404(plan_or_404(request, board, year), code)
    return period, reverse("followup:period_detail", args=[board, year, period.code])


@manager_required
@require_POST
def period_open_view(request, board: str, year: int, code: str):
    period, target = _period_and_page(request, board, year, code)
    form = PeriodOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return redirect(target)
    try:
        period_open(period=period, due_on=form.cleaned_data["due_on"], user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Perioden %(name)s är öppnad för rapportering.") % {"name": period.name})
    return redirect(target)


@manager_required
@require_POST
def period_close_view(request, board: str, year: int, code: str):
    """Closing is asked first, naming what is missing; only the confirmed form closes."""
    period, target = _period_and_page(request, board, year, code)
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "followup/period_close_confirm.html",
            {"plan": period.plan, "period": period, "missing": period_missing_reports(period=period)},
        )
    try:
        period_close(period=period, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Perioden %(name)s är stängd. Rapporterna kan inte längre ändras.") % {"name": period.name},
        )
    return redirect(target)


@manager_required
@require_POST
def period_reopen_view(request, board: str, year: int, code: str):
    period, target = _period_and_page(request, board, year, code)
    form = PeriodReopenForm(request.POST)
    if not form.is_valid():
        if "reason" in form.errors and not request.POST.get("reason", "").strip():
            messages.error(request, _("Ange ett skäl till att perioden öppnas igen."))
        else:
            messages.error(request, _form_error(form))
        return redirect(target)
    try:
        period_reopen(
            period=period,
            reason=form.cleaned_data["reason"],
            due_on=form.cleaned_data["due_on"],
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Perioden %(name)s är öppen igen.") % {"name": period.name})
    return redirect(target)


# The municipality's scale and rules of assessment -------------------------------------------------


@administrator_required
def assessment_scale_view(request):
    """The steps a goal is assessed on, in the municipality's words and symbols."""
    steps = assessment_steps(municipality_id=request.municipality.pk)
    form = AssessmentScaleForm(posted(request), steps=steps)
    if form.is_valid():
        try:
            assessment_scale_set(municipality=request.municipality, steps=form.steps(), user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Bedömningsskalan är sparad."))
            return redirect("followup:assessment_scale")
    return render(
        request, "followup/assessment_scale.html", {"form": form, "steps": steps, "section": "assessment"}
    )


@administrator_required
def assessment_rules_view(request, board: str | None = None, year: int | None = None):
    """What the summary counts and how the proposal is drawn: the municipality's rules, or with
    a plan in the URL that plan's own (where it differs from the municipality's)."""
    plan = plan_or_404(request, board, year) if board else None
    own = (
        AssessmentRules.objects.filter(municipality=request.municipality, plan=plan)
        .prefetch_related("counted_levels")
        .first()
    )
    # The page's own row when there is one; a plan without one shows the municipality's it follows.
    rules = rules_of(own) if own is not None or plan is None else assessment_rules(plan=plan)
    levels = request.municipality.goal_levels.order_by("depth")
    initial = {
        "counted_levels": [level for level in levels if level.pk in rules.counted_level_ids],
        "goal_noun": rules.goal_noun,
        "show_activity_sentence": rules.show_activity_sentence,
        "proposal_rule": rules.proposal_rule,
        "partly_threshold": rules.partly_threshold,
    }
    form = AssessmentRulesForm(posted(request), initial=initial, levels=levels)
    here = reverse("followup:plan_assessment_rules", args=[board, year]) if plan else None
    if plan and request.method == "POST" and request.POST.get("action") == "clear":
        assessment_rules_clear(municipality=request.municipality, plan=plan, user=request.user)
        messages.success(request, _("Planen följer nu kommunens regler."))
        return redirect(here)
    if form.is_valid():
        try:
            assessment_rules_set(
                municipality=request.municipality, plan=plan, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Reglerna för målbedömningen är sparade."))
            return redirect(here or reverse("followup:assessment_rules"))
    return render(
        request,
        "followup/assessment_rules.html",
        {"form": form, "plan": plan, "has_own": own is not None, "section": "assessment"},
    )
