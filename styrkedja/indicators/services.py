"""Writes of indicators: values fetched from Kolada, a municipality's Kolada settings, KPI links.

Kolada is asked only here, and only when someone runs a sync: pages show what was last
fetched, so the application works without Kolada.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.audit.services import audit_log
from styrkedja.indicators.choices import Gender, ValueScope
from styrkedja.indicators.kolada import NATION_ID, KoladaClient, KoladaValue
from styrkedja.indicators.models import Indicator, KoladaSettings
from styrkedja.indicators.staging import ValueStaging, value_staging
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import Municipality

# The audit actions these services write, once registered in styrkedja/audit/actions.py.
SYNC_ACTION = "indicators.kolada.synced"
SETTINGS_ACTION = "indicators.kolada.settings_set"
LINK_ACTION = "indicators.indicator.kolada_linked"

YEARS_BACK = 5  # a plan's indicators are read against the five years before it
VALUE_PLACES = Decimal("0.001")  # IndicatorValue.value keeps three decimals


class KoladaNotConfigured(Exception):
    """The municipality has no Kolada code yet; the message says how to set it."""


def kolada_source(*, kpi_id: str) -> str:
    return f"Kolada {kpi_id}"


def sync_years(*, plan: Plan) -> list[int]:
    return list(range(plan.year - YEARS_BACK, plan.year + 1))


class SyncChange(NamedTuple):
    """A value added or changed. A named tuple: a first sync may report hundreds of thousands."""

    indicator: Indicator
    year: int
    scope: str
    label: str
    value: Decimal
    previous: Decimal | None = None  # None for an added value, or one that was stored as missing
    gender: str = Gender.TOTAL

    @property
    def compared_with(self) -> str:
        """Who the value is for, in Swedish: "Kommunen", "Riket" or the comparison's name, and
        "kvinnor" or "män" for a value of only one sex."""
        where = self.label or str(ValueScope(self.scope).label)
        if self.gender != Gender.TOTAL:
            where += f", {str(Gender(self.gender).label).lower()}"
        return where


@dataclass
class SyncResult:
    plan: Plan
    years: list[int]
    indicators: list[Indicator] = field(default_factory=list)  # those linked to a KPI
    added: list[SyncChange] = field(default_factory=list)
    updated: list[SyncChange] = field(default_factory=list)
    unchanged: int = 0
    unknown_kpis: dict[str, list[Indicator]] = field(default_factory=dict)  # id → its indicators

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    @property
    def synced_indicators(self) -> list[Indicator]:
        """The indicators whose KPI Kolada knows, whose values were fetched."""
        return [i for i in self.indicators if i.kolada_kpi not in self.unknown_kpis]


# Where a value fetched from Kolada goes: the scope and label of each Kolada municipality id.
Places = dict[str, tuple[str, str]]


def kolada_sync(
    *, plan: Plan, client: KoladaClient | None = None, user=None, years: Iterable[int] | None = None
) -> SyncResult:
    """Fetch from Kolada the values of the plan's indicators that are linked to a KPI.

    For the years ``plan.year - 5`` … ``plan.year`` (or ``years``, for a longer history): the
    municipality's values (scope municipality), the nation's (``0000``, scope nation) and each
    comparison municipality's (scope other, labelled with its name). For a KPI Kolada divides by
    gender, women's (K) and men's (M) values are fetched and stored beside the total (T).
    New values are added,
    changed ones updated (a value typed in by hand is replaced by Kolada's), nothing is
    duplicated, and a value Kolada gives as it is stored is not written again: the indicator's
    ``kolada_fetched_at`` says when Kolada last gave its values. On a ``KoladaError`` nothing
    is written and the error goes on to the caller.
    """
    settings = KoladaSettings.objects.filter(municipality=plan.municipality).first()
    if settings is None:
        raise KoladaNotConfigured(
            _(
                "%(municipality)s har ingen kommunkod för Kolada. Kommunens administratör anger den "
                "under Administration, Kolada."
            )
            % {"municipality": plan.municipality}
        )
    result = SyncResult(plan=plan, years=sorted(set(years)) if years is not None else sync_years(plan=plan))
    result.indicators = list(
        Indicator.objects.filter(goal__plan=plan)
        .exclude(kolada_kpi="")
        .order_by("goal__level__depth", "goal__order", "order", "pk")
    )
    if not result.indicators or not result.years:
        return result
    places = _places(settings)
    kpi_ids = list(dict.fromkeys(indicator.kolada_kpi for indicator in result.indicators))

    own_client = client is None
    kolada = client or KoladaClient()
    try:
        known = kolada.kpis_get(kpi_ids=kpi_ids)
        for indicator in result.indicators:
            if indicator.kolada_kpi not in known:
                result.unknown_kpis.setdefault(indicator.kolada_kpi, []).append(indicator)
        with value_staging() as staging:
            # Kolada first, outside the transaction: a slow network must not hold the database.
            # The staging table is this connection's own, so filling it meanwhile locks nothing.
            divided = {kpi_id for kpi_id, kpi in known.items() if kpi.is_divided_by_gender}
            pages = kolada.kpi_value_pages(
                kpi_ids=[kpi_id for kpi_id in kpi_ids if kpi_id in known],
                municipality_ids=list(places),
                years=result.years,
                genders=tuple(Gender.values) if divided else (Gender.TOTAL,),
            )
            with closing(pages):
                _stage(staging, pages, result=result, places=places, divided=divided)
            with transaction.atomic():
                # One sync of a municipality at a time: a second waits, then finds the first one's values.
                KoladaSettings.objects.select_for_update().filter(pk=settings.pk).first()
                _store(result, staging, fetched_at=timezone.now())
                audit_log(
                    action=SYNC_ACTION,
                    municipality=plan.municipality,
                    obj=plan,
                    user=user,
                    data={
                        "years": [result.years[0], result.years[-1]],
                        "added": len(result.added),
                        "updated": len(result.updated),
                        "unchanged": result.unchanged,
                        "unknown_kpis": sorted(result.unknown_kpis),
                    },
                )
    finally:
        if own_client:
            kolada.close()
    return result


def _places(settings: KoladaSettings) -> Places:
    places = {settings.municipality_code: (ValueScope.MUNICIPALITY, ""), NATION_ID: (ValueScope.NATION, "")}
    for item in settings.comparison:
        places.setdefault(item["id"], (ValueScope.OTHER, item["name"]))
    return places


def _stage(
    staging: ValueStaging,
    pages: Iterable[list[KoladaValue]],
    *,
    result: SyncResult,
    places: Places,
    divided: set[str] = frozenset(),
):
    """Stage each page's values as it comes, once for every indicator linked to the value's KPI.

    Women's and men's values only of the KPIs in ``divided``, those Kolada divides by gender.
    """
    total = Gender.TOTAL
    targets: dict[str, list[tuple[int, int, str]]] = {}  # KPI id → (position, id, source) of its indicators
    for position, indicator in enumerate(result.indicators):
        if indicator.kolada_kpi not in result.unknown_kpis:
            source = kolada_source(kpi_id=indicator.kolada_kpi)
            targets.setdefault(indicator.kolada_kpi, []).append((position, indicator.pk, source))
    years = set(result.years)
    for page in pages:
        rows = []
        # Once for every value of the sync: the tuple unpacked, no call but the rounding.
        for kpi_id, municipality_id, year, gender, value, _status in page:
            place = places.get(municipality_id)
            if place is None or year not in years or (gender != total and kpi_id not in divided):
                continue
            value = value.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)  # Kolada's decimals rounded to three
            for position, indicator_id, source in targets.get(kpi_id, ()):
                rows.append((position, indicator_id, year, *place, gender, value, source))
        staging.add(rows)


def _store(result: SyncResult, staging: ValueStaging, *, fetched_at) -> None:
    """Write what differs from the stored values, fill in the result, and date the indicators.

    A value whose number is the same but whose source is not (typed in by hand as Kolada has
    it) is written, so that it says where it now comes from, and counted as unchanged.
    """
    staging.prepare_merge()
    indicators = {indicator.pk: indicator for indicator in result.indicators}
    # The database hands over a new year, scope and label with every row: the few there are are
    # kept once each, since a first sync's list of added values holds every value.
    shared: dict = {}
    differing = 0
    for indicator_id, year, scope, label, gender, value, previous, stored in staging.differences():
        differing += 1
        year, scope, label = (
            shared.setdefault(year, year),
            shared.setdefault(scope, scope),
            shared.setdefault(label, label),
        )
        change = SyncChange(indicators[indicator_id], year, scope, label, value, previous, gender)
        if not stored:
            result.added.append(change)
        elif previous != value:
            result.updated.append(change)
    staged = staging.count()
    result.unchanged = staged - len(result.added) - len(result.updated)
    if differing > len(result.added):
        staging.update_changed(fetched_at=fetched_at)
    if result.added:
        staging.insert_new(fetched_at=fetched_at, all_new=len(result.added) == staged)
    synced = result.synced_indicators
    Indicator.objects.filter(pk__in=[indicator.pk for indicator in synced]).update(
        kolada_fetched_at=fetched_at
    )
    for indicator in synced:
        indicator.kolada_fetched_at = fetched_at


# Settings and links -----------------------------------------------------------------------------


@transaction.atomic
def kolada_settings_set(
    *,
    municipality: Municipality,
    municipality_code: str | None = None,
    comparison: Iterable[dict] | None = None,
    user=None,
) -> KoladaSettings:
    """Set the municipality's Kolada code and/or its comparison list (``[{"id", "name"}]``)."""
    settings = KoladaSettings.objects.select_for_update().filter(municipality=municipality).first()
    before = (
        {"municipality_code": settings.municipality_code, "comparison": settings.comparison}
        if settings
        else {}
    )
    if settings is None:
        if municipality_code is None:
            raise ValidationError(_("Ange kommunens kod i Kolada (fyra siffror, till exempel 0586)."))
        settings = KoladaSettings(municipality=municipality)
    if municipality_code is not None:
        settings.municipality_code = municipality_code.strip()
    if comparison is not None:
        settings.comparison = [
            {"id": str(c["id"]).strip(), "name": str(c["name"]).strip()} for c in comparison
        ]
    settings.full_clean()
    after = {"municipality_code": settings.municipality_code, "comparison": settings.comparison}
    if after == before:
        return settings
    settings.save()
    audit_log(
        action=SETTINGS_ACTION,
        municipality=municipality,
        obj=settings,
        user=user,
        data={key: [before.get(key), value] for key, value in after.items() if before.get(key) != value},
    )
    return settings


def indicator_kolada_link(
    *, indicator: Indicator, kpi_id: str, client: KoladaClient | None = None, user=None
) -> Indicator:
    """Link the indicator to a Kolada KPI after checking that Kolada has it; "" removes the link.

    Raises ``KoladaError`` (``KoladaNotFound`` for an unknown KPI) and changes nothing then.
    """
    kpi_id = kpi_id.strip()
    if kpi_id:
        own_client = client is None
        kolada = client or KoladaClient()
        try:
            kpi = kolada.kpi_get(kpi_id=kpi_id)
        finally:
            if own_client:
                kolada.close()
        kpi_id = kpi.id
    if indicator.kolada_kpi == kpi_id:
        return indicator
    with transaction.atomic():
        before = indicator.kolada_kpi
        indicator.kolada_kpi = kpi_id
        indicator.save(update_fields=["kolada_kpi"])
        audit_log(
            action=LINK_ACTION,
            municipality=indicator.goal.municipality,
            obj=indicator,
            user=user,
            data={"kolada_kpi": [before, kpi_id]},
        )
    return indicator
