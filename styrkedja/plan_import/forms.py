from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.activities.choices import ActivityKind
from styrkedja.goals.models import GoalLevel
from styrkedja.plan_import import editing
from styrkedja.plan_import.reading import MAX_BYTES
from styrkedja.plan_import.vocabulary import Vocabulary
from styrkedja.tenancy.choices import UnitKind
from styrkedja.tenancy.models import OrgUnit

STATUSES = [
    ("", _("Ingen status")),
    ("Ej inledd", _("Ej inledd")),
    ("Pågår", _("Pågår")),
    ("Klart", _("Klart")),
]


class PlanDocumentForm(forms.Form):
    document = forms.FileField(
        label=_("Plan eller uppföljning (PDF, Word eller text)"),
        help_text=_("Förra årets verksamhetsplan eller en uppföljningsrapport. Högst 20 MB och 400 sidor."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt"}),
    )
    period = forms.ChoiceField(
        label=_("Uppföljningsperiod som dokumentet rapporterar"),
        required=False,
        choices=[("", _("Läs av dokumentet (eller en plan utan uppföljning)"))]
        + [(code, code) for code in ("T1", "T2", "T3")]
        + [(f"M{month:02d}", f"M{month:02d}") for month in range(1, 13)],
    )

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if upload.size > MAX_BYTES:  # checked before the file is read
            raise forms.ValidationError(_("Filen är större än 20 MB."))
        return upload


ONE_LINE = {"title", "name", "note", "number", "source", "target", "unit"}


class VersionedForm(forms.Form):
    """A change of the proposal, made from the version the reviewer saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ItemForm(VersionedForm):
    """The fields of one item of the proposal; the choices come from the plan and the municipality."""

    def __init__(self, *args, plan: dict, item: dict, municipality, period: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.item, self.municipality, self.period = plan, item, municipality, period

    def clean(self):
        cleaned = super().clean()
        # A title written over two lines of its box is still one line.
        for name in ONE_LINE & set(cleaned):
            if isinstance(cleaned[name], str):
                cleaned[name] = " ".join(cleaned[name].split())
        return cleaned


def _goal_choices(plan: dict, municipality) -> list[tuple[str, str]]:
    headings = level_headings(municipality)
    return [
        (editing.item_id(goal), "\u2003" * depth + editing.goal_label(goal, headings))
        for goal, depth in editing.goals_listed(plan)
    ]


def level_headings(municipality) -> dict:
    """The municipality's goal levels by key, for the goals' headings."""
    return {level.key: level for level in GoalLevel.objects.filter(municipality=municipality)}


def _goal_text(label, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=text_limits.GOAL_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class GoalItemForm(ItemForm):
    number = forms.CharField(label=_("Nummer"), required=False, max_length=20)
    title = forms.CharField(label=_("Rubrik"), required=False, max_length=300)
    text = _goal_text(_("Målet"))
    measurable = _goal_text(_("Mätbart mål"))
    baseline = _goal_text(_("Nuläge"))
    motivation = _goal_text(_("Motivering"), rows=4)
    way_forward = _goal_text(_("Vägen till målet"), rows=4)
    followup = _goal_text(_("Uppföljning"))


def _unit_choices(municipality, current: str) -> list[tuple[str, str]]:
    names = list(
        OrgUnit.objects.filter(municipality=municipality).order_by("name").values_list("name", flat=True)
    )
    choices = [("", _("Ingen ansvarig enhet"))] + [(name, name) for name in names]
    if current and current not in names:
        choices.insert(1, (current, _("%(name)s (finns inte i kommunen)") % {"name": current}))
    return choices


class ActivityItemForm(ItemForm):
    title = forms.CharField(
        label=_("Aktivitet"), max_length=text_limits.TITLE, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label=_("Typ"), required=False, choices=ActivityKind.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUSES)
    responsible = forms.ChoiceField(label=_("Ansvarig enhet"), required=False)
    collaborators = forms.CharField(
        label=_("Samverkan med"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En per rad: en enhet, en samverkanspart eller fri text."),
    )
    note = forms.CharField(
        label=_("Anmärkning"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    goal = forms.ChoiceField(label=_("Hör till målet"), required=False)

    def __init__(self, *args, plan: dict, item: dict, municipality, period: str | None, **kwargs):
        super().__init__(*args, plan=plan, item=item, municipality=municipality, period=period, **kwargs)
        self.fields["responsible"].choices = _unit_choices(municipality, item.get("responsible", ""))
        self.fields["goal"].choices = [
            ("", _("Inget mål (särskild satsning)")),
            *_goal_choices(plan, municipality),
        ]
        if period is None:
            del self.fields["status"]
        else:
            self.fields["status"].label = _("Status %(period)s") % {"period": period}

    def clean_collaborators(self):
        vocabulary = Vocabulary.of(self.municipality)
        found = []
        for line in self.cleaned_data["collaborators"].splitlines():
            line = " ".join(line.split())
            if not line:
                continue
            match = vocabulary.match(line)
            exact = match is not None and match.confidence == 1.0
            found.append({match.kind: match.value} if exact else {"text": line})
        return found

    @staticmethod
    def initial_of(item: dict, period: str | None, goal: dict | None) -> dict:
        status = next(
            (
                report.get("status", "")
                for report in item.get("reports", [])
                if report.get("period") == period
            ),
            "",
        )
        return {
            "title": item.get("title", ""),
            "kind": item.get("kind", ""),
            "status": status,
            "responsible": item.get("responsible", ""),
            "collaborators": "\n".join(
                next(iter(part.values()), "") for part in item.get("collaborators", [])
            ),
            "note": item.get("note", ""),
            "goal": editing.item_id(goal) if goal else "",
        }


class IndicatorItemForm(ItemForm):
    name = forms.CharField(
        label=_("Indikator"), max_length=text_limits.TITLE, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.CharField(label=_("Källa"), required=False, max_length=300)
    target = forms.CharField(label=_("Målvärde"), required=False, max_length=300)
    unit = forms.CharField(label=_("Enhet (t.ex. %)"), required=False, max_length=30)
    goal = forms.ChoiceField(label=_("Hör till målet"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = _goal_choices(self.plan, self.municipality)


class AssignmentItemForm(ItemForm):
    title = forms.CharField(
        label=_("Uppdrag"), max_length=text_limits.TITLE, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    responsible = forms.ChoiceField(label=_("Ansvarig enhet"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = _unit_choices(
            self.municipality, self.item.get("responsible", "")
        )


ITEM_FORMS = {
    editing.GOAL: GoalItemForm,
    editing.ACTIVITY: ActivityItemForm,
    editing.INDICATOR: IndicatorItemForm,
    editing.ASSIGNMENT: AssignmentItemForm,
}


def item_initial(found: editing.Located, period: str | None) -> dict:
    if found.kind == editing.ACTIVITY:
        return ActivityItemForm.initial_of(found.item, period, found.goal)
    form_class = ITEM_FORMS[found.kind]
    initial = {
        name: found.item.get(name, "") for name in form_class.base_fields if name not in ("version", "goal")
    }
    if "goal" in form_class.base_fields and found.goal is not None:
        initial["goal"] = editing.item_id(found.goal)
    return initial


class SplitForm(VersionedForm):
    at = forms.CharField(
        label=_("Den andra delen börjar med"),
        max_length=200,
        help_text=_("Orden i rubriken där nästa post börjar; det som står före blir kvar här."),
    )


def municipality_units(municipality) -> list[tuple[int, str]]:
    """The municipality's units for the unit forms of a page: read once, however many forms."""
    return list(OrgUnit.objects.filter(municipality=municipality).order_by("name").values_list("pk", "name"))


class _UnitForm(VersionedForm):
    name = forms.CharField(widget=forms.HiddenInput, max_length=300)

    def __init__(self, *args, municipality, units: list[tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.units = municipality_units(municipality) if units is None else units

    def _unit(self, pk):
        return OrgUnit.objects.filter(municipality=self.municipality, pk=pk).first() if pk else None


class UnitMatchForm(_UnitForm):
    unit = forms.TypedChoiceField(label=_("Kommunens enhet"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = self.units

    def clean_unit(self):
        unit = self._unit(self.cleaned_data["unit"])
        if unit is None:
            raise forms.ValidationError(_("Välj en av kommunens enheter."))
        return unit


class UnitCreateForm(_UnitForm):
    new_name = forms.CharField(label=_("Den nya enhetens namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Slag av enhet"), choices=UnitKind.choices, initial=UnitKind.UNIT)
    parent = forms.TypedChoiceField(label=_("Ingår i"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("Ingen (högsta nivån)")), *self.units]

    def clean_parent(self):
        return self._unit(self.cleaned_data["parent"])


class AcceptForm(VersionedForm):
    board = forms.ModelChoiceField(label=_("Nämnd"), queryset=OrgUnit.objects.none(), empty_label=None)
    year = forms.IntegerField(label=_("Planens år"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Planens titel"), max_length=200)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = OrgUnit.objects.filter(
            municipality=municipality, kind=UnitKind.BOARD
        ).order_by("order", "name")
