from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja.activities.choices import ActivityKind
from styrkedja.followup.choices import ReportStatus
from styrkedja.planning.forms import PlanObjectForm
from styrkedja.plans.models import REPORT_PARTS, Plan, PlanSection
from styrkedja.tenancy.choices import UnitKind
from styrkedja.tenancy.models import OrgUnit
from styrkedja.web.fields import DateField

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


class PlanCreateForm(forms.Form):
    """A new, empty plan. The rules (one plan per board and year, the period's order) are the service's."""

    board = forms.ModelChoiceField(
        label=_("Nämnd eller styrelse"),
        queryset=OrgUnit.objects.none(),
        empty_label=_("(välj)"),
        error_messages={"required": _("Välj nämnden eller styrelsen som planen hör till.")},
    )
    year = forms.IntegerField(
        label=_("År"),
        error_messages={
            "required": _("Ange planens år med fyra siffror, till exempel 2025."),
            "invalid": _("Ange året som ett tal med fyra siffror, till exempel 2025."),
        },
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Tomt: ”Verksamhetsplan” och året."),
        widget=forms.TextInput(attrs={"size": 50}),
    )
    budget_period_start = forms.IntegerField(
        label=_("Mål och budget från år"),
        required=False,
        help_text=_("Tomt: planens år."),
        error_messages={"invalid": _("Ange året som ett tal med fyra siffror, till exempel 2025.")},
    )
    budget_period_end = forms.IntegerField(
        label=_("Mål och budget till år"),
        required=False,
        help_text=_("Tomt: två år efter periodens första."),
        error_messages={"invalid": _("Ange året som ett tal med fyra siffror, till exempel 2027.")},
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        # Any unit of the municipality is accepted here, so that a unit that is no board gets the
        # service's message; only the boards are offered.
        self.fields["board"].queryset = municipality.units.all()
        boards = municipality.units.filter(kind=UnitKind.BOARD).order_by("order", "name")
        self.fields["board"].choices = [("", self.fields["board"].empty_label)] + [
            (board.pk, board.name) for board in boards
        ]


class DecisionForm(forms.Form):
    """A decision on the plan: its adoption, or the decision of a revision."""

    decided_by = forms.CharField(
        label=_("Beslutat av"),
        max_length=200,
        help_text=_("Till exempel KS, KF eller nämndens namn."),
        error_messages={"required": _("Ange vem som beslutade, till exempel KS, KF eller nämnden.")},
    )
    decided_on = DateField(
        label=_("Beslutsdatum"),
        error_messages={
            "required": _("Ange beslutsdatum, till exempel 2023-12-12."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2023-12-12."),
        },
    )
    reference = forms.CharField(
        label=_("Paragraf eller diarienummer"),
        max_length=100,
        required=False,
        help_text=_("Till exempel § 210."),
    )


class RevisionOpenForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till revisionen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Till exempel: KF beslutade om ny budgetram 2024-04-22 § 45."),
        error_messages={"required": _("Ange skälet till revisionen, till exempel ett nytt beslut i KF.")},
    )


class VersionsForm(forms.Form):
    """Which two versions of the plan the changes page compares."""

    before = forms.ChoiceField(label=_("Från"), required=False)
    after = forms.ChoiceField(label=_("Till"), required=False)

    def __init__(self, data, *, versions):
        super().__init__(data)
        choices = [(version.code, version.label) for version in versions]
        self.fields["before"].choices = choices
        self.fields["after"].choices = choices


class ReportPartsForm(forms.ModelForm):
    """Which parts the plan's follow-up reports show."""

    class Meta:
        model = Plan
        fields = list(REPORT_PARTS)
