from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja.goals.models import Goal, GoalLevel
from styrkedja.goals.services import GOAL_TEXT_FIELDS, goal_placement_problems
from styrkedja.planning.forms import PlanObjectForm


class GoalLevelForm(PlanObjectForm):
    """A level of the municipality's goal hierarchy, named in the municipality's own words."""

    class Meta:
        model = GoalLevel
        fields = ["name", "name_plural", "numbered_name"]


class GoalForm(PlanObjectForm):
    """Everything a plan says of a goal: its place in the tree, its texts and whom it concerns."""

    class Meta:
        model = Goal
        fields = [
            "level",
            "parent",
            "number",
            "title",
            *GOAL_TEXT_FIELDS[1:],
            "responsible_unit",
            "contributes_to",
            "sdgs",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"size": 60}),
            **{name: forms.Textarea(attrs={"rows": 4}) for name in GOAL_TEXT_FIELDS if name != "title"},
            "contributes_to": forms.CheckboxSelectMultiple,
            "sdgs": forms.CheckboxSelectMultiple,
        }
        labels = {"parent": _("Överordnat mål (det mål i nivån ovanför som målet tjänar)")}
        help_texts = {"baseline": _("Utgångsläget: värde, år, källa och rikets värde.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The goal itself stays a choice of its parent, so that choosing it is refused in words.
        self.fields["parent"].empty_label = _("Inget: målet är på den översta nivån")
        self.fields["level"].empty_label = None
        self.fields["responsible_unit"].empty_label = _(
            "Ingen: målet rapporteras av aktiviteternas enheter och controllern"
        )

    def clean(self):
        cleaned = super().clean()
        problems = goal_placement_problems(
            goal=self.instance,
            level=cleaned.get("level"),
            parent=cleaned.get("parent"),
            title=cleaned.get("title", ""),
            text=cleaned.get("text", ""),
            contributes_to=cleaned.get("contributes_to") or (),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned
