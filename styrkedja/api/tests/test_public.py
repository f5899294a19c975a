"""The public endpoints answer only what is published: the public editions and their snapshots."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from styrkedja.api.public_serializers import PublicationSerializer, SnapshotSerializer
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.publishing.models import Publication
from styrkedja.publishing.services import publication_publish, publication_withdraw


def _list(slug: str = "mjolby") -> list[dict]:
    response = Client().get(reverse("api:public_publications", args=[slug]))
    assert response.status_code == 200
    return response.json()


def _detail(publication_id: int, slug: str = "mjolby"):
    return Client().get(reverse("api:public_publication", args=[slug, publication_id]))


def test_the_list_shows_the_demos_published_follow_up_without_log_in(db):
    published = Publication.objects.get(plan__municipality__slug="mjolby", period__code="T3")
    rows = _list()
    assert [row["id"] for row in rows] == [published.pk]
    row = rows[0]
    assert row["edition"] == "t3" and row["plan"]["year"] == 2024 and row["plan"]["board"]["slug"] == "ks"
    assert row["period"]["code"] == "T3"
    assert row["links"]["self"].endswith(reverse("api:public_publication", args=["mjolby", published.pk]))
    assert row["documents"] == ["pdf", "docx"]
    # The links lead to the public page and the documents, which answer without log-in.
    assert row["links"]["page"] == "http://testserver/mjolby/ks/2024/t3/"
    for link in ("page", "pdf", "docx"):
        assert Client().get(row["links"][link]).status_code == 200, link
    described = PublicationSerializer(data=row)
    assert described.is_valid(), described.errors


def test_the_detail_is_the_snapshot_as_published_and_as_the_schema_describes_it(db):
    published = Publication.objects.get(plan__municipality__slug="mjolby", period__code="T3")
    response = _detail(published.pk)
    assert response.status_code == 200
    body = response.json()
    assert body["snapshot"] == published.snapshot
    described = SnapshotSerializer(data=body["snapshot"])
    assert described.is_valid(), described.errors


def test_another_municipalitys_publication_is_not_found_under_this_one(db):
    published = Publication.objects.get(plan__municipality__slug="mjolby", period__code="T3")
    assert _detail(published.pk, slug="valdemarsvik").status_code == 404
    assert published.pk not in [row["id"] for row in _list("valdemarsvik")]
    assert _detail(published.pk, slug="finns-inte").status_code == 404


def test_a_withdrawn_or_superseded_publication_is_not_found(db):
    plan = plan_get_by_name(name="mjolby/ks/2024")
    first = Publication.objects.get(plan=plan, period__code="T3")
    second = publication_publish(plan=plan, period=plan.periods.get(code="T3"))
    assert [row["id"] for row in _list()] == [second.pk]
    assert _detail(first.pk).status_code == 404
    assert _detail(second.pk).status_code == 200
    publication_withdraw(publication=second, reason="Fel siffror i tabellen")
    # The newest is withdrawn: the edition is not public at all, the older one does not come back.
    assert _list() == []
    assert _detail(second.pk).status_code == 404
    assert _detail(first.pk).status_code == 404
