"""The plan workbook in the application: download a plan's workbook or the template, and
read a filled-in workbook in (controllers and administrators)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from styrkedja.jobs.choices import JobKind
from styrkedja.jobs.services import job_start
from styrkedja.web.access import manager_required, member_required
from styrkedja.web.lookups import plan_or_404
from styrkedja.workbook.forms import WorkbookImportForm
from styrkedja.workbook.services import CONTENT_TYPE, workbook_export, workbook_template
from styrkedja.workbook.tasks import workbook_import_task


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
    """Keep the uploaded workbook and read it in the background; its page shows the outcome,
    fault by fault where there are faults."""
    if request.method == "POST":
        form = WorkbookImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["workbook"]
            job = job_start(
                municipality=request.municipality,
                kind=JobKind.WORKBOOK_IMPORT,
                task=workbook_import_task,
                user=request.user,
                parameters={"filename": upload.name, "mode": form.cleaned_data["mode"]},
                payload=upload.read(),
            )
            return redirect("jobs:detail", job.pk)
    else:
        form = WorkbookImportForm()
    return render(request, "workbook/import.html", {"form": form})
