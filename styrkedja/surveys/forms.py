from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.followup.choices import ReportStatus
from styrkedja.followup.forms import BasedOnField
from styrkedja.planning.forms import PlanChildForm, PlanObjectForm, child_formset
from styrkedja.surveys.models import SurveyResult, UserSurvey
from styrkedja.surveys.services import RESULT_FIELDS


class UserSurveyForm(PlanObjectForm):
    class Meta:
        model = UserSurvey
        fields = ["unit", "kind", "contact"]


class SurveyResultForm(PlanChildForm):
    class Meta:
        model = SurveyResult
        fields = ["measure", "year", "value", "national_value", "unit"]


SurveyResultFormSet = child_formset(
    UserSurvey, SurveyResult, SurveyResultForm, caption=_("Resultat, med rikets där det finns"), extra=2
)


class SurveyResultRowForm(forms.Form):
    """A result reported with the survey's report: a row of the small table in the report form."""

    measure = forms.CharField(label=_("Mått"), max_length=300, required=False)
    year = forms.IntegerField(label=_("År"), min_value=1900, max_value=2100, required=False)
    value = forms.DecimalField(
        label=_("Resultat"), max_digits=12, decimal_places=2, required=False, localize=True
    )
    national_value = forms.DecimalField(
        label=_("Riket"), max_digits=12, decimal_places=2, required=False, localize=True
    )
    unit = forms.CharField(label=_("Enhet"), max_length=20, required=False)

    def clean(self):
        data = super().clean()
        if any(data.get(name) not in (None, "") for name in ("measure", "year", "value", "national_value")):
            for name in ("measure", "year", "value"):
                if data.get(name) in (None, ""):
                    self.add_error(
                        name, _("Ange %(field)s för raden.") % {"field": self.fields[name].label.lower()}
                    )
        return data

    @property
    def is_empty(self) -> bool:
        return not any(self.cleaned_data.get(name) not in (None, "") for name in self.fields)


class BaseSurveyResultFormSet(forms.BaseFormSet):
    caption = _("Resultat vid perioden, med rikets där det finns")


SurveyResultRowFormSet = forms.formset_factory(
    SurveyResultRowForm, formset=BaseSurveyResultFormSet, extra=2, max_num=30, validate_max=True
)


class SurveyReportForm(forms.Form):
    """A survey's status and comment at a period, with the results reported at it."""

    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=text_limits.with_limit(
            _("Vad visar undersökningen, vad görs med resultaten?"), text_limits.COMMENT
        ),
    )
    based_on = BasedOnField()

    def __init__(self, *args, results: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        initial = [{name: getattr(result, name) for name in RESULT_FIELDS} for result in results or []]
        self.results = SurveyResultRowFormSet(
            self.data if self.is_bound else None, prefix=f"{self.prefix}-r", initial=initial
        )

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.results.is_valid() and valid

    def clean(self):
        data = super().clean()
        if self.results.is_valid():
            data["results"] = [
                row.cleaned_data for row in self.results if row.cleaned_data and not row.is_empty
            ]
        return data
