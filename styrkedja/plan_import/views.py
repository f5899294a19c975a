"""Reading last year's plan in: upload a document, review the proposed plan, correct it, accept it.

Every page is the municipality's controllers' and administrators'; the source document of an
accepted import is open to every member, beside the plan made from it.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from styrkedja.jobs.choices import JobKind
from styrkedja.jobs.services import job_start
from styrkedja.plan_import import editing
from styrkedja.plan_import.choices import PlanImportStatus
from styrkedja.plan_import.forms import (
    ITEM_FORMS,
    AcceptForm,
    PlanDocumentForm,
    SplitForm,
    UnitCreateForm,
    UnitMatchForm,
    item_initial,
    level_headings,
    municipality_units,
)
from styrkedja.plan_import.proposal import REVIEW_KEY, SURE
from styrkedja.plan_import.selectors import plan_import_get, plan_imports_under_review
from styrkedja.plan_import.services import (
    plan_import_accept,
    plan_import_discard,
    plan_import_item_merge,
    plan_import_item_split,
    plan_import_item_update,
    plan_import_unit_create,
    plan_import_unit_match,
    unknown_units,
)
from styrkedja.plan_import.tasks import plan_document_read_task
from styrkedja.tenancy.permissions import can_administer, can_manage_plans
from styrkedja.web.access import manager_required, member_required


@manager_required
def plan_import_index_view(request):
    """The imports under review, and the upload of a new document: read in the background, its
    job's page then leads to the review."""
    if request.method == "POST":
        form = PlanDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["document"]
            job = job_start(
                municipality=request.municipality,
                kind=JobKind.PLAN_DOCUMENT_READ,
                task=plan_document_read_task,
                user=request.user,
                parameters={"filename": upload.name, "period": form.cleaned_data["period"]},
                payload=upload.read(),
            )
            return redirect("jobs:detail", job.pk)
    else:
        form = PlanDocumentForm()
    imports = plan_imports_under_review(municipality=request.municipality)
    return render(request, "plan_import/index.html", {"form": form, "imports": imports})


def _entry(item: dict, kind: str, period: str | None) -> dict:
    """An item as the review page shows it (a template cannot read ``_review``)."""
    review = item.get(REVIEW_KEY, {})
    entry = {
        "item": item,
        "kind": kind,
        "id": review.get("id", ""),
        "review": review,
        "unsure": review.get("confidence", 1) < SURE and not review.get("checked"),
        "checked": review.get("checked", False),
    }
    if kind == editing.ACTIVITY:
        entry["status"] = next(
            (report.get("status") for report in item.get("reports", []) if report.get("period") == period), ""
        )
        entry["collaborators"] = ", ".join(
            next(iter(part.values()), "") for part in item.get("collaborators", [])
        )
        entry["responsible"] = ", ".join(
            [item.get("responsible") or "", *item.get("co_responsible", [])]
        ).strip(", ")
    return entry


def _review_context(request, plan_import, accept_form=None) -> dict:
    proposal = plan_import.proposal
    plan, period = proposal["plan"], proposal.get("period")
    headings = level_headings(request.municipality)
    goals = [
        {
            **_entry(goal, editing.GOAL, period),
            "depth": depth,
            "label": editing.goal_label(goal, headings),
            "activities": [_entry(item, editing.ACTIVITY, period) for item in goal.get("activities", [])],
            "indicators": [_entry(item, editing.INDICATOR, period) for item in goal.get("indicators", [])],
        }
        for goal, depth in editing.goals_listed(plan)
    ]
    special = [_entry(item, editing.ACTIVITY, period) for item in plan.get("special_initiatives", [])]
    assignments = [_entry(item, editing.ASSIGNMENT, period) for item in plan.get("assignments", [])]
    every = [entry for goal in goals for entry in [goal, *goal["activities"], *goal["indicators"]]]
    every += special + assignments
    missing = unknown_units(plan_import)
    units = municipality_units(request.municipality) if missing else []
    administrator = can_administer(request.user, request.municipality)
    if accept_form is None:
        accept_form = AcceptForm(
            municipality=request.municipality,
            initial={
                "version": plan_import.version,
                "year": plan.get("year"),
                "title": plan.get("title")
                or _("Verksamhetsplan %(year)s") % {"year": plan.get("year") or ""},
            },
        )
    return {
        "plan_import": plan_import,
        "proposal": proposal,
        "period": period,
        "goals": goals,
        "special_initiatives": special,
        "assignments": assignments,
        "sections": plan.get("sections", []),
        "unplaced": proposal.get("unplaced", []),
        "counts": editing.counts(plan),
        "unsure_count": sum(entry["unsure"] for entry in every),
        "unknown_units": [
            {
                "name": name,
                "match_form": UnitMatchForm(
                    municipality=request.municipality,
                    units=units,
                    initial={"name": name, "version": plan_import.version},
                    prefix=f"match-{index}",
                ),
                "create_form": UnitCreateForm(
                    municipality=request.municipality,
                    units=units,
                    initial={"name": name, "new_name": name, "version": plan_import.version},
                    prefix=f"create-{index}",
                )
                if administrator
                else None,
                "prefix": index,
            }
            for index, name in enumerate(missing)
        ],
        "accept_form": accept_form,
        "under_review": plan_import.status == PlanImportStatus.REVIEW,
    }


@require_GET
@manager_required
def plan_import_review_view(request, pk):
    plan_import = plan_import_get(municipality=request.municipality, pk=pk)
    return render(request, "plan_import/review.html", _review_context(request, plan_import))


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@manager_required
def plan_import_item_view(request, pk, item):
    """One item of the proposal: correct its fields or move it; merge it with the one before, or
    split it in two."""
    plan_import = plan_import_get(municipality=request.municipality, pk=pk)
    proposal = plan_import.proposal
    try:
        found = editing.item_find(proposal["plan"], item)
    except ValidationError:
        raise Http404 from None
    form_class = ITEM_FORMS[found.kind]
    options = {
        "plan": proposal["plan"],
        "item": found.item,
        "municipality": request.municipality,
        "period": proposal.get("period"),
    }
    form = form_class(
        initial={**item_initial(found, proposal.get("period")), "version": plan_import.version}, **options
    )
    split_form = SplitForm(initial={"version": plan_import.version}, prefix="split")
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "merge":
                try:
                    plan_import_item_merge(
                        plan_import=plan_import, user=request.user, item=item, version=_version(request.POST)
                    )
                except ValidationError as error:
                    _refused(request, error)  # the page has no form of its own to show it in
                    return redirect(request.path)
                messages.success(request, _("Posten slogs ihop med den före."))
                return redirect(_review_url(plan_import))
            if action == "split":
                split_form = SplitForm(request.POST, prefix="split")
                if split_form.is_valid():
                    plan_import_item_split(
                        plan_import=plan_import,
                        user=request.user,
                        item=item,
                        at=split_form.cleaned_data["at"],
                        version=split_form.cleaned_data["version"],
                    )
                    messages.success(request, _("Posten delades i två."))
                    return redirect(_review_url(plan_import))
            else:
                form = form_class(request.POST, **options)
                if form.is_valid():
                    fields = {key: value for key, value in form.cleaned_data.items() if key != "version"}
                    plan_import_item_update(
                        plan_import=plan_import,
                        user=request.user,
                        item=item,
                        version=form.cleaned_data["version"],
                        fields=fields,
                    )
                    messages.success(request, _("Ändringen sparades i förslaget."))
                    return redirect(f"{_review_url(plan_import)}#{item}")
        except ValidationError as error:
            (split_form if action == "split" else form).add_error(None, error)
    context = {
        "plan_import": plan_import,
        "found": found,
        "entry": _entry(found.item, found.kind, proposal.get("period")),
        "label": editing.goal_label(found.item, level_headings(request.municipality))
        if found.kind == editing.GOAL
        else found.item.get("title") or found.item.get("name") or "",
        "form": form,
        "split_form": split_form,
        "may_merge": found.kind != editing.GOAL and found.siblings.index(found.item) > 0,
        "under_review": plan_import.status == PlanImportStatus.REVIEW,
    }
    return render(request, "plan_import/item.html", context, status=400 if form.errors else 200)


def _version(data) -> int:
    try:
        return int(data.get("version", ""))
    except ValueError:
        raise ValidationError(_("Sidan saknar förslagets version; öppna den igen.")) from None


def _review_url(plan_import) -> str:
    return reverse("plan_import:review", args=[plan_import.pk])


@require_POST
@manager_required
def plan_import_unit_view(request, pk):
    """Match a unit the document names to one of the municipality's, or create it (administratör)."""
    plan_import = plan_import_get(municipality=request.municipality, pk=pk)
    prefix = request.POST.get("prefix", "")
    try:
        if request.POST.get("action") == "create":
            if not can_administer(request.user, request.municipality):
                raise PermissionDenied(_("Bara kommunens administratör får skapa enheter."))
            form = UnitCreateForm(request.POST, municipality=request.municipality, prefix=f"create-{prefix}")
            if not form.is_valid():
                raise ValidationError([error for errors in form.errors.values() for error in errors])
            plan_import_unit_create(
                plan_import=plan_import, user=request.user, **{k: form.cleaned_data[k] for k in form.fields}
            )
            messages.success(
                request, _("Enheten %(name)s skapades.") % {"name": form.cleaned_data["new_name"]}
            )
        else:
            form = UnitMatchForm(request.POST, municipality=request.municipality, prefix=f"match-{prefix}")
            if not form.is_valid():
                raise ValidationError([error for errors in form.errors.values() for error in errors])
            plan_import_unit_match(plan_import=plan_import, user=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("”%(name)s” läses nu som %(unit)s.")
                % {"name": form.cleaned_data["name"], "unit": form.cleaned_data["unit"].name},
            )
    except ValidationError as error:
        _refused(request, error)
    return redirect(f"{_review_url(plan_import)}#enheter")


@require_POST
@manager_required
def plan_import_accept_view(request, pk):
    plan_import = plan_import_get(municipality=request.municipality, pk=pk)
    form = AcceptForm(request.POST, municipality=request.municipality)
    if form.is_valid():
        try:
            plan = plan_import_accept(plan_import=plan_import, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Planen %(plan)s skapades som utkast.") % {"plan": plan.title})
            return redirect("plans:detail", plan.board.slug, plan.year)
    return render(request, "plan_import/review.html", _review_context(request, plan_import, form), status=400)


@require_POST
@manager_required
def plan_import_discard_view(request, pk):
    plan_import = plan_import_get(municipality=request.municipality, pk=pk)
    try:
        plan_import_discard(plan_import=plan_import, user=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect(_review_url(plan_import))
    messages.success(request, _("Inläsningen av %(name)s kasserades.") % {"name": plan_import.filename})
    return redirect("plan_import:index")


@require_GET
@member_required
def plan_import_document_view(request, pk):
    """The source document: for managers while it is reviewed, for every member once it is a plan."""
    plan_import = plan_import_get(municipality=request.municipality, pk=pk, with_document=True)
    if plan_import.status == PlanImportStatus.DISCARDED:
        raise Http404  # its document was removed with it
    if plan_import.status != PlanImportStatus.ACCEPTED and not can_manage_plans(
        request.user, request.municipality
    ):
        raise PermissionDenied(_("Bara kommunens controller och administratör får göra detta."))
    return FileResponse(
        io.BytesIO(bytes(plan_import.content)),
        as_attachment=True,
        filename=plan_import.filename,
        content_type=plan_import.content_type,
    )
