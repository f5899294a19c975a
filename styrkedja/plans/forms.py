from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja.activities.choices import ActivityKind
from styrkedja.followup.choices import ReportStatus
from styrkedja.planning.forms import PlanObjectForm
from styrkedja.plans.models import PlanSection

NOT_REPORTED = "none"


class PlanFilterForm(forms.Form):
    """The plan page's filters. Every field is optional; an unknown value is simply ignored."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    unit = forms.ChoiceField(label=_("Ansvarig enhet"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla")), *ReportStatus.choices, (NOT_REPORTED, _("Ej rapporterad"))],
    )
    kind = forms.ChoiceField(
        label=_("Typ"),
        required=False,
        choices=[("", _("Alla"))] + [(value, label) for value, label in ActivityKind.choices if value],
    )

    def __init__(self, data, *, plan, units):
        super().__init__(data)
        self.fields["period"].choices = [("", _("Senast rapporterade"))] + [
            (period.code, period.name) for period in plan.periods.all()
        ]
        self.fields["unit"].choices = [("", _("Alla enheter"))] + [
            (str(unit.pk), "\u2003" * depth + unit.name) for unit, depth in units
        ]

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


class CarryOverForm(forms.Form):
    activities = forms.MultipleChoiceField(
        label=_("Aktiviteter som förs över"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = [(str(activity.pk), activity.title) for activity in candidates]


class PlanSectionForm(PlanObjectForm):
    """A prose section of the plan document: an introduction, a sector's description, a note."""

    class Meta:
        model = PlanSection
        fields = ["key", "sector", "heading", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        labels = {"sector": _("Sektor (för sektorns verksamhet)")}
