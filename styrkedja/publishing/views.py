"""The controller's page for publishing a plan and its follow-ups, and withdrawing them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.publishing.forms import PublishForm, WithdrawForm
from styrkedja.publishing.selectors import plan_publications, publications_public
from styrkedja.publishing.services import publication_publish, publication_refusal, publication_withdraw
from styrkedja.web.access import manager_required
from styrkedja.web.lookups import period_or_404, plan_or_404


def _editions(plan, publications, public_ids):
    """The plan and each period as a row: whether it may be published and what is public now."""
    rows = []
    for period in [None, *plan.periods.all()]:
        own = [p for p in publications if p.period_id == (period.pk if period else None)]
        rows.append(
            {
                "period": period,
                "name": period.name if period else _("Planen"),
                "refusal": publication_refusal(plan=plan, period=period),
                "public": next((p for p in own if p.pk in public_ids), None),
                "count": len(own),
            }
        )
    return rows


@manager_required
def publication_list(request, board: str, year: int, *, withdraw_form=None, withdraw_id=None, status=200):
    plan = plan_or_404(request, board, year)
    publications = plan_publications(plan=plan)
    public_ids = {
        p.pk for p in publications_public(municipality=request.municipality) if p.plan_id == plan.pk
    }
    return render(
        request,
        "publishing/publication_list.html",
        {
            "plan": plan,
            "editions": _editions(plan, publications, public_ids),
            "publications": publications,
            "public_ids": public_ids,
            "withdraw_form": withdraw_form,
            "withdraw_id": withdraw_id,
        },
        status=status,
    )


@require_POST
@manager_required
def publication_publish_view(request, board: str, year: int):
    plan = plan_or_404(request, board, year)
    form = PublishForm(request.POST)
    if not form.is_valid():
        raise Http404(_("Okänd period."))
    code = form.cleaned_data["period"]
    period = period_or_404(plan, code) if code else None
    try:
        publication_publish(plan=plan, period=period, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s är publicerad och syns nu för alla.")
            % {"name": period.name if period else plan.title},
        )
    return redirect("publishing:list", board, year)


@require_POST
@manager_required
def publication_withdraw_view(request, board: str, year: int, pk: int):
    plan = plan_or_404(request, board, year)
    publication = next((p for p in plan_publications(plan=plan) if p.pk == pk), None)
    if publication is None:
        raise Http404(_("Ingen sådan publicering."))
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            publication_withdraw(
                publication=publication, reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Publiceringen är återkallad och syns inte längre."))
        return redirect("publishing:list", board, year)
    return publication_list(request, board, year, withdraw_form=form, withdraw_id=pk, status=422)
