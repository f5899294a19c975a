from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.planning.forms import PlanChildForm, PlanObjectForm, child_formset


class ActivityForm(PlanObjectForm):
    """An activity of the plan: under a goal, or a särskild satsning of its own."""

    class Meta:
        model = Activity
        fields = [
            "goal",
            "is_special_initiative",
            "title",
            "kind",
            "priority",
            "responsible_unit",
            "co_responsible_units",
            "planned_start",
            "planned_end",
            "note",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "co_responsible_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        goals = self.fields["goal"].queryset.filter(plan=self.plan).select_related("level")
        self.fields["goal"].queryset = goals.order_by("level__depth", "order")
        self.fields["goal"].empty_label = _("Inget mål: en särskild satsning")
        for name in ("responsible_unit", "co_responsible_units"):
            self.fields[name].queryset = self.fields[name].queryset.order_by("order", "name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("goal") and not cleaned.get("is_special_initiative"):
            self.add_error(
                "goal", _("Välj det mål aktiviteten hör till, eller markera den som särskild satsning.")
            )
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("Det planerade slutet ligger före starten."))
        unit = cleaned.get("responsible_unit")
        if unit and unit in (cleaned.get("co_responsible_units") or []):
            self.add_error(
                "co_responsible_units", _("Den ansvariga enheten kan inte också vara medansvarig.")
            )
        return cleaned


class CollaboratorForm(PlanChildForm):
    class Meta:
        model = ActivityCollaborator
        fields = ["unit", "partner", "text"]
        labels = {"text": _("eller fritext")}

    def clean(self):
        cleaned = super().clean()
        given = [name for name in ("unit", "partner", "text") if cleaned.get(name)]
        if len(given) > 1:
            raise forms.ValidationError(
                _("Välj en enhet, en extern part eller skriv en fritext: bara en av dem.")
            )
        if not given and not cleaned.get("DELETE"):
            raise forms.ValidationError(
                _("Välj en enhet eller en extern part, skriv en fritext, eller ta bort raden.")
            )
        return cleaned


CollaboratorFormSet = child_formset(
    Activity, ActivityCollaborator, CollaboratorForm, caption=_("Samverkan med"), extra=2
)
