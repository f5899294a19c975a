"""The plan's economy: the sectors' frames and line budgets and the investment plan, checked."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.economy.charts import economy_charts
from styrkedja.economy.forms import (
    InvestmentFollowUpForm,
    LedgerCodeForm,
    LedgerUploadForm,
    SectorFollowUpForm,
)
from styrkedja.economy.models import LedgerCode
from styrkedja.economy.selectors import economy_by_month, economy_followup, economy_overview, ledger_codes
from styrkedja.economy.services import (
    investment_outcome_set,
    ledger_code_delete,
    ledger_code_set,
    ledger_import,
    monthly_periods_add,
    sector_followup_save,
)
from styrkedja.followup.services import PeriodClosed, PeriodNotOpen, ReportConflict
from styrkedja.tenancy.permissions import can_manage_plans, can_report_economy
from styrkedja.web.access import manager_required, member_required
from styrkedja.web.forms import add_service_errors
from styrkedja.web.lookups import period_or_404, plan_or_404


@member_required
def economy_overview_view(request, board: str, year: int):
    """Every member reads it; a printed sum that its lines do not give is marked where it stands."""
    plan = plan_or_404(request, board, year)
    overview = economy_overview(plan=plan)
    return render(
        request,
        "economy/overview.html",
        {
            "plan": plan,
            "overview": overview,
            "check": overview.check,
            "periods": list(plan.periods.order_by("ends_on", "code")),
            "section": "economy",
        },
    )


# The economy followed up --------------------------------------------------------------------------


def _sector_items(request, followup, period, bound=None) -> list[dict]:
    """Each sector with its form, where the user may write at an open period."""
    items = []
    for sector in followup.sectors:
        may_edit = period.is_open and can_report_economy(request.user, sector.sector_budget)
        form = None
        if may_edit:
            form = (
                bound if bound is not None and bound.sector is sector else SectorFollowUpForm(sector=sector)
            )
        items.append({"sector": sector, "form": form})
    return items


def _followup_page(request, plan, period, *, bound=None, investment_form=None, status=200, **extra):
    followup = bound.followup if bound is not None and hasattr(bound, "followup") else None
    followup = followup or economy_followup(plan=plan, period=period)
    may_manage = can_manage_plans(request.user, request.municipality)
    if investment_form is None and may_manage and period.is_open and followup.investments:
        investment_form = InvestmentFollowUpForm(rows=followup.investments)
    return render(
        request,
        "economy/followup.html",
        {
            "plan": plan,
            "period": period,
            "followup": followup,
            "items": _sector_items(request, followup, period, bound),
            "investment_form": investment_form,
            "may_manage": may_manage,
            "upload_form": LedgerUploadForm() if may_manage and period.is_open else None,
            "charts": economy_charts(followup=followup, months=economy_by_month(plan=plan)),
            "section": "economy",
            **extra,
        },
        status=status,
    )


@member_required
def economy_followup_view(request, board: str, year: int, code: str):
    """The economy at a period: per sector its lines' budget, outcome, forecast and deviation, the
    sector's comment and the investments. Who may report a sector enters all its lines in one form."""
    plan = plan_or_404(request, board, year)
    period = period_or_404(plan, code)
    if request.method == "GET":
        return _followup_page(request, plan, period)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    followup = economy_followup(plan=plan, period=period)
    if request.POST.get("part") == "investments":
        return _save_investments(request, plan, period, followup)
    sector = next(
        (s for s in followup.sectors if str(s.sector_budget.pk) == request.POST.get("sector")), None
    )
    if sector is None:
        if can_manage_plans(request.user, request.municipality):
            raise Http404(_("Sektorn finns inte i planens budget."))
        raise PermissionDenied(_("Du får inte rapportera ekonomin för den här sektorn."))
    if not can_report_economy(request.user, sector.sector_budget):
        raise PermissionDenied(_("Du får inte rapportera ekonomin för den här sektorn."))
    form = SectorFollowUpForm(request.POST, sector=sector)
    form.followup = followup
    if not form.is_valid():
        return _followup_page(request, plan, period, bound=form, status=422)
    try:
        sector_followup_save(
            sector_budget=sector.sector_budget,
            period=period,
            lines=form.inputs(),
            comment=form.cleaned_data["comment"].strip(),
            comment_based_on=form.cleaned_data["comment_based_on"],
            user=request.user,
        )
    except ReportConflict as conflict:
        # Saving again from here is a deliberate choice to replace what the writer has now seen.
        fresh = economy_followup(plan=plan, period=period)
        now = next(s for s in fresh.sectors if s.sector_budget.pk == sector.sector_budget.pk)
        data = request.POST.copy()
        for row in now.lines:
            data[f"l{row.line.pk}-based_on"] = str(row.current.pk) if row.current else ""
        data["comment_based_on"] = str(now.current.pk) if now.current else ""
        rebound = SectorFollowUpForm(data, sector=now)
        rebound.is_valid()
        rebound.followup = fresh
        return _followup_page(
            request,
            plan,
            period,
            bound=rebound,
            status=409,
            conflict=conflict.messages[0],
            conflict_sector=now,
        )
    except (PeriodClosed, PeriodNotOpen) as error:
        period.refresh_from_db()
        return _followup_page(request, plan, period, status=409, refused=error.messages[0])
    except ValidationError as error:
        add_service_errors(form, error)
        return _followup_page(request, plan, period, bound=form, status=422)
    messages.success(request, _("Ekonomin för %(sector)s är sparad.") % {"sector": sector.sector.name})
    url = reverse("economy:followup", args=[board, year, period.code])
    return redirect(f"{url}#sector-{sector.sector_budget.pk}")


def _save_investments(request, plan, period, followup):
    if not can_manage_plans(request.user, request.municipality):
        raise PermissionDenied(_("Investeringarnas utfall rapporteras av en controller."))
    form = InvestmentFollowUpForm(request.POST, rows=followup.investments)
    if not form.is_valid():
        return _followup_page(request, plan, period, investment_form=form, status=422)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            for row in form.rows:
                key = f"p{row.project.pk}"
                investment_outcome_set(
                    project=row.project,
                    period=period,
                    outcome=data[f"{key}-outcome"],
                    forecast=data[f"{key}-forecast"],
                    comment=data[f"{key}-comment"].strip(),
                    user=request.user,
                    based_on=data[f"{key}-based_on"],
                )
    except ReportConflict as conflict:
        return _followup_page(request, plan, period, status=409, refused=conflict.messages[0])
    except ValidationError as error:
        period.refresh_from_db()
        return _followup_page(request, plan, period, status=409, refused=error.messages[0])
    messages.success(request, _("Investeringarnas utfall är sparat."))
    return redirect(
        reverse("economy:followup", args=[plan.board.slug, plan.year, period.code]) + "#investments"
    )


@manager_required
@require_POST
def ledger_import_view(request, board: str, year: int, code: str):
    """The ledger's file: every row checked, the file written whole or not at all."""
    plan = plan_or_404(request, board, year)
    period = period_or_404(plan, code)
    form = LedgerUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _followup_page(request, plan, period, status=422, upload_form=form)
    upload = form.cleaned_data["ledger"]
    result = ledger_import(
        plan=plan, period=period, content=upload.read(), filename=upload.name, user=request.user
    )
    if result.errors:
        return _followup_page(
            request, plan, period, status=422, upload_form=form, ledger_errors=[str(e) for e in result.errors]
        )
    messages.success(
        request,
        _("Filen är inläst: %(rows)s rader gav utfall och prognos för %(lines)s budgetrader.")
        % {"rows": result.rows, "lines": result.lines},
    )
    return redirect("economy:followup", board, year, period.code)


@manager_required
@require_POST
def monthly_periods_view(request, board: str, year: int):
    plan = plan_or_404(request, board, year)
    added = monthly_periods_add(plan=plan, user=request.user)
    if added:
        messages.success(
            request,
            _("Månadsuppföljningarna är tillagda: %(names)s.") % {"names": ", ".join(p.name for p in added)},
        )
    else:
        messages.info(request, _("Planen har redan alla månadsuppföljningar."))
    return redirect("followup:periods", board, year)


@member_required
def ledger_codes_view(request, board: str, year: int):
    """The municipality's ledger codes and the lines they are booked on; a controller edits them."""
    plan = plan_or_404(request, board, year)
    may_manage = can_manage_plans(request.user, request.municipality)
    form = LedgerCodeForm(plan=plan)
    status = 200
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied(_("Koderna ändras av en controller."))
        if request.POST.get("delete"):
            ledger_code = get_object_or_404(
                LedgerCode, municipality=request.municipality, pk=request.POST.get("delete")
            )
            ledger_code_delete(ledger_code=ledger_code, user=request.user)
            messages.success(request, _("Koden %(code)s är borttagen.") % {"code": ledger_code.code})
            return redirect("economy:ledger_codes", board, year)
        form = LedgerCodeForm(request.POST, plan=plan)
        if form.is_valid():
            line = form.cleaned_data["line"]
            try:
                saved = ledger_code_set(
                    municipality=request.municipality,
                    code=form.cleaned_data["code"],
                    sector=line.sector_budget.sector,
                    line_name=line.name,
                    user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error, rename={"line_name": "line", "sector": "line"})
            else:
                messages.success(request, _("Koden %(code)s är kopplad.") % {"code": saved.code})
                return redirect("economy:ledger_codes", board, year)
        status = 422
    return render(
        request,
        "economy/ledger_codes.html",
        {
            "plan": plan,
            "codes": ledger_codes(municipality=request.municipality, plan=plan),
            "form": form if may_manage else None,
            "section": "economy",
        },
        status=status,
    )
