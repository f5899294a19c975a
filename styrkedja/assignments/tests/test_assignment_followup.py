"""Assignments (uppdrag) followed up like activities: reports as history, the four statuses in the
municipality's words, their counts in the summary, the lists of what is missing and the documents."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from styrkedja.assignments.choices import AssignmentStatus
from styrkedja.assignments.models import Assignment
from styrkedja.assignments.selectors import assignment_counts, assignment_status_labels
from styrkedja.assignments.services import assignment_report_set, assignment_status_labels_set
from styrkedja.audit.history import history_for
from styrkedja.documents.blocks import Heading, Paragraph, Table
from styrkedja.documents.content import followup_document
from styrkedja.followup.selectors import (
    period_missing_reports,
    period_progress,
    plan_summary,
    reporting_todo,
)
from styrkedja.followup.services import PeriodClosed, ReportConflict
from styrkedja.followup.texts import summary_sentence


def _assignment(b, key: str, unit=None) -> Assignment:
    return Assignment.objects.create(
        plan=b.plan, key=key, title=f"Uppdrag {key}", responsible_unit=unit or b.unit, order=len(key)
    )


def _four(b) -> list[Assignment]:
    """Four assignments at T1, one at each status, and a fifth not reported."""
    found = []
    for key, status in zip("abcd", AssignmentStatus.values, strict=True):
        assignment = _assignment(b, key)
        assignment_report_set(assignment=assignment, period=b.periods["T1"], status=status, comment=key)
        found.append(assignment)
    found.append(_assignment(b, "e"))
    return found


def test_each_status_is_counted_and_an_unreported_one_is_not_reported(build_plan):
    b = build_plan()
    _four(b)

    counts = assignment_counts(plan=b.plan, period=b.periods["T1"])

    assert counts.as_dict() == {
        "total": 5, "not_started": 1, "ongoing": 1, "done": 1, "not_done": 1, "not_reported": 1,
    }  # fmt: skip
    assert assignment_counts(plan=b.plan, period=b.periods["T2"]).not_reported == 5
    summary = plan_summary(plan=b.plan, period=b.periods["T1"])
    assert summary.assignments == counts
    assert [(label, n) for _key, label, n in summary.assignment_rows] == [
        ("Ej påbörjat", 1), ("Pågår", 1), ("Genomfört", 1), ("Ej genomfört", 1),
    ]  # fmt: skip


def test_the_summary_sentence_counts_the_assignments_in_the_municipalitys_words(build_plan):
    b = build_plan()
    b.activity(b.goal("g1"), T1="done")
    assignments = [_assignment(b, key) for key in ("a", "b", "c", "d")]
    for assignment, status in zip(assignments, ["done", "done", "done", "ongoing"], strict=True):
        assignment_report_set(assignment=assignment, period=b.periods["T1"], status=status)

    sentence = summary_sentence(plan_summary(plan=b.plan, period=b.periods["T1"]))
    assert sentence.endswith("Av 4 uppdrag är 3 genomförda och 1 pågående.")

    assignment_status_labels_set(municipality=b.municipality, labels={"done": "Klart"})
    sentence = summary_sentence(plan_summary(plan=b.plan, period=b.periods["T1"]))
    assert sentence.endswith("Av 4 uppdrag har 3 status ”Klart” och 1 status ”Pågår”.")
    assert "Planen har 4 uppdrag." in summary_sentence(plan_summary(plan=b.plan))


def test_plan_summary_json_carries_the_assignment_counts(db):
    out = io.StringIO()
    call_command("plan_summary", "valdemarsvik/ks/2023", "--period", "T1", "--json", stdout=out)

    assignments = json.loads(out.getvalue())["assignments"]

    # The demo reports the plan's four assignments at T1.
    assert {key: assignments[key] for key in ("total", "not_started", "ongoing", "done", "not_done")} == {
        "total": 4, "not_started": 1, "ongoing": 2, "done": 1, "not_done": 0,
    }  # fmt: skip
    assert assignments["labels"]["done"] == "Genomfört"


def test_a_report_is_history_unchanged_input_adds_nothing_and_the_audit_log_has_before_and_after(build_plan):
    b = build_plan()
    assignment = _assignment(b, "a")
    period = b.periods["T1"]
    first = assignment_report_set(assignment=assignment, period=period, status="ongoing", comment="Start")
    same = assignment_report_set(assignment=assignment, period=period, status="ongoing", comment="Start")
    assert same == first
    assignment_report_set(
        assignment=assignment, period=period, status="not_done", comment="Start",
        prognosis="Blir inte klart", corrective_actions="Mer resurser", based_on=first,
    )  # fmt: skip

    rows = list(assignment.reports.values_list("status", "prognosis", "corrective_actions"))
    assert rows == [("ongoing", "", ""), ("not_done", "Blir inte klart", "Mer resurser")]
    entries = history_for(municipality=b.municipality, obj=assignment)
    assert len(entries) == 2  # the unchanged input wrote nothing
    entry = entries[0]  # the newest first
    changes = {change.label: (change.before, change.after) for change in entry.changes}
    assert changes["Status"] == ("Pågår", "Ej genomfört")
    assert changes["Prognos"] == ("", "Blir inte klart")
    assert changes["Korrigerande åtgärder"] == ("", "Mer resurser")


def test_a_report_saved_by_someone_else_meanwhile_is_a_conflict(build_plan):
    b = build_plan()
    assignment = _assignment(b, "a")
    period = b.periods["T1"]
    theirs = assignment_report_set(assignment=assignment, period=period, status="ongoing", comment="Deras")

    with pytest.raises(ReportConflict) as raised:
        assignment_report_set(
            assignment=assignment, period=period, status="done", comment="Min", based_on=None
        )

    assert raised.value.current == theirs
    assert assignment.reports.count() == 1


def test_a_closed_period_takes_no_report_and_bad_input_is_refused(build_plan):
    b = build_plan()
    assignment = _assignment(b, "a")
    period = b.periods["T1"]
    period.closed_at = timezone.now()
    period.save()

    with pytest.raises(PeriodClosed):
        assignment_report_set(assignment=assignment, period=period, status="done")
    with pytest.raises(ValidationError):
        assignment_report_set(assignment=assignment, period=b.periods["T2"], status="klart")
    with pytest.raises(ValidationError) as raised:
        assignment_report_set(
            assignment=assignment, period=b.periods["T2"], status="done", prognosis="x" * 7000
        )
    assert "prognosis" in raised.value.message_dict
    assert assignment.reports.count() == 0


def test_the_status_words_cannot_be_the_same_and_empty_gives_the_standard_word_back(build_plan):
    b = build_plan()
    with pytest.raises(ValidationError):
        assignment_status_labels_set(municipality=b.municipality, labels={"done": "Pågår"})
    assignment_status_labels_set(
        municipality=b.municipality, labels={"done": "Klart", "not_done": "Inte klart"}
    )
    assert assignment_status_labels(municipality_id=b.municipality.pk)["done"] == "Klart"
    assignment_status_labels_set(municipality=b.municipality, labels={"done": ""})
    labels = assignment_status_labels(municipality_id=b.municipality.pk)
    assert labels == {
        "not_started": "Ej påbörjat",
        "ongoing": "Pågår",
        "done": "Genomfört",
        "not_done": "Inte klart",
    }


def test_the_lists_of_what_is_missing_know_assignments(build_plan, django_user_model):
    b = build_plan()
    reported, missing = _assignment(b, "a"), _assignment(b, "b")
    without_unit = Assignment.objects.create(plan=b.plan, key="c", title="Utan enhet")
    assignment_report_set(assignment=reported, period=b.periods["T1"], status="done")

    found = period_missing_reports(period=b.periods["T1"])
    assert [entry.assignments for entry in found.by_unit] == [[missing]]
    assert found.assignments_without_unit == [without_unit]
    assert found.assignment_count == 2 and found.count == 2
    progress = {row.period.code: row for row in period_progress(plan=b.plan)}
    assert (
        progress["T1"].assignments_reported,
        progress["T1"].assignments_total,
        progress["T1"].missing,
    ) == (1, 3, 2)

    controller = django_user_model.objects.create_user("controller")
    from styrkedja.tenancy.models import Membership

    Membership.objects.create(user=controller, municipality=b.municipality, role="controller")
    todo = {item.period.code: item for item in reporting_todo(user=controller, municipality=b.municipality)}
    assert set(todo["T1"].assignments) == {missing, without_unit}
    assert todo["T1"].count == 2
    assert len(todo["T2"].assignments) == 3


def test_the_followup_document_has_the_assignments_with_status_work_prognosis_and_actions(valdemarsvik_plan):
    assignment_status_labels_set(municipality=valdemarsvik_plan.municipality, labels={"done": "Klart"})
    document = followup_document(plan=valdemarsvik_plan, period=valdemarsvik_plan.periods.get(code="T1"))

    headings = [block.text for block in document.blocks if isinstance(block, Heading)]
    start = document.blocks.index(
        next(b for b in document.blocks if isinstance(b, Heading) and b.text == "Uppdrag")
    )
    chapter = document.blocks[start:]
    counts = next(block for block in chapter if isinstance(block, Table))
    assert counts.rows == [
        ["Ej påbörjat", "1"],
        ["Pågår", "2"],
        ["Klart", "1"],
        ["Ej genomfört", "0"],
        ["Totalt", "4"],
    ]
    assert isinstance(chapter[1], Paragraph)
    assert chapter[1].text == (
        "Av 4 uppdrag har 1 status ”Klart”, 2 status ”Pågår” och 1 status ”Ej påbörjat”."
    )
    assert any(heading.startswith("Prioritera framtagandet av detaljplaner") for heading in headings)
    labelled = [
        (block.label, block.text) for block in chapter if isinstance(block, Paragraph) and block.label
    ]
    assert ("Nuläge:", "Klart") in labelled
    assert any(
        label == "Korrigerande åtgärder:" and text.startswith("Demotext: Prioritetsordningen")
        for label, text in labelled
    )
    assert any(label == "Prognos:" for label, _text in labelled)


def test_the_report_page_has_a_section_of_assignments_and_one_is_saved_in_place(client_as, valdemarsvik_plan):
    period = valdemarsvik_plan.periods.get(code="T1")
    assignment = valdemarsvik_plan.assignments.get(key="detaljplaner")
    client = client_as("valdemarsvik-controller")

    page = client.get(reverse("followup:report", args=["ks", 2023, "T1"])).content.decode()
    assert 'id="assignments-heading"' in page
    assert f'id="assignment-{assignment.pk}-T1"' in page
    assert "Korrigerande åtgärder" in page

    url = reverse("followup:assignment_report", args=[assignment.pk, "T1"])
    current = assignment.reports.filter(period=period).latest("created_at")
    response = client.post(
        url,
        {f"u{assignment.pk}-status": "not_done", f"u{assignment.pk}-comment": "Inte klart",
         f"u{assignment.pk}-prognosis": "Blir inte klart", f"u{assignment.pk}-based_on": current.pk},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200
    assert "Sparat." in response.content.decode()
    assert assignment.reports.filter(period=period).latest("created_at").status == "not_done"

    # The same form again, from the report now replaced: someone else's save is not overwritten.
    stale = client.post(
        url,
        {f"u{assignment.pk}-status": "done", f"u{assignment.pk}-based_on": current.pk},
        HTTP_HX_REQUEST="true",
    )
    assert stale.status_code == 409


def test_a_reporter_of_another_unit_is_refused(client_as, valdemarsvik_plan):
    assignment = valdemarsvik_plan.assignments.get(key="skolresultat")  # Sektor Barn, utbildning, …
    other = valdemarsvik_plan.municipality.units.get(name="Sektor Stöd och omsorg")
    Assignment.objects.filter(pk=assignment.pk).update(responsible_unit=other)
    url = reverse("followup:assignment_report", args=[assignment.pk, "T1"])

    response = client_as("valdemarsvik-rapportor").post(url, {f"u{assignment.pk}-status": "done"})

    assert response.status_code == 403
    assert assignment.reports.count() == 1


def test_the_administrator_sets_the_status_words_and_the_assignments_page_uses_them(
    client_as, valdemarsvik_plan
):
    response = client_as("valdemarsvik-administrator").post(
        reverse("assignments:status_labels"), {"done": "Klart", "not_started": "Ej startat"}
    )
    assert response.status_code == 302
    page = (
        client_as("valdemarsvik-lasare").get(reverse("assignments:list", args=["ks", 2023])).content.decode()
    )
    assert "Klart" in page and "Ej startat" in page
    refused = client_as("valdemarsvik-controller").get(reverse("assignments:status_labels"))
    assert refused.status_code == 403


def test_the_followup_workbook_has_a_sheet_of_assignments_and_their_counts(valdemarsvik_plan):
    from openpyxl import load_workbook

    from styrkedja.documents.spreadsheet import followup_spreadsheet

    assignment_status_labels_set(municipality=valdemarsvik_plan.municipality, labels={"done": "Klart"})
    content = followup_spreadsheet(plan=valdemarsvik_plan, period=valdemarsvik_plan.periods.get(code="T1"))
    workbook = load_workbook(io.BytesIO(content))

    rows = list(workbook["Uppdrag"].values)
    assert rows[0][:6] == (
        "Uppdrag",
        "Ansvarig",
        "Nuläge",
        "Genomfört arbete",
        "Prognos",
        "Korrigerande åtgärder",
    )
    by_title = {row[0]: row for row in rows[1:]}
    miljo = next(row for title, row in by_title.items() if title.startswith("Stimulera åtgärder"))
    assert miljo[2] == "Klart" and miljo[3].startswith("Demotext:")
    summary = dict(row[:2] for row in workbook["Sammanfattning"].values)
    assert (summary["Uppdrag"], summary["Uppdrag: Klart"], summary["Uppdrag: Pågår"]) == (4, 1, 2)
