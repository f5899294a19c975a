"""The public endpoints: what a municipality has published, without log-in.

They read only the publications the public sees (``publishing.selectors.publications_public``)
and their snapshots, never the live plan, so nothing unpublished can show. A withdrawn or
superseded publication is not found.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from styrkedja.api.public_serializers import PublicationDetailSerializer, PublicationSerializer
from styrkedja.publishing.editions import edition_of
from styrkedja.publishing.models import Publication
from styrkedja.publishing.selectors import municipality_public_get, publications_public

# As the addresses' converters (slug, int) take them: anything else is no address of the API.
KOMMUN = OpenApiParameter(
    "kommun",
    {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    OpenApiParameter.PATH,
    description="Kommunens kortnamn, t.ex. mjolby.",
)
PUBLICATION_ID = OpenApiParameter(
    "id", {"type": "integer", "minimum": 0}, OpenApiParameter.PATH, description="Publiceringens id."
)


def _municipality_or_404(slug: str):
    municipality = municipality_public_get(slug=slug)
    if municipality is None:
        raise Http404
    return municipality


def _public(municipality) -> list[tuple[Publication, dict]]:
    """The public editions with their snapshots, read in one query (the selector leaves them out)."""
    publications = publications_public(municipality=municipality)
    snapshots = dict(
        Publication.objects.filter(pk__in=[item.pk for item in publications]).values_list("pk", "snapshot")
    )
    return [(item, snapshots[item.pk]) for item in publications]


def publication_data(request, municipality, publication, content: dict, *, snapshot: bool = False) -> dict:
    """A publication as the API answers it: only the row's own fields and its snapshot."""
    plan = content["plan"]
    edition_args = [municipality.slug, plan["board"]["slug"], plan["year"], edition_of(content["period"])]
    data = {
        "id": publication.pk,
        "plan": {"board": plan["board"], "year": plan["year"], "title": plan["title"]},
        "edition": edition_of(content["period"]),
        "period": content["period"],
        "published_at": publication.published_at,
        "documents": list(content.get("documents", [])),
        "links": {
            "self": request.build_absolute_uri(
                reverse("api:public_publication", args=[municipality.slug, publication.pk])
            ),
            "page": request.build_absolute_uri(reverse("public:edition", args=edition_args)),
            **{
                format: request.build_absolute_uri(reverse("public:document", args=[*edition_args, format]))
                for format in ("pdf", "docx")
            },
        },
    }
    if snapshot:
        data["snapshot"] = content
    return data


class PublicView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]


class PublicationListView(PublicView):
    @extend_schema(
        summary="Kommunens publiceringar",
        description=(
            "Det kommunen har publicerat: varje plan och uppföljning i sin senaste publicering, "
            "nyaste året först. Återkallade publiceringar visas inte."
        ),
        tags=["Publicerat"],
        parameters=[KOMMUN],
        responses={200: PublicationSerializer(many=True)},
    )
    def get(self, request, kommun: str):
        municipality = _municipality_or_404(kommun)
        return Response(
            [
                publication_data(request, municipality, item, content)
                for item, content in _public(municipality)
            ]
        )


class PublicationDetailView(PublicView):
    @extend_schema(
        summary="En publicering med sitt innehåll",
        description=(
            "Planen eller uppföljningen som den publicerades. En återkallad eller ersatt publicering "
            "finns inte (404)."
        ),
        tags=["Publicerat"],
        parameters=[KOMMUN, PUBLICATION_ID],
        responses={200: PublicationDetailSerializer},
    )
    def get(self, request, kommun: str, id: int):
        municipality = _municipality_or_404(kommun)
        found = next((item for item in publications_public(municipality=municipality) if item.pk == id), None)
        if found is None:
            raise Http404
        content = Publication.objects.values_list("snapshot", flat=True).get(pk=found.pk)
        return Response(publication_data(request, municipality, found, content, snapshot=True))
