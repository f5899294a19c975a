"""The planning pages: for each kind of object of a plan, its list, its form and its deletion.

For the controller and the administratör. The same views serve every kind (``planning.kinds``);
an object is always looked up among the plan's own, so another plan's or municipality's is not found.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.audit.history import history_for
from styrkedja.audit.snapshots import deletion_effects
from styrkedja.planning.kinds import KINDS, Kind
from styrkedja.planning.selectors import column_labels, kind_rows, shown
from styrkedja.planning.services import (
    ObjectChanged,
    fingerprint,
    object_values,
    plan_object_delete,
    plan_object_move,
    plan_object_save,
)
from styrkedja.plans.selectors import plan_edit_refusal
from styrkedja.web.access import manager_required
from styrkedja.web.forms import add_service_errors
from styrkedja.web.lookups import plan_or_404


def _kind_or_404(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404(f"Det finns inget att planera som heter {slug}.") from None


def _object_or_404(kind: Kind, plan, pk: int):
    try:
        return kind.objects_in(plan).get(pk=pk)
    except kind.model.DoesNotExist:
        raise Http404(f"{kind.singular} finns inte i planen.") from None


def _refusal(kind: Kind, plan) -> str | None:
    return plan_edit_refusal(plan=plan) if kind.plan_bound else None


@manager_required
def planning_index(request, board: str, year: int):
    """Everything of the plan that can be edited, with how many there are of each."""
    plan = plan_or_404(request, board, year)
    kinds = [(kind, kind.objects_in(plan).count()) for kind in KINDS.values()]
    return render(
        request,
        "planning/index.html",
        {"plan": plan, "kinds": kinds, "refusal": plan_edit_refusal(plan=plan)},
    )


def _list_context(kind: Kind, plan, moved: int | None = None, direction: str = "") -> dict:
    return {
        "plan": plan,
        "kind": kind,
        "rows": kind_rows(kind=kind, plan=plan),
        "labels": column_labels(kind),
        "refusal": _refusal(kind, plan),
        "moved": moved,
        "direction": direction,
    }


@manager_required
def object_list(request, board: str, year: int, kind: str):
    plan = plan_or_404(request, board, year)
    return render(request, "planning/object_list.html", _list_context(_kind_or_404(kind), plan))


def _conflict_rows(kind: Kind, form, formsets, saved) -> list[tuple[str, str, str]]:
    """For a refused lost update: each field whose saved value differs from the one typed."""
    rows = []
    for name, field in form.fields.items():
        if name == "fingerprint":
            continue
        model_field = kind.model._meta.get_field(name)
        if model_field.many_to_many:
            theirs = ", ".join(sorted(str(item) for item in getattr(saved, name).all()))
            yours = ", ".join(sorted(str(item) for item in form.cleaned_data.get(name, [])))
        else:
            theirs, yours = shown(saved, name), shown(form.instance, name)
        if theirs != yours:
            rows.append((str(field.label), theirs, yours))
    saved_values = object_values(kind, saved)
    for formset in formsets:
        relation = formset.fk.remote_field.get_accessor_name()
        yours = (
            _("(dina rader står kvar nedan)") if formset.is_bound else _("(tabellen nedan är den sparade)")
        )
        rows.append((str(formset.caption), "\n".join(saved_values[relation]), yours))
    return rows


def _conflict(kind: Kind, plan, form, formsets, data, obj):
    """The form again on the object as saved now, with what was typed kept and the two compared."""
    saved = kind.objects_in(plan).get(pk=obj.pk)
    data = data.copy()
    data["fingerprint"] = fingerprint(kind, saved)
    # The rows as typed stay where they still fit the saved object; otherwise the saved rows show.
    typed, unbound = _formsets(kind, data, saved, plan), _formsets(kind, None, saved, plan)
    formsets = [mine if mine.is_valid() else theirs for mine, theirs in zip(typed, unbound, strict=True)]
    conflict = _conflict_rows(kind, form, formsets, saved) if form.is_valid() else []
    form = kind.form(data, instance=saved, plan=plan)
    form.is_valid()
    form.add_error(
        None,
        _("%(kind)s ändrades av någon annan medan du skrev. Jämför och spara igen.")
        % {"kind": kind.singular.capitalize()},
    )
    return form, formsets, conflict


def _formsets(kind: Kind, data, obj, plan):
    return [
        formset(data, instance=obj, plan=plan, prefix=formset.fk.remote_field.get_accessor_name())
        for formset in kind.children
    ]


@manager_required
def object_form(request, board: str, year: int, kind: str, pk: int | None = None):
    """Make a new object of the plan, or change one; a change made by someone else meanwhile is not lost."""
    plan = plan_or_404(request, board, year)
    kind = _kind_or_404(kind)
    obj = _object_or_404(kind, plan, pk) if pk else kind.new(plan)
    data = request.POST if request.method == "POST" else None
    opened_on = fingerprint(kind, obj) if obj.pk else None  # the version this form shows, or is sent on
    initial = {"fingerprint": opened_on} if obj.pk else {}
    form = kind.form(data, instance=obj, plan=plan, initial=initial)
    formsets = _formsets(kind, data, obj, plan)
    conflict = None
    status = 200
    if data is not None and obj.pk and data.get("fingerprint", "") != opened_on:
        # Changed (or rows of it removed) since the form was opened, or sent without the version it
        # was opened on: nothing is saved, and what is saved now is shown beside what was typed.
        form, formsets, conflict = _conflict(kind, plan, form, formsets, data, obj)
        status = 409
    elif data is not None:
        if form.is_valid() and all(formset.is_valid() for formset in formsets):
            try:
                saved = plan_object_save(
                    kind=kind,
                    plan=plan,
                    form=form,
                    formsets=formsets,
                    seen=form.cleaned_data["fingerprint"] if obj.pk else None,
                    user=request.user,
                )
            except ObjectChanged:  # changed between the check above and the save
                form, formsets, conflict = _conflict(kind, plan, form, formsets, data, obj)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
                status = 422
            else:
                messages.success(request, _("Sparat: %(name)s.") % {"name": str(saved)[:120]})
                if "save_new" in request.POST:
                    return redirect("planning:create", plan.board.slug, plan.year, kind.slug)
                return redirect(
                    reverse("planning:list", args=[plan.board.slug, plan.year, kind.slug])
                    + f"#row-{saved.pk}"
                )
        else:
            status = 422
    return render(
        request,
        "planning/object_form.html",
        {
            "plan": plan,
            "kind": kind,
            "obj": obj if obj.pk else None,
            "form": form,
            "formsets": formsets,
            "conflict": conflict,
            "rows_wrong": any(formset.is_bound and not formset.is_valid() for formset in formsets),
            "refusal": _refusal(kind, plan),
            "history": history_for(municipality=request.municipality, obj=obj) if obj.pk else None,
        },
        status=status,
    )


@manager_required
def object_delete(request, board: str, year: int, kind: str, pk: int):
    """Say what goes with the object, and delete it when that is confirmed."""
    plan = plan_or_404(request, board, year)
    kind = _kind_or_404(kind)
    obj = _object_or_404(kind, plan, pk)
    error = None
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            error = _("Kryssa i att du vill ta bort det och allt som hör till det.")
        else:
            try:
                plan_object_delete(
                    kind=kind,
                    plan=plan,
                    obj=obj,
                    seen=request.POST.get("fingerprint", ""),  # without it, it is refused
                    user=request.user,
                )
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            else:
                messages.success(request, _("Borttaget: %(name)s.") % {"name": str(obj)[:120]})
                return redirect("planning:list", plan.board.slug, plan.year, kind.slug)
    return render(
        request,
        "planning/object_delete.html",
        {
            "plan": plan,
            "kind": kind,
            "obj": obj,
            "summary": deletion_effects(obj),
            "fingerprint": fingerprint(kind, obj),
            "error": error,
            "refusal": _refusal(kind, plan),
        },
        status=422 if error else 200,
    )


@require_POST
@manager_required
def object_move(request, board: str, year: int, kind: str, pk: int):
    """Move the object up, down or to a place among its siblings (by keyboard or by dragging)."""
    plan = plan_or_404(request, board, year)
    kind = _kind_or_404(kind)
    obj = _object_or_404(kind, plan, pk)
    siblings = list(kind.siblings_of(obj, plan).values_list("pk", flat=True))
    current = siblings.index(obj.pk)
    direction = request.POST.get("direction", "")
    try:
        position = {"up": current - 1, "down": current + 1}.get(direction)
        if position is None:
            position = int(request.POST.get("position", ""))
    except ValueError:
        position = None
    status = 200
    if position is None:
        messages.error(request, _("Ange vart det ska flyttas."))
        status = 422
    else:
        try:
            plan_object_move(kind=kind, plan=plan, obj=obj, position=position, user=request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            status = 409
    if request.htmx:
        context = _list_context(kind, plan, moved=obj.pk, direction=direction)
        return render(request, "planning/_object_list.html", context, status=status)
    return redirect(reverse("planning:list", args=[plan.board.slug, plan.year, kind.slug]) + f"#row-{obj.pk}")
