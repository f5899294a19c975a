"""Publishing a plan or follow-up: what may be published, what is fixed, and withdrawing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.followup.models import ActivityReport
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.plans.services import plan_adopt, plan_revision_open
from styrkedja.publishing.models import Publication
from styrkedja.publishing.selectors import (
    plan_publications,
    public_version_number,
    publication_public_get,
    publications_public,
)
from styrkedja.publishing.services import publication_publish, publication_withdraw


@pytest.fixture
def plan_2024(db):
    return plan_get_by_name(name="mjolby/ks/2024")


def test_the_demo_publishes_mjolbys_t3_report_and_nothing_else(mjolby, valdemarsvik):
    public = publications_public(municipality=mjolby)
    assert [(p.plan.name, p.period.code if p.period else None) for p in public] == [("mjolby/ks/2024", "T3")]
    assert publications_public(municipality=valdemarsvik) == []


def test_a_follow_up_is_published_with_its_content_and_documents_fixed(plan_2024, members):
    controller = members["mjolby-controller"]
    period = plan_2024.periods.get(code="T3")
    version = public_version_number(municipality=plan_2024.municipality)
    publication = publication_publish(plan=plan_2024, period=period, user=controller)

    snapshot = publication.snapshot
    assert snapshot["plan"]["title"] == "Verksamhetsplan 2024" and snapshot["period"]["code"] == "T3"
    activities = [a for goal in snapshot["goals"] for a in goal["activities"]] + snapshot[
        "special_initiatives"
    ]
    assert len(activities) == plan_2024.activities.count() == 38
    assert len(snapshot["goals"]) == plan_2024.goals.count()
    assert snapshot["summary"]["activities"]["done"] == 25
    assert "25 av dessa genomförts" in snapshot["summary"]["sentence"]
    indicator = next(i for goal in snapshot["goals"] for i in goal["indicators"] if i["values"])
    assert indicator["chart_html"].lstrip().startswith("<figure") and "<svg" in indicator["chart_html"]
    assert "<table" not in indicator["chart_html"]  # the values are the snapshot's own table
    assert snapshot["comments"][0] == {
        "topic": "summary",
        "heading": "Sammanfattning",
        "text": "Flera av dessa har överförts till 2025 års verksamhetsplan.",
    }
    documents = {d.format: d for d in publication.documents.all()}
    assert set(documents) == {"pdf", "docx"}
    assert bytes(documents["pdf"].content[:4]) == b"%PDF"
    assert bytes(documents["docx"].content[:2]) == b"PK"  # a zip: the Word file
    assert documents["pdf"].size == len(documents["pdf"].content)
    assert public_version_number(municipality=plan_2024.municipality) == version + 1

    entry = AuditEntry.objects.get(action="publishing.publication.published", object_id=str(publication.pk))
    assert entry.user == controller and entry.data["edition"] == "t3"

    # A later report changes the plan, not what was published.
    activity = plan_2024.activities.order_by("pk").first()
    ActivityReport.objects.create(activity=activity, period=period, status="not_started", comment="Ångrat.")
    publication.refresh_from_db()
    published = next(
        a for g in publication.snapshot["goals"] for a in g["activities"] if a["id"] == activity.pk
    )
    assert published["comment"] != "Ångrat."
    # The newest publication is the one shown.
    assert (
        publication_public_get(municipality=plan_2024.municipality, board="ks", year=2024, edition="T3")
        == publication
    )


def test_what_is_not_final_is_refused_in_words(plan_2024, members):
    draft = plan_get_by_name(name="mjolby/ks/2025")
    with pytest.raises(ValidationError, match="T1 är inte stängd"):
        publication_publish(plan=draft, period=draft.periods.get(code="T1"))
    with pytest.raises(ValidationError, match="Planen är inte beslutad"):
        publication_publish(plan=draft)
    with pytest.raises(ValidationError, match="hör inte till planen"):
        publication_publish(plan=draft, period=plan_2024.periods.get(code="T3"))
    assert not draft.publications.exists()


def test_an_adopted_plan_is_published_but_not_during_a_revision(plan_2024, members):
    plan_adopt(plan=plan_2024, decided_by="KS", decided_on=datetime.date(2023, 12, 12), reference="§ 210")
    publication = publication_publish(plan=plan_2024, user=members["mjolby-controller"])
    assert publication.edition == "plan" and publication.snapshot["summary"] is None
    assert publication.snapshot["plan"]["decision"] == "KS 2023-12-12 § 210"
    plan_revision_open(plan=plan_2024, reason="Ny budgetram.")
    with pytest.raises(ValidationError, match="revision"):
        publication_publish(plan=plan_2024)


def test_a_withdrawn_publication_is_not_public_and_keeps_why(plan_2024, members):
    controller = members["mjolby-controller"]
    publication = publications_public(municipality=plan_2024.municipality)[0]
    version = public_version_number(municipality=plan_2024.municipality)
    with pytest.raises(ValidationError) as error:
        publication_withdraw(publication=publication, reason="  ", user=controller)
    assert error.value.message_dict == {"reason": ["Ange varför publiceringen återkallas."]}

    publication_withdraw(publication=publication, reason="Fel i tabellen.", user=controller)
    publication.refresh_from_db()
    assert publication.is_withdrawn and publication.withdrawal_reason == "Fel i tabellen."
    assert publications_public(municipality=plan_2024.municipality) == []
    assert (
        publication_public_get(municipality=plan_2024.municipality, board="ks", year=2024, edition="t3")
        is None
    )
    assert public_version_number(municipality=plan_2024.municipality) == version + 1
    entry = AuditEntry.objects.get(action="publishing.publication.withdrawn")
    assert entry.user == controller and entry.data["reason"] == "Fel i tabellen."
    with pytest.raises(ValidationError, match="redan återkallad"):
        publication_withdraw(publication=publication, reason="Igen.", user=controller)
    # The history keeps it.
    assert plan_publications(plan=plan_2024) == [publication]


def test_the_controller_publishes_and_withdraws_on_the_page(plan_2024, client_as):
    client = client_as("mjolby-controller")
    page = client.get(reverse("publishing:list", args=["ks", 2024]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Publicera T3 – Årsredovisning igen" in body
    assert "Planen är inte beslutad" in body  # the plan itself may not be published yet

    response = client.post(reverse("publishing:publish", args=["ks", 2024]), {"period": "T2"})
    assert response.status_code == 302
    assert Publication.objects.filter(plan=plan_2024, period__code="T2").count() == 1
    t2 = Publication.objects.get(plan=plan_2024, period__code="T2")

    url = reverse("publishing:withdraw", args=["ks", 2024, t2.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 422 and "Ange varför publiceringen återkallas." in refused.content.decode()
    assert client.post(url, {"reason": "Publicerad av misstag."}).status_code == 302
    t2.refresh_from_db()
    assert t2.is_withdrawn

    refused = client.post(reverse("publishing:publish", args=["ks", 2024]), {"period": ""}, follow=True)
    assert "Planen är inte beslutad" in refused.content.decode()


def test_others_may_not_publish(plan_2024, client_as):
    count = Publication.objects.count()
    for user in ("mjolby-rapportor", "mjolby-lasare"):
        response = client_as(user).post(reverse("publishing:publish", args=["ks", 2024]), {"period": "T2"})
        assert response.status_code == 403
    response = client_as("valdemarsvik-controller").post(
        reverse("publishing:publish", args=["ks", 2024]), {"period": "T2"}
    )
    assert response.status_code == 404  # Valdemarsvik's own ks has no 2024 plan
    assert Publication.objects.count() == count


def test_a_publication_takes_the_kept_documents_and_keeps_those_it_renders(plan_2024, members, client_as):
    """A document kept of the data as they are is published as it is, not rendered again; one
    rendered for the publication is kept for the downloads after."""
    from styrkedja.documents.kept import document_rendered

    renders = []
    FORMATS = ["pdf", "docx"]

    def count(sender, plan, period, **kwargs):
        renders.append(sender)

    document_rendered.connect(count)
    try:
        client = client_as("mjolby-controller")
        pdf, docx = (reverse("documents:download", args=["ks", 2024, f]) + "?period=T3" for f in FORMATS)
        # The demo's publication of T3 kept both of its documents.
        assert client.get(pdf).status_code == client.get(docx).status_code == 200
        assert renders == []
        first = plan_2024.activities.order_by("pk").first()
        plan_2024.activities.filter(pk=first.pk).update(title="Ny titel")
        kept_pdf = client.get(pdf)
        assert renders == ["pdf"]

        period = plan_2024.periods.get(code="T3")
        publication = publication_publish(plan=plan_2024, period=period, user=members["mjolby-controller"])
        assert renders == ["pdf", "docx"], "the kept PDF is taken; only the Word file is rendered"
        documents = {document.format: bytes(document.content) for document in publication.documents.all()}
        assert documents["pdf"] == kept_pdf.content
        assert client.get(docx).content == documents["docx"] and renders == ["pdf", "docx"]
    finally:
        document_rendered.disconnect(count)
