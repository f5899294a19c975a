from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja.indicators.choices import Gender, ValueScope
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.planning.forms import PlanChildForm, PlanObjectForm, child_formset


class KoladaSettingsForm(forms.Form):
    """The municipality's code in Kolada and its comparison municipalities, one "id=namn" a line."""

    municipality_code = forms.CharField(
        label=_("Kommunkod i Kolada"),
        max_length=4,
        help_text=_(
            "SCB:s fyrsiffriga kommunkod, som Kolada använder: 0586 för Mjölby, 0563 för Valdemarsvik."
        ),
    )
    comparison = forms.CharField(
        label=_("Jämförelsekommuner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "En per rad: Kolada-id, likhetstecken och namn, till exempel 0580=Linköping. Ett id kan också "
            "vara en kommungrupp i Kolada. Riket och kommunen själv hämtas alltid."
        ),
    )

    def clean_comparison(self) -> list[dict]:
        items = []
        for number, line in enumerate(self.cleaned_data["comparison"].splitlines(), start=1):
            if not line.strip():
                continue
            kolada_id, separator, name = line.partition("=")
            if not separator or not kolada_id.strip() or not name.strip():
                raise forms.ValidationError(
                    _("Rad %(n)s, ”%(line)s”: skriv id=namn, till exempel 0580=Linköping.")
                    % {"n": number, "line": line.strip()}
                )
            items.append({"id": kolada_id.strip(), "name": name.strip()})
        return items

    @staticmethod
    def initial_for(settings) -> dict:
        if settings is None:
            return {}
        lines = "\n".join(f"{item['id']}={item['name']}" for item in settings.comparison)
        return {"municipality_code": settings.municipality_code, "comparison": lines}


class IndicatorForm(PlanObjectForm):
    """An indicator of a goal, with its target and, optionally, its KPI in Kolada."""

    class Meta:
        model = Indicator
        fields = [
            "goal",
            "name",
            "source",
            "unit",
            "higher_is_better",
            "target",
            "target_kind",
            "target_value",
            "average_years",
            "kolada_kpi",
        ]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = self.fields["goal"].queryset.filter(
            plan=self.plan
        )  # not a vision area
        self.fields["goal"].empty_label = None


class IndicatorValueForm(PlanChildForm):
    class Meta:
        model = IndicatorValue
        fields = ["year", "scope", "label", "gender", "value", "missing_reason", "rank", "rank_of", "note"]
        widgets = {
            "label": forms.TextInput(attrs={"size": 14}),
            "missing_reason": forms.TextInput(attrs={"size": 16}),
            "note": forms.TextInput(attrs={"size": 20}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out or empty: the value for everyone, as before values were divided by sex.
        self.fields["gender"].required = False

    def clean_gender(self) -> str:
        return self.cleaned_data.get("gender") or Gender.TOTAL

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == ValueScope.OTHER and not cleaned.get("label"):
            self.add_error("label", _("Skriv vilken kommun eller grupp värdet avser."))
        return cleaned


IndicatorValueFormSet = child_formset(
    Indicator,
    IndicatorValue,
    IndicatorValueForm,
    caption=_("Värden per år: kommunens, rikets och jämförelsekommunernas"),
    extra=3,
)
