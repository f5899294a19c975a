"""The activity page: its data, its status and comment at every period side by side, its history.
And proposals of new activities: a rapportör proposes, a controller accepts or declines."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.activities.choices import ProposalState
from styrkedja.activities.forms import ActivityProposalForm, DeclineForm
from styrkedja.activities.models import ActivityProposal
from styrkedja.activities.selectors import proposal_rows
from styrkedja.activities.services import (
    activity_proposal_accept,
    activity_proposal_decline,
    activity_propose,
)
from styrkedja.audit.history import history_for
from styrkedja.followup.selectors import activity_report_current
from styrkedja.plans.selectors import plan_edit_refusal
from styrkedja.tenancy.permissions import (
    can_manage_plans,
    can_propose_activity,
    can_report_activity,
    reporting_units,
)
from styrkedja.web.access import manager_required, member_required
from styrkedja.web.forms import add_service_errors
from styrkedja.web.lookups import activity_or_404, plan_or_404


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


# Proposals of new activities


def _proposal_or_404(request, pk: int) -> ActivityProposal:
    try:
        return ActivityProposal.objects.select_related("plan__board", "plan__municipality").get(
            pk=pk, plan__municipality=request.municipality
        )
    except ActivityProposal.DoesNotExist:
        raise Http404("Förslaget finns inte.") from None


def _proposal_units(request):
    units = request.municipality.units.order_by("order", "name")
    if can_manage_plans(request.user, request.municipality):
        return units
    return units.filter(pk__in=reporting_units(request.user))


@member_required
def proposal_create(request, board: str, year: int):
    """A rapportör proposes a new activity for one of the own units; the plan is unchanged until a
    controller accepts it."""
    plan = plan_or_404(request, board, year)
    if not can_propose_activity(request.user, request.municipality):
        raise PermissionDenied(
            _("Bara kommunens rapportörer, controller och administratör får föreslå aktiviteter.")
        )
    form = ActivityProposalForm(
        request.POST if request.method == "POST" else None, plan=plan, units=_proposal_units(request)
    )
    if form.is_valid():
        try:
            proposal = activity_propose(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Förslaget ”%(title)s” är skickat. Controllern godkänner eller avslår det.")
                % {"title": proposal.title[:80]},
            )
            return redirect("activities:proposals", plan.board.slug, plan.year)
    return render(request, "activities/proposal_form.html", {"plan": plan, "form": form})


def _proposal_list(request, plan, *, failed: int | None = None, decline_form=None, error=None, status=200):
    may_decide = can_manage_plans(request.user, request.municipality)
    rows = []
    for proposal in proposal_rows(plan=plan, user=request.user):
        awaiting = proposal.state == ProposalState.PROPOSED
        form = None
        if may_decide and awaiting:
            form = decline_form if proposal.pk == failed and decline_form is not None else DeclineForm()
            form.auto_id = f"id_p{proposal.pk}_%s"
        rows.append(
            {
                "proposal": proposal,
                "awaiting": awaiting,
                "decline_form": form,
                "error": error if proposal.pk == failed else None,
            }
        )
    return render(
        request,
        "activities/proposal_list.html",
        {
            "plan": plan,
            "rows": rows,
            "may_decide": may_decide,
            "edit_refusal": plan_edit_refusal(plan=plan) if may_decide else None,
        },
        status=status,
    )


@member_required
def proposal_list(request, board: str, year: int):
    """The plan's proposals: a controller sees all of them and decides, a rapportör sees the own units'."""
    plan = plan_or_404(request, board, year)
    if not can_propose_activity(request.user, request.municipality):
        raise PermissionDenied(
            _("Förslagen till nya aktiviteter visas för rapportörer, controller och administratör.")
        )
    return _proposal_list(request, plan)


@manager_required
@require_POST
def proposal_accept(request, pk: int):
    proposal = _proposal_or_404(request, pk)
    plan = proposal.plan
    try:
        activity = activity_proposal_accept(proposal=proposal, user=request.user)
    except ValidationError as error:
        return _proposal_list(request, plan, failed=proposal.pk, error=" ".join(error.messages), status=409)
    messages.success(
        request,
        _("Förslaget är godkänt: aktiviteten ”%(title)s” finns nu i planen.")
        % {"title": activity.title[:80]},
    )
    return redirect("activities:proposals", plan.board.slug, plan.year)


@manager_required
@require_POST
def proposal_decline(request, pk: int):
    proposal = _proposal_or_404(request, pk)
    plan = proposal.plan
    form = DeclineForm(request.POST, auto_id=f"id_p{proposal.pk}_%s")
    if form.is_valid():
        try:
            activity_proposal_decline(
                proposal=proposal, user=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Förslaget ”%(title)s” är avslaget.") % {"title": proposal.title[:80]}
            )
            return redirect("activities:proposals", plan.board.slug, plan.year)
    error = " ".join(str(message) for message in form.non_field_errors()) or None
    return _proposal_list(request, plan, failed=proposal.pk, decline_form=form, error=error, status=422)
