"""What is public: the editions a citizen sees, and the publication history a controller sees."""

from __future__ import annotations

from styrkedja.plans.models import Plan
from styrkedja.publishing.models import Publication, PublicVersion
from styrkedja.tenancy.models import Municipality


def municipality_public_get(*, slug: str) -> Municipality | None:
    return Municipality.objects.filter(slug=slug).first()


def publications_public(*, municipality: Municipality) -> list[Publication]:
    """The editions the public sees: each plan's and follow-up's newest publication, unless it is
    withdrawn. Newest year first, then by board; the plan before its follow-ups in period order."""
    newest: dict[tuple[int, int | None], Publication] = {}
    for publication in (
        Publication.objects.filter(municipality=municipality)
        .select_related("plan__board", "period")
        .defer("snapshot")
        .order_by("-published_at", "-id")
    ):
        newest.setdefault((publication.plan_id, publication.period_id), publication)
    return sorted(
        (publication for publication in newest.values() if not publication.is_withdrawn),
        key=lambda p: (
            -p.plan.year,
            p.plan.board.order,
            p.plan.board.name,
            p.period.ends_on.toordinal() if p.period else 0,
            p.period.code if p.period else "",
        ),
    )


def publication_public_get(
    *, municipality: Municipality, board: str, year: int, edition: str
) -> Publication | None:
    """The public edition at an address (``edition`` "plan" or a period's code, in any case), or None."""
    plan = Plan.objects.filter(municipality=municipality, board__slug=board, year=year).first()
    if plan is None:
        return None
    publications = Publication.objects.filter(plan=plan)
    if edition.lower() == "plan":
        publications = publications.filter(period=None)
    else:
        publications = publications.filter(period__code__iexact=edition)
    newest = publications.select_related("plan__board", "period").order_by("-published_at", "-id").first()
    return newest if newest is not None and not newest.is_withdrawn else None


def public_version_number(*, municipality: Municipality) -> int:
    return (
        PublicVersion.objects.filter(municipality=municipality).values_list("number", flat=True).first() or 0
    )


def plan_publications(*, plan: Plan) -> list[Publication]:
    """Every publication of the plan and its follow-ups, newest first: the history a controller sees."""
    return list(
        plan.publications.select_related("period", "published_by", "withdrawn_by")
        .prefetch_related("documents")
        .defer("snapshot")
        .order_by("-published_at", "-id")
    )
