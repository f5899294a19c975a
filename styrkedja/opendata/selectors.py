"""What the open data is made of: the public editions' snapshots, and the municipality's settings."""

from __future__ import annotations

from dataclasses import dataclass

from styrkedja.opendata.models import OpenDataSettings
from styrkedja.publishing.models import Publication
from styrkedja.publishing.selectors import publications_public
from styrkedja.tenancy.models import Municipality


@dataclass(frozen=True)
class Edition:
    """A public edition as the open data reads it: the publication's row and its snapshot."""

    publication: Publication
    snapshot: dict

    @property
    def key(self) -> str:
        """The edition's name in files and IRIs: "ks-2024-plan", "ks-2024-t3"."""
        plan = self.snapshot["plan"]
        return f"{plan['board']['slug']}-{plan['year']}-{self.publication.edition}"

    @property
    def board(self) -> str:
        return self.snapshot["plan"]["board"]["slug"]

    @property
    def year(self) -> int:
        return self.snapshot["plan"]["year"]

    @property
    def edition(self) -> str:
        return self.publication.edition

    @property
    def title(self) -> str:
        plan = self.snapshot["plan"]
        period = self.snapshot["period"]
        if period is None:
            return f"{plan['board']['name']} – {plan['title']}"
        return f"{plan['board']['name']} – {plan['title']}, {period['name']}"


def opendata_settings_get(*, municipality: Municipality) -> OpenDataSettings:
    """The municipality's settings, or the defaults (unsaved) if the administratör never chose."""
    found = OpenDataSettings.objects.filter(municipality=municipality).first()
    return found or OpenDataSettings(municipality=municipality)


def editions_public(*, municipality: Municipality) -> list[Edition]:
    """The editions the public sees, in their order, each with its snapshot (read in one query,
    since the list of publications leaves the snapshots out)."""
    publications = publications_public(municipality=municipality)
    snapshots = dict(
        Publication.objects.filter(pk__in=[p.pk for p in publications]).values_list("pk", "snapshot")
    )
    return [Edition(publication=p, snapshot=snapshots[p.pk]) for p in publications]


def edition_public_get(*, municipality: Municipality, board: str, year: int, edition: str) -> Edition | None:
    """One public edition, or None when there is none or it is not public (unpublished, withdrawn)."""
    for found in editions_public(municipality=municipality):
        if found.board == board and found.year == year and found.edition == edition.lower():
            return found
    return None
