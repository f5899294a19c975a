"""A survey reported in the follow-up: status and comment at a period, with the results reported
at it, printed in the follow-up report's section on user involvement."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from styrkedja.documents.blocks import Table
from styrkedja.documents.content import followup_document
from styrkedja.followup.services import ReportConflict
from styrkedja.surveys.models import SurveyResult, UserSurvey
from styrkedja.surveys.services import survey_report_set

RESULT = {"measure": "Nöjd Kund Index", "year": 2024, "value": Decimal("76.9"),
          "national_value": Decimal("74.9"), "unit": ""}  # fmt: skip


def _survey(b) -> UserSurvey:
    return UserSurvey.objects.create(plan=b.plan, unit=b.unit, kind="Kundundersökning", contact="Chefen")


def test_the_results_belong_to_the_period_they_are_reported_at_and_are_printed_from_then(build_plan):
    b = build_plan()
    survey = _survey(b)
    SurveyResult.objects.create(survey=survey, measure="Baslinje", year=2023, value=70)  # in the plan
    survey_report_set(
        survey=survey, period=b.periods["T2"], status="done", comment="Genomförd i maj.", results=[RESULT]
    )

    def tables(code: str) -> dict[str, Table]:
        document = followup_document(plan=b.plan, period=b.periods[code])
        return {block.caption: block for block in document.blocks if isinstance(block, Table)}

    at_t1, at_t3 = tables("T1"), tables("T3")
    assert [row[0] for row in at_t1["Resultat av undersökningarna"].rows] == ["Baslinje"]
    assert at_t3["Resultat av undersökningarna"].rows == [
        ["Baslinje", "Kundundersökning", "2023", "70,0", "–"],
        ["Nöjd Kund Index", "Kundundersökning", "2024", "76,9", "74,9"],
    ]
    assert tables("T2")["Planerade undersökningar"].rows == [
        ["Ekonomiavdelningen", "Kundundersökning", "Chefen", "Klart", "Genomförd i maj."]
    ]


def test_unchanged_input_writes_nothing_and_new_results_replace_the_periods(build_plan):
    b = build_plan()
    survey = _survey(b)
    period = b.periods["T1"]
    first = survey_report_set(survey=survey, period=period, status="ongoing", results=[RESULT])
    assert survey_report_set(survey=survey, period=period, status="ongoing", results=[dict(RESULT)]) == first
    again = survey_report_set(
        survey=survey, period=period, status="ongoing", results=[{**RESULT, "value": Decimal("80")}],
        based_on=first,
    )  # fmt: skip

    assert again == first  # the status and comment are as before: no new report row
    assert list(survey.results.values_list("value", flat=True)) == [Decimal("80.00")]
    assert survey.reports.count() == 1
    with pytest.raises(ReportConflict):
        survey_report_set(survey=survey, period=period, status="done", based_on=None)
    with pytest.raises(ValidationError):
        survey_report_set(survey=survey, period=period, status="ongoing", results=[{**RESULT, "measure": ""}],
                          based_on=first)  # fmt: skip
    assert list(survey.results.values_list("value", flat=True)) == [Decimal("80.00")]


def test_the_report_form_saves_the_results_and_refuses_a_row_without_value(client_as, mjolby_plan):
    survey = mjolby_plan.surveys.first()
    period = mjolby_plan.periods.get(code="T3")
    period.closed_at = None
    period.save()
    url = reverse("followup:survey_report", args=[survey.pk, "T3"])
    current = survey.reports.filter(period=period).latest("created_at")
    prefix = f"s{survey.pk}"
    data = {
        f"{prefix}-status": "done", f"{prefix}-comment": "Klar.", f"{prefix}-based_on": current.pk,
        f"{prefix}-r-TOTAL_FORMS": "1", f"{prefix}-r-INITIAL_FORMS": "0",
        f"{prefix}-r-0-measure": "Bemötande", f"{prefix}-r-0-year": "2024", f"{prefix}-r-0-value": "",
    }  # fmt: skip
    client = client_as("mjolby-controller")

    refused = client.post(url, data, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert "Ange resultat för raden." in refused.content.decode()

    saved = client.post(url, {**data, f"{prefix}-r-0-value": "81,5"}, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200
    result = SurveyResult.objects.get(survey=survey, period=period)
    assert (result.measure, result.value) == ("Bemötande", Decimal("81.50"))
    page = client.get(reverse("followup:report", args=["ks", 2024, "T3"])).content.decode()
    assert 'id="surveys-heading"' in page and 'value="Bemötande"' in page
