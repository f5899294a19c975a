from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from styrkedja.planning.forms import PlanChildForm, PlanObjectForm, child_formset
from styrkedja.surveys.models import SurveyResult, UserSurvey


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
