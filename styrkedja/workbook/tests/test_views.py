"""The workbook pages: downloads for members, the import for controllers, faults shown cell by cell."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from styrkedja.jobs.models import Job
from styrkedja.plans.models import Plan
from styrkedja.workbook.services import CONTENT_TYPE, workbook_export

pytestmark = pytest.mark.django_db


def _upload(content: bytes, name: str = "plan.xlsx") -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def test_a_member_downloads_the_plans_workbook(client_as, mjolby_plan):
    response = client_as("mjolby-lasare").get(reverse("workbook:export", args=["ks", 2024]))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert 'filename="mjolby-ks-2024-arbetsbok.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Plan"]["C2"].value == "Verksamhetsplan 2024"
    assert workbook["Aktiviteter"].max_row == 1 + mjolby_plan.activities.count()


def test_the_controller_downloads_the_template_of_the_own_municipality(client_as):
    response = client_as("valdemarsvik-controller").get(reverse("workbook:template"))
    assert response.status_code == 200
    units = [
        row[0] for row in load_workbook(io.BytesIO(response.content))["Enheter"].iter_rows(values_only=True)
    ]
    assert "Kommunstyrelsen" in units
    assert "Kommunledningskontoret" not in units  # Mjölby's


def test_the_documents_page_offers_the_workbook_and_to_managers_the_import(client_as, mjolby_plan):
    url = reverse("documents:list", args=["ks", 2024])
    export, upload = reverse("workbook:export", args=["ks", 2024]), reverse("workbook:import")
    body = client_as("mjolby-controller").get(url).content.decode()
    assert export in body and upload in body
    body = client_as("mjolby-lasare").get(url).content.decode()
    assert export in body and upload not in body


def test_a_faulty_workbook_is_shown_fault_by_fault_and_nothing_changes(client_as, mjolby_plan):
    workbook = load_workbook(io.BytesIO(workbook_export(plan=mjolby_plan)))
    workbook["Plan"]["B2"] = 2031
    workbook["Aktivitetsrapporter"]["C3"] = "Klar2"
    workbook["Aktiviteter"]["F4"] = "Okänd enhet"
    buffer = io.BytesIO()
    workbook.save(buffer)
    plans = Plan.objects.count()
    response = client_as("mjolby-controller").post(
        reverse("workbook:import"), {"workbook": _upload(buffer.getvalue())}, follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Arbetsboken lästes inte in: 2 fel" in body
    assert "Ingenting ändrades." in body
    assert "<td>Aktivitetsrapporter</td>\n      <td>3</td>\n      <td>C Status</td>" in body
    assert "”Klar2” är inte ett tillåtet värde" in body
    assert "Enheten ”Okänd enhet” finns inte" in body
    assert Plan.objects.count() == plans


def test_a_workbook_creates_a_plan_and_replaces_one_only_when_asked(client_as, mjolby_plan):
    client = client_as("mjolby-controller")
    workbook = load_workbook(io.BytesIO(workbook_export(plan=mjolby_plan)))
    workbook["Plan"]["B2"] = 2031
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(reverse("workbook:import"), {"workbook": _upload(buffer.getvalue())})
    # The workbook is read in the background: the request keeps it, queues the work and leads
    # to the job's page, which says how it went and leads on to the plan.
    job = Job.objects.get(kind="workbook_import")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    plan = Plan.objects.get(municipality=mjolby_plan.municipality, year=2031)
    assert job.plan == plan and job.parameters == {"filename": "plan.xlsx", "mode": "create"}
    assert bytes(job.payload) == b""  # the file is not kept once read
    assert plan.activities.count() == mjolby_plan.activities.count()
    page = client.get(response["Location"]).content.decode()
    assert "Planen Verksamhetsplan 2024 är inläst." in page
    assert reverse("plans:detail", args=["ks", 2031]) in page

    response = client.post(reverse("workbook:import"), {"workbook": _upload(buffer.getvalue())}, follow=True)
    assert "finns redan" in response.content.decode()
    response = client.post(
        reverse("workbook:import"), {"workbook": _upload(buffer.getvalue()), "mode": "replace"}, follow=True
    )
    assert "är ersatt av arbetsbokens innehåll" in response.content.decode()
    # Replaced in place: the same plan, with the same activities (and their addresses).
    (replaced,) = Plan.objects.filter(municipality=mjolby_plan.municipality, year=2031)
    assert replaced.pk == plan.pk
    assert set(replaced.activities.values_list("pk", flat=True)) == set(
        plan.activities.values_list("pk", flat=True)
    )


def test_the_import_page_without_a_file_says_so(client_as):
    response = client_as("mjolby-controller").post(reverse("workbook:import"), {})
    assert response.status_code == 200
    # Django REST Framework's Swedish words for a required field, which take precedence over Django's.
    assert "Det här fältet är obligatoriskt." in response.content.decode()


def test_the_controller_updates_the_reports_of_a_plan_from_its_workbook(client_as):
    client = client_as("mjolby-controller")
    content = client.get(reverse("workbook:export", args=["ks", 2025])).content
    workbook = load_workbook(io.BytesIO(content))
    worksheet = workbook["Aktivitetsrapporter"]
    worksheet.append([1, "T1", "Klart", "Riktlinjerna är antagna."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        reverse("workbook:import"), {"workbook": _upload(buffer.getvalue()), "mode": "update"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert reverse("plans:detail", args=["ks", 2025]) in page
    expected = "Rapporterna i Verksamhetsplan 2025 är uppdaterade: 1 aktivitetsrapport och 0 målrapporter"
    assert expected in page
    plan = Plan.objects.get(municipality__slug="mjolby", year=2025)
    report = plan.activities.order_by("order").first().reports.get()
    assert (report.status, report.comment, report.created_by.username) == (
        "done", "Riktlinjerna är antagna.", "mjolby-controller",
    )  # fmt: skip
