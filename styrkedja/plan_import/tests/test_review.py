"""The review of a read-in document: nothing exists before acceptance, every correction is kept and
audited, and acceptance makes the draft plan in one step, with the document beside it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.jobs.models import Job
from styrkedja.plan_import import editing
from styrkedja.plan_import.choices import PlanImportStatus
from styrkedja.plan_import.models import PlanImport
from styrkedja.plan_import.proposal import REVIEW_KEY, SURE
from styrkedja.plan_import.reading import MAX_BYTES
from styrkedja.plan_import.services import (
    plan_import_accept,
    plan_import_create,
    plan_import_discard,
    plan_import_item_merge,
    plan_import_item_move,
    plan_import_item_split,
    plan_import_item_update,
    plan_import_unit_create,
    plan_import_unit_match,
    unknown_units,
)
from styrkedja.plan_import.tests.expected import seed
from styrkedja.plans.models import Plan
from styrkedja.plans.selectors import plan_decision_latest
from styrkedja.tenancy.models import OrgUnit

pytestmark = pytest.mark.django_db

MJOLBY_T3 = "mjolby-ks-2024-t3.txt"
UNKNOWN_UNIT_TEXT = """1. Kommunfullmäktiges mål till nämnden

1.1 Kommunfullmäktiges mål 1 till nämnden
Mjölby ska vara trygg. Andelen trygga ökar.

1.1.1 Uppföljning av aktiviteter och projekt
Aktivitet och kort beskrivning
Nuläge
T3
Ansvarig Samverkan med /kommentar

Bygga en ny bro (P) Pågår Brokontoret Polisen

Måla staketet (A) Pågående Kommunledningskontoret -
"""


@pytest.fixture
def controller(members):
    return members["mjolby-controller"]


@pytest.fixture
def board(mjolby):
    return OrgUnit.objects.get(municipality=mjolby, slug="ks")


def _read(mjolby, user, content=None, filename=MJOLBY_T3) -> PlanImport:
    return plan_import_create(
        municipality=mjolby, user=user, content=content or seed(MJOLBY_T3), filename=filename
    )


def _activity(plan_import, title_start: str) -> dict:
    plan_import.refresh_from_db()
    return next(
        found.item
        for found in editing.items(plan_import.proposal["plan"])
        if found.kind == editing.ACTIVITY and found.item["title"].startswith(title_start)
    )


def test_reading_keeps_the_document_and_a_numbered_proposal_and_makes_no_plan(mjolby, controller):
    plans = Plan.objects.count()
    plan_import = _read(mjolby, controller)
    assert Plan.objects.count() == plans
    assert bytes(plan_import.content) == seed(MJOLBY_T3) and plan_import.status == PlanImportStatus.REVIEW
    ids = [editing.item_id(found.item) for found in editing.items(plan_import.proposal["plan"])]
    assert len(ids) == len(set(ids)) == 7 + 38 and all(ids)
    assert editing.counts(plan_import.proposal["plan"])["activity"] == 38
    entry = AuditEntry.objects.get(action="plan_import.document.read", object_id=str(plan_import.pk))
    assert entry.user == controller and entry.data["activitys"] == [None, 38]
    assert list(plan_import.status_changes.values_list("status", flat=True)) == ["review"]


def test_a_correction_is_kept_audited_and_a_stale_form_is_refused(mjolby, controller):
    plan_import = _read(mjolby, controller)
    activity = _activity(plan_import, "Aktiviteter för att prioritera")
    item = activity[REVIEW_KEY]["id"]
    plan_import_item_update(
        plan_import=plan_import,
        user=controller,
        item=item,
        version=1,
        fields={
            "status": "Pågår",
            "responsible": "Samhällsbyggnadsförvaltningen",
            "collaborators": [{"partner": "Polisen"}],
        },
    )
    changed = _activity(plan_import, "Aktiviteter för att prioritera")
    assert changed["reports"] == [{"period": "T3", "status": "Pågår"}]
    assert changed["responsible"] == "Samhällsbyggnadsförvaltningen" and changed["collaborators"] == [
        {"partner": "Polisen"}
    ]
    assert changed[REVIEW_KEY]["checked"] is True and plan_import.version == 2
    entry = AuditEntry.objects.filter(action="plan_import.item.changed").latest("pk")
    assert entry.data["responsible"] == ["Kommunledningskontoret", "Samhällsbyggnadsförvaltningen"]
    assert entry.data["reports"][1] == [{"period": "T3", "status": "Pågår"}]
    with pytest.raises(ValidationError, match="ändrats av någon annan"):
        plan_import_item_update(
            plan_import=plan_import, user=controller, item=item, version=1, fields={"title": "Gammal"}
        )
    assert _activity(plan_import, "Aktiviteter för att prioritera")["title"] != "Gammal"


def test_move_merge_and_split(mjolby, controller):
    plan_import = _read(mjolby, controller)
    plan = plan_import.proposal["plan"]
    first_goal, last_goal = plan["goals"][0], plan["goals"][-1]
    moved = first_goal["activities"][0][REVIEW_KEY]["id"]
    plan_import_item_move(
        plan_import=plan_import, user=controller, item=moved, goal=last_goal[REVIEW_KEY]["id"], version=1
    )
    plan_import.refresh_from_db()
    plan = plan_import.proposal["plan"]
    assert editing.item_id(plan["goals"][-1]["activities"][-1]) == moved
    assert len(plan["goals"][0]["activities"]) == 4

    second, third = plan["goals"][0]["activities"][:2]
    joined = f"{second['title']} {third['title']}"
    plan_import_item_merge(plan_import=plan_import, user=controller, item=editing.item_id(third), version=2)
    plan_import.refresh_from_db()
    activities = plan_import.proposal["plan"]["goals"][0]["activities"]
    assert len(activities) == 3 and activities[0]["title"] == joined

    at = third["title"].split()[0]
    plan_import_item_split(
        plan_import=plan_import, user=controller, item=editing.item_id(activities[0]), at=at, version=3
    )
    plan_import.refresh_from_db()
    activities = plan_import.proposal["plan"]["goals"][0]["activities"]
    assert [activities[0]["title"], activities[1]["title"]] == [second["title"], third["title"]]
    assert editing.item_id(activities[1]) not in ("", editing.item_id(activities[0]))
    assert editing.counts(plan_import.proposal["plan"])["activity"] == 38
    with pytest.raises(ValidationError, match="står inte inne i rubriken"):
        plan_import_item_split(
            plan_import=plan_import,
            user=controller,
            item=editing.item_id(activities[0]),
            at="ordetfinnsinte",
            version=4,
        )
    actions = set(AuditEntry.objects.filter(object_id=str(plan_import.pk)).values_list("action", flat=True))
    assert {"plan_import.item.moved", "plan_import.item.merged", "plan_import.item.split"} <= actions


def test_accepting_makes_the_draft_plan_in_one_step_with_the_document(mjolby, controller, board):
    plan_import = _read(mjolby, controller)
    item = _activity(plan_import, "Aktiviteter för att prioritera")[REVIEW_KEY]["id"]
    plan_import_item_update(
        plan_import=plan_import, user=controller, item=item, version=1, fields={"status": "Pågår"}
    )
    plan = plan_import_accept(
        plan_import=plan_import,
        user=controller,
        board=board,
        year=2023,
        title="Verksamhetsplan 2023",
        version=2,
    )
    assert (plan.year, plan.title, plan.board) == (2023, "Verksamhetsplan 2023", board)
    assert plan_decision_latest(plan=plan) is None  # a draft (utkast)
    assert plan.goals.count() == 7 and plan.activities.count() == 38
    activity = plan.activities.get(title__startswith="Aktiviteter för att prioritera")
    report = activity.reports.get(period__code="T3")
    assert report.status == "ongoing" and report.period.ends_on.isoformat() == "2023-12-31"
    plan_import.refresh_from_db()
    assert plan_import.plan == plan and plan_import.status == PlanImportStatus.ACCEPTED
    assert bytes(plan.imports.get().content) == seed(MJOLBY_T3)
    assert AuditEntry.objects.filter(action="plan_import.accepted", object_id=str(plan_import.pk)).exists()
    assert AuditEntry.objects.filter(action="plandata.plan.loaded").latest("pk").user == controller
    with pytest.raises(ValidationError, match="redan godkänd"):
        plan_import_accept(
            plan_import=plan_import, user=controller, board=board, year=2022, title="Igen", version=3
        )


def test_an_existing_plan_is_not_overwritten_and_nothing_is_half_made(mjolby, controller, board):
    plan_import = _read(mjolby, controller)
    plans, goals = Plan.objects.count(), mjolby.plans.get(year=2024).goals.count()
    with pytest.raises(ValidationError, match="har redan en plan för 2024"):
        plan_import_accept(
            plan_import=plan_import, user=controller, board=board, year=2024, title="Ny", version=1
        )
    assert Plan.objects.count() == plans and mjolby.plans.get(year=2024).goals.count() == goals
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImportStatus.REVIEW


def test_an_unknown_unit_is_matched_or_created_before_acceptance(mjolby, controller, members, board):
    plan_import = _read(mjolby, controller, content=UNKNOWN_UNIT_TEXT.encode(), filename="plan.txt")
    assert unknown_units(plan_import) == ["Brokontoret"]
    bridge = _activity(plan_import, "Bygga en ny bro")
    assert bridge["collaborators"] == [{"partner": "Polisen"}]
    with pytest.raises(ValidationError, match="Brokontoret"):
        plan_import_accept(
            plan_import=plan_import, user=controller, board=board, year=2030, title="P", version=1
        )
    administrator = members["mjolby-administrator"]
    plan_import_unit_create(
        plan_import=plan_import,
        user=administrator,
        name="Brokontoret",
        new_name="Brokontoret",
        kind="office",
        parent=None,
        version=1,
    )
    assert OrgUnit.objects.filter(municipality=mjolby, name="Brokontoret").exists()
    assert unknown_units(plan_import) == []
    plan = plan_import_accept(
        plan_import=plan_import, user=controller, board=board, year=2030, title="P", version=2
    )
    assert plan.activities.get(title="Bygga en ny bro").responsible_unit.name == "Brokontoret"


def test_matching_an_unknown_unit_reads_it_as_the_municipalitys(mjolby, controller):
    plan_import = _read(mjolby, controller, content=UNKNOWN_UNIT_TEXT.encode(), filename="plan.txt")
    unit = OrgUnit.objects.get(municipality=mjolby, name="Kommunledningskontoret")
    plan_import_unit_match(plan_import=plan_import, user=controller, name="Brokontoret", unit=unit, version=1)
    assert _activity(plan_import, "Bygga en ny bro")["responsible"] == "Kommunledningskontoret"
    entry = AuditEntry.objects.get(action="plan_import.unit.matched")
    assert entry.data["unit"] == ["Brokontoret", "Kommunledningskontoret"]


def test_discarding_removes_the_document_and_keeps_the_history(mjolby, controller):
    plan_import = _read(mjolby, controller)
    plan_import_discard(plan_import=plan_import, user=controller)
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImportStatus.DISCARDED and bytes(plan_import.content) == b""
    assert list(plan_import.status_changes.values_list("status", flat=True)) == ["review", "discarded"]


# The pages ---------------------------------------------------------------------------------------


def test_the_controller_uploads_reviews_corrects_and_accepts_in_the_pages(client_as, mjolby):
    client = client_as("mjolby-controller")
    response = client.post(
        reverse("plan_import:index"),
        {"document": SimpleUploadedFile(MJOLBY_T3, seed(MJOLBY_T3), "text/plain"), "period": ""},
    )
    # Read in the background (at once in the tests): the job's page leads to the review.
    plan_import = PlanImport.objects.get(municipality=mjolby)
    job = Job.objects.get(municipality=mjolby, kind="plan_document_read")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    outcome = client.get(response["Location"]).content.decode()
    assert "Dokumentet är läst: 7 mål, 38 aktiviteter, 0 indikatorer och 0 uppdrag föreslås." in outcome
    review_url = reverse("plan_import:review", args=[plan_import.pk])
    assert review_url in outcome and bytes(Job.objects.get(pk=job.pk).payload) == b""
    page = client.get(review_url).content.decode()
    assert "38 aktiviteter" in page and "Lästes men placerades inte" in page and "s. 1, rad 55" in page
    unsure = sum(
        found.item[REVIEW_KEY]["confidence"] < SURE for found in editing.items(plan_import.proposal["plan"])
    )
    assert unsure and f"{unsure} poster är fortfarande markerade ”Granska”" in page
    item = _activity(plan_import, "Aktiviteter för att prioritera")[REVIEW_KEY]["id"]
    url = reverse("plan_import:item", args=[plan_import.pk, item])
    form = client.get(url).content.decode()
    assert 'value="Klart" selected' in form
    response = client.post(
        url,
        {
            "action": "save",
            "version": "1",
            "title": "Aktiviteter för att prioritera vid elbortfall",
            "kind": "P",
            "status": "Pågår",
            "responsible": "Samhällsbyggnadsförvaltningen",
            "collaborators": "Polisen\nAlla förvaltningar",
            "goal": editing.item_id(plan_import.proposal["plan"]["goals"][1]),
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    activity = _activity(plan_import, "Aktiviteter för att prioritera vid elbortfall")
    assert activity["collaborators"] == [{"partner": "Polisen"}, {"text": "Alla förvaltningar"}]
    assert activity in plan_import.proposal["plan"]["goals"][1]["activities"]
    response = client.post(
        reverse("plan_import:accept", args=[plan_import.pk]),
        {
            "version": "2",
            "board": OrgUnit.objects.get(municipality=mjolby, slug="ks").pk,
            "year": "2023",
            "title": "VP 2023",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=["ks", 2023])
    plan_page = client.get(response["Location"]).content.decode()
    assert reverse("plan_import:document", args=[plan_import.pk]) in plan_page
    download = client_as("mjolby-lasare").get(reverse("plan_import:document", args=[plan_import.pk]))
    assert download.status_code == 200, download.content.decode()[:3000]
    assert b"".join(download.streaming_content) == seed(MJOLBY_T3)


def test_a_document_that_cannot_be_read_is_told_in_swedish_and_nothing_is_kept(client_as, mjolby):
    client = client_as("mjolby-controller")
    response = client.post(
        reverse("plan_import:index"),
        {"document": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 trasig", "application/pdf")},
    )
    assert response.status_code == 302
    outcome = client.get(response["Location"]).content.decode()
    assert "är inte en läsbar PDF: den är trasig eller ofullständig" in outcome
    assert reverse("plan_import:index") in outcome
    assert not PlanImport.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="plan_import.").exists()


def test_a_file_too_large_is_refused_before_it_is_read(client_as, mjolby):
    response = client_as("mjolby-controller").post(
        reverse("plan_import:index"),
        {"document": SimpleUploadedFile("plan.pdf", b"%PDF" + b" " * MAX_BYTES, "application/pdf")},
    )
    assert response.status_code == 200 and "Filen är större än 20 MB." in response.content.decode()
    assert not Job.objects.filter(kind="plan_document_read").exists()


def test_a_stale_form_is_refused_with_a_message_and_the_form_kept(client_as, mjolby, members):
    plan_import = _read(mjolby, members["mjolby-controller"])
    goal = plan_import.proposal["plan"]["goals"][0]
    url = reverse("plan_import:item", args=[plan_import.pk, editing.item_id(goal)])
    client = client_as("mjolby-controller")
    assert (
        client.post(url, {"action": "save", "version": "1", "number": "1", "text": "Ny text"}).status_code
        == 302
    )
    response = client.post(url, {"action": "save", "version": "1", "number": "1", "text": "Annan text"})
    assert response.status_code == 400 and "ändrats av någon annan" in response.content.decode()
    plan_import.refresh_from_db()
    assert plan_import.proposal["plan"]["goals"][0]["text"] == "Ny text"


def test_a_word_tables_rows_are_told_apart_in_the_source(mjolby, controller):
    import io

    import docx

    document = docx.Document()
    document.add_heading("Nämndspecifikt mål 1", level=2)
    document.add_paragraph("Mjölby ska ha trygga broar. Alla broar besiktigas.")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ["Aktivitet", "Nuläge T3", "Ansvarig"],
            ["Bygga en bro (P)", "Pågår", "Sbf"],
            ["Måla (A)", "Klar", "Sbf"],
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    content = io.BytesIO()
    document.save(content)
    plan_import = _read(mjolby, controller, content=content.getvalue(), filename="plan.docx")
    bridge, paint = plan_import.proposal["plan"]["goals"][0]["activities"]
    assert (bridge[REVIEW_KEY]["row"], paint[REVIEW_KEY]["row"]) == (2, 3)
    assert bridge["responsible"] == "Samhällsbyggnadsförvaltningen"
    assert paint["reports"] == [{"period": "T3", "status": "Klart"}]


def test_merging_the_first_item_is_refused_with_a_message(client_as, mjolby, members):
    plan_import = _read(mjolby, members["mjolby-controller"])
    first = plan_import.proposal["plan"]["goals"][0]["activities"][0]
    url = reverse("plan_import:item", args=[plan_import.pk, editing.item_id(first)])
    response = client_as("mjolby-controller").post(url, {"action": "merge", "version": "1"}, follow=True)
    assert response.status_code == 200
    assert "Det finns ingen post före denna att slå ihop den med." in response.content.decode()
    plan_import.refresh_from_db()
    assert plan_import.version == 1


def test_a_goals_label_names_its_level_and_number_once(valdemarsvik):
    from styrkedja.plan_import.forms import level_headings

    headings = level_headings(valdemarsvik)
    placeholder = {"level": "inriktningsmal", "number": "1", "title": "Inriktningsmål 1"}
    child = {"level": "resultatmal", "number": "1.1", "text": "Kommunen ska uppnå budgeterat överskott."}
    assert editing.goal_label(placeholder, headings) == "Inriktningsmål 1"
    assert editing.goal_label(child, headings) == "Resultatmål 1.1: Kommunen ska uppnå budgeterat överskott."


def test_a_correction_is_held_to_the_limits_of_the_plans_texts(client_as, mjolby, members):
    plan_import = _read(mjolby, members["mjolby-controller"])
    activity = plan_import.proposal["plan"]["goals"][0]["activities"][0]
    url = reverse("plan_import:item", args=[plan_import.pk, editing.item_id(activity)])
    response = client_as("mjolby-controller").post(
        url, {"action": "save", "version": "1", "title": "x" * 1001, "kind": "A", "goal": ""}
    )
    assert response.status_code == 400
    assert "Säkerställ att detta värde har som mest 1000 tecken (den har 1001)." in response.content.decode()
    plan_import.refresh_from_db()
    assert plan_import.version == 1
