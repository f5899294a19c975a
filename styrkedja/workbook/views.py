"""The plan workbook in the application: download a plan's workbook or the template, and
read a filled-in workbook in (controllers and administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from styrkedja.charts.numbers import swedish_number
from styrkedja.web.access import manager_required, member_required
from styrkedja.web.lookups import plan_or_404
from styrkedja.workbook.choices import ImportMode
from styrkedja.workbook.errors import WorkbookInvalid
from styrkedja.workbook.forms import WorkbookImportForm
from styrkedja.workbook.services import CONTENT_TYPE, workbook_export, workbook_import, workbook_template
from styrkedja.workbook.texts import replace_changes_text, reports_changed_text


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _import_message(result) -> str:
    title = result.plan.title
    if result.mode == ImportMode.UPDATE:
        changed = reports_changed_text(
            activities=result.updated.activity_reports, goals=result.updated.goal_reports
        )
        return _("Rapporterna i %(title)s är uppdaterade: %(changed)s") % {"title": title, "changed": changed}
    if result.mode == ImportMode.REPLACE:
        replaced = _("Planen %(title)s är ersatt av arbetsbokens innehåll.") % {"title": title}
        return f"{replaced} {replace_changes_text(result.changes or {})}".strip()
    return _("Planen %(title)s är inläst.") % {"title": title}


@require_GET
@member_required
def workbook_export_view(request, board: str, year: int):
    plan = plan_or_404(request, board, year)
    filename = f"{plan.municipality.slug}-{plan.board.slug}-{plan.year}-arbetsbok.xlsx"
    return _attachment(workbook_export(plan=plan), filename)


@require_GET
@manager_required
def workbook_template_view(request):
    """Empty plan sheets, with the municipality's goal levels, units and partners filled in."""
    filename = f"{request.municipality.slug}-arbetsbok-mall.xlsx"
    return _attachment(workbook_template(municipality=request.municipality), filename)


@manager_required
def workbook_import_view(request):
    errors, unlisted, total = [], 0, 0
    if request.method == "POST":
        form = WorkbookImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["workbook"]
            try:
                result = workbook_import(
                    municipality=request.municipality,
                    content=upload.read(),
                    filename=upload.name,
                    mode=form.cleaned_data["mode"],
                    user=request.user,
                )
            except WorkbookInvalid as invalid:
                errors, unlisted, total = invalid.listed, invalid.unlisted, invalid.total
            else:
                plan = result.plan
                messages.success(request, _import_message(result))
                return redirect("plans:detail", plan.board.slug, plan.year)
    else:
        form = WorkbookImportForm()
    return render(
        request,
        "workbook/import.html",
        {
            "form": form,
            "errors": errors,
            "total": swedish_number(total),
            "unlisted": swedish_number(unlisted) if unlisted else "",
        },
        status=400 if errors else 200,
    )
