"""Writes of indicators: values fetched from Kolada, a municipality's Kolada settings, KPI links.

Kolada is asked only here, and only when someone runs a sync: pages show what was last
fetched, so the application works without Kolada.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.audit.services import audit_log
from styrkedja.indicators.choices import ValueScope
from styrkedja.indicators.kolada import NATION_ID, KoladaClient
from styrkedja.indicators.models import Indicator, IndicatorValue, KoladaSettings
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


@dataclass(frozen=True)
class SyncChange:
    indicator: Indicator
    year: int
    scope: str
    label: str
    value: Decimal
    previous: Decimal | None = None  # None for an added value

    @property
    def compared_with(self) -> str:
        """Who the value is for, in Swedish: "Kommunen", "Riket" or the comparison's name."""
        return self.label or str(ValueScope(self.scope).label)


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


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


def kolada_sync(*, plan: Plan, client: KoladaClient | None = None, user=None) -> SyncResult:
    """Fetch from Kolada the values of the plan's indicators that are linked to a KPI.

    For the years ``plan.year - 5`` … ``plan.year``: the municipality's values (scope
    municipality), the nation's (``0000``, scope nation) and each comparison municipality's
    (scope other, labelled with its name). New values are added, changed ones updated (a
    value typed in by hand is replaced by Kolada's), nothing is duplicated. On a
    ``KoladaError`` nothing is written and the error goes on to the caller.
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
    result = SyncResult(plan=plan, years=sync_years(plan=plan))
    result.indicators = list(
        Indicator.objects.filter(goal__plan=plan)
        .exclude(kolada_kpi="")
        .order_by("goal__level__depth", "goal__order", "order", "pk")
    )
    if not result.indicators:
        return result
    places = {settings.municipality_code: (ValueScope.MUNICIPALITY, ""), NATION_ID: (ValueScope.NATION, "")}
    for item in settings.comparison:
        places.setdefault(item["id"], (ValueScope.OTHER, item["name"]))
    kpi_ids = list(dict.fromkeys(indicator.kolada_kpi for indicator in result.indicators))

    # Kolada first, outside the transaction: a slow network must not hold the database.
    own_client = client is None
    kolada = client or KoladaClient()
    try:
        known = kolada.kpis_get(kpi_ids=kpi_ids)
        fetched = kolada.kpi_values(
            kpi_ids=[kpi_id for kpi_id in kpi_ids if kpi_id in known],
            municipality_ids=list(places),
            years=result.years,
        )
    finally:
        if own_client:
            kolada.close()

    for indicator in result.indicators:
        if indicator.kolada_kpi not in known:
            result.unknown_kpis.setdefault(indicator.kolada_kpi, []).append(indicator)
    wanted: dict[str, dict[tuple[int, str, str], Decimal]] = {}
    for value in fetched:
        if value.municipality_id in places and value.year in result.years:
            scope, label = places[value.municipality_id]
            wanted.setdefault(value.kpi_id, {})[(value.year, scope, label)] = _quantize(value.value)

    with transaction.atomic():
        # One sync of a municipality at a time: a second waits, then finds the first one's values.
        KoladaSettings.objects.select_for_update().filter(pk=settings.pk).first()
        _store(result, wanted, fetched_at=timezone.now())
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
    return result


def _store(result: SyncResult, wanted: dict, *, fetched_at) -> None:
    indicators = [i for i in result.indicators if i.kolada_kpi not in result.unknown_kpis]
    existing: dict[tuple[int, int, str, str], IndicatorValue] = {
        (v.indicator_id, v.year, v.scope, v.label): v
        for v in IndicatorValue.objects.filter(indicator__in=indicators, year__in=result.years)
    }
    new_values, changed, confirmed = [], [], []
    for indicator in indicators:
        source = kolada_source(kpi_id=indicator.kolada_kpi)
        for (year, scope, label), value in sorted(wanted.get(indicator.kolada_kpi, {}).items()):
            old = existing.get((indicator.pk, year, scope, label))
            if old is None:
                new_values.append(
                    IndicatorValue(
                        indicator=indicator,
                        year=year,
                        scope=scope,
                        label=label,
                        value=value,
                        source=source,
                        fetched_at=fetched_at,
                    )
                )
                result.added.append(SyncChange(indicator, year, scope, label, value))
            elif old.value != value or old.source != source:
                if old.value != value:
                    result.updated.append(
                        SyncChange(indicator, year, scope, label, value, previous=old.value)
                    )
                else:
                    result.unchanged += 1
                old.value, old.source, old.fetched_at = value, source, fetched_at
                changed.append(old)
            else:
                result.unchanged += 1
                old.fetched_at = fetched_at  # Kolada confirmed it: fetched_at says when it was last seen
                confirmed.append(old)
    IndicatorValue.objects.bulk_create(new_values)
    IndicatorValue.objects.bulk_update(changed, ["value", "source", "fetched_at"])
    IndicatorValue.objects.bulk_update(confirmed, ["fetched_at"])


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
