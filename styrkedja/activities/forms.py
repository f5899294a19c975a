from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.activities.choices import ActivityKind
from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.planning.forms import PlanChildForm, PlanObjectForm, child_formset
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import OrgUnit
from styrkedja.web.fields import DateField


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
        self.fields["goal"].queryset = self.fields["goal"].queryset.filter(
            plan=self.plan
        )  # not a vision area
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


class ActivityProposalForm(forms.Form):
    """A new activity as a rapportör proposes it; ``units`` are those they may propose for."""

    title = forms.CharField(
        label=_("Aktivitet och kort beskrivning"),
        max_length=text_limits.TITLE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    goal = forms.ModelChoiceField(
        label=_("Mål"),
        queryset=None,
        required=False,
        empty_label=_("Inget mål: en särskild satsning"),
        help_text=_("Det mål i planen som aktiviteten ska bidra till."),
    )
    is_special_initiative = forms.BooleanField(
        label=_("Särskild satsning"),
        required=False,
        help_text=_("En satsning utanför målen; den kan också höra till ett mål."),
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=ActivityKind.choices, required=False)
    responsible_unit = forms.ModelChoiceField(
        label=_("Ansvarig enhet"),
        queryset=None,
        error_messages={
            "required": _("Välj den enhet som ska ansvara för aktiviteten."),
            "invalid_choice": _(
                "Du kan bara föreslå aktiviteter för dina egna enheter och enheterna under dem. "
                "Välj en av dem."
            ),
        },
    )
    co_responsible_units = forms.ModelMultipleChoiceField(
        label=_("Medansvariga enheter"),
        queryset=None,
        required=False,
        help_text=_("Håll ned Ctrl (Cmd på Mac) för att välja flera."),
        error_messages={"invalid_choice": _("Välj bara enheter i den egna kommunen.")},
    )
    motivation = forms.CharField(
        label=_("Motivering"),
        required=False,
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Varför behövs aktiviteten? Controllern läser det när förslaget prövas."),
    )
    planned_start = DateField(label=_("Planerad start"), required=False)
    planned_end = DateField(label=_("Planerat slut"), required=False)

    def __init__(self, *args, plan: Plan, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.select_related("level").order_by(
            "level__depth", "order", "pk"
        )
        self.fields["responsible_unit"].queryset = units
        if len(units) == 1:  # a rapportör of one unit: that one, without asking
            self.fields["responsible_unit"].empty_label = None
        self.fields["co_responsible_units"].queryset = OrgUnit.objects.filter(
            municipality_id=plan.municipality_id
        ).order_by("order", "name")
        self.fields["co_responsible_units"].widget.attrs["size"] = 6
        for name in ("title", "motivation"):
            field = self.fields[name]
            field.help_text = text_limits.with_limit(field.help_text, field.max_length)

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:  # the service says so too; here it is said with the rest
            self.add_error(
                "planned_end", _("Det planerade slutet kan inte ligga före den planerade starten.")
            )
        return data


class DeclineForm(forms.Form):
    comment = forms.CharField(
        label=_("Skäl till avslaget"),
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv varför förslaget avslås: rapportören ser det.")},
    )
