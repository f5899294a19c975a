"""The assignments (uppdrag) from the council to the board, as one page of the plan; and the
administratör's page of the words the municipality uses for their statuses."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from styrkedja.assignments.forms import AssignmentStatusLabelsForm
from styrkedja.assignments.selectors import (
    assignment_histories,
    assignment_list,
    assignment_status_labels,
)
from styrkedja.assignments.services import assignment_status_labels_set
from styrkedja.web.access import administrator_required, member_required
from styrkedja.web.forms import add_service_errors, posted
from styrkedja.web.lookups import plan_or_404


@member_required
def assignment_list_view(request, board: str, year: int):
    plan = plan_or_404(request, board, year)
    assignments = list(assignment_list(plan=plan))
    histories = assignment_histories(plan=plan)
    for assignment in assignments:
        assignment.history = histories.get(assignment.pk, [])
    return render(
        request,
        "assignments/assignment_list.html",
        {"plan": plan, "assignments": assignments, "section": "assignments"},
    )


@administrator_required
def status_labels_view(request):
    """The municipality's words for the four statuses of an uppdrag, used wherever one is shown."""
    labels = assignment_status_labels(municipality_id=request.municipality.pk)
    form = AssignmentStatusLabelsForm(posted(request), labels=labels)
    if form.is_valid():
        try:
            assignment_status_labels_set(
                municipality=request.municipality, labels=form.cleaned_data, user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Uppdragens statusbenämningar är sparade."))
            return redirect("assignments:status_labels")
    return render(request, "assignments/status_labels.html", {"form": form, "section": "assignment_statuses"})
