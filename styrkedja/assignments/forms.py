from __future__ import annotations

from django import forms

from styrkedja.assignments.models import Assignment
from styrkedja.planning.forms import PlanObjectForm


class AssignmentForm(PlanObjectForm):
    """An uppdrag from the council: what, the goal it serves, and who carries it out."""

    class Meta:
        model = Assignment
        fields = ["title", "description", "goal", "responsible_unit"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = self.fields["goal"].queryset.filter(
            plan=self.plan
        )  # not a vision area
