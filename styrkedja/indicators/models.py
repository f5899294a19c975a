from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.indicators.choices import Gender, TargetKind, ValueScope

KOLADA_ID = RegexValidator(
    r"^[A-Za-z0-9_-]+$", _("Ett Kolada-id består av bokstäver och siffror, till exempel N00002 eller 0586.")
)
MUNICIPALITY_CODE = RegexValidator(
    r"^\d{4}$", _("Kommunkoden är fyra siffror, till exempel 0586 för Mjölby.")
)
# Kinds whose target is a number: "minst 50 %", "högst 10", "över 40", "under 5", "bland de 25 % bästa".
KINDS_WITH_VALUE = {
    TargetKind.AT_LEAST,
    TargetKind.AT_MOST,
    TargetKind.GREATER_THAN,
    TargetKind.LESS_THAN,
    TargetKind.TOP_PERCENT,
}
# The kinds an average over several years can be judged by: those that compare with a number or the nation.
KINDS_WITH_AVERAGE = {
    TargetKind.AT_LEAST,
    TargetKind.AT_MOST,
    TargetKind.GREATER_THAN,
    TargetKind.LESS_THAN,
    TargetKind.BETTER_THAN_NATION,
}
AVERAGE_YEARS_MIN, AVERAGE_YEARS_MAX = 2, 10


class Indicator(models.Model):
    """What is measured to show whether a goal is reached ("Indikatorer och mått")."""

    goal = models.ForeignKey(
        "goals.Goal", on_delete=models.CASCADE, related_name="indicators", verbose_name=_("mål")
    )
    name = models.TextField(_("indikator"), max_length=text_limits.TITLE)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    unit = models.CharField(_("enhet"), max_length=40, blank=True)
    target = models.CharField(
        _("målvärde"), max_length=300, blank=True, help_text=_("Målvärdet som planen skriver det.")
    )
    target_kind = models.CharField(
        _("typ av målvärde"),
        max_length=30,
        choices=TargetKind.choices,
        blank=True,
        help_text=_("Hur målvärdet bedöms. Tomt: målvärdet bedöms inte automatiskt."),
    )
    target_value = models.DecimalField(
        _("målvärdets tal"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_(
            "Talet för minst, högst, eller procenten för bland de bästa (25 för ”bland de 25 % bästa”)."
        ),
    )
    average_years = models.PositiveSmallIntegerField(
        _("medelvärde över år"),
        null=True,
        blank=True,
        help_text=_(
            "Antal år vars medelvärde jämförs med målvärdet, till exempel 3 för ”i genomsnitt under "
            "tre år”. Tomt: varje års värde för sig."
        ),
    )
    higher_is_better = models.BooleanField(_("högre är bättre"), default=True)
    kolada_kpi = models.CharField(
        _("Kolada-nyckeltal"),
        max_length=20,
        blank=True,
        validators=[KOLADA_ID],
        help_text=_("Nyckeltalets id i Kolada, till exempel N00002. Värdena hämtas då från Kolada."),
    )
    # Once a sync, not once a value: a value Kolada gives unchanged is not written again, so
    # its own fetched_at keeps the time its number came, and this says when Kolada last agreed.
    kolada_fetched_at = models.DateTimeField(
        _("senast hämtat från Kolada"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "När indikatorns värden senast hämtades från Kolada. Värden som Kolada då gav oförändrade "
            "har kvar tiden då de först hämtades."
        ),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["goal", "order", "pk"]

    def __str__(self) -> str:
        return self.name[:120]

    def clean(self) -> None:
        super().clean()
        if self.target_kind in KINDS_WITH_VALUE and self.target_value is None:
            raise ValidationError(
                {
                    "target_value": _("Ange talet som målvärdet av typen ”%(kind)s” avser.")
                    % {"kind": TargetKind(self.target_kind).label}
                }
            )
        if self.target_kind == TargetKind.TOP_PERCENT and not (
            Decimal(0) < self.target_value <= Decimal(100)
        ):
            raise ValidationError({"target_value": _("Procenten ska vara större än 0 och högst 100.")})
        if self.average_years is not None and not (
            AVERAGE_YEARS_MIN <= self.average_years <= AVERAGE_YEARS_MAX
        ):
            raise ValidationError(
                {
                    "average_years": _("Medelvärdet tas över %(min)s till %(max)s år.")
                    % {"min": AVERAGE_YEARS_MIN, "max": AVERAGE_YEARS_MAX}
                }
            )
        if self.average_years is not None and self.target_kind not in KINDS_WITH_AVERAGE:
            raise ValidationError(
                {
                    "average_years": _(
                        "Ett medelvärde över år bedöms bara mot ett tal (minst, högst, mer än, mindre än) "
                        "eller mot riket."
                    )
                }
            )


class IndicatorValue(models.Model):
    """One value of an indicator for a year: the municipality's, the nation's or another's."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indikator")
    )
    year = models.PositiveIntegerField(_("år"))
    scope = models.CharField(_("avser"), max_length=20, choices=ValueScope.choices)
    label = models.CharField(
        _("jämförelse"), max_length=200, blank=True, help_text=_("Namnet på jämförelsen när den avser annan.")
    )
    gender = models.CharField(
        _("kön"),
        max_length=1,
        choices=Gender.choices,
        default=Gender.TOTAL,
        help_text=_("Totalt, eller värdet för bara kvinnor eller män."),
    )
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=3, null=True, blank=True)
    missing_reason = models.CharField(
        _("skäl till att värde saknas"),
        max_length=300,
        blank=True,
        help_text=_("Varför året saknar värde, till exempel ”statistik saknas”. Anges i stället för värdet."),
    )
    rank = models.PositiveIntegerField(
        _("placering"),
        null=True,
        blank=True,
        help_text=_("Placeringen i en rankning, när värdet självt inte är placeringen (t.ex. ett index)."),
    )
    rank_of = models.PositiveIntegerField(
        _("antal i rankningen"),
        null=True,
        blank=True,
        help_text=_("Hur många som rankades, t.ex. 290 kommuner: plats 74 av 290 är bland de 26 % bästa."),
    )
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    fetched_at = models.DateTimeField(
        _("hämtat från Kolada"),
        null=True,
        blank=True,
        help_text=_(
            "När Kolada gav värdet som det är nu (senast det ändrades). När Kolada senast bekräftade det "
            "står på indikatorn. Tomt för värden som skrivits in för hand."
        ),
    )

    class Meta:
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        ordering = ["indicator", "year", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "scope", "label", "gender"],
                name="indicatorvalue_unique_year_scope",
            ),
            models.CheckConstraint(
                condition=(models.Q(value__isnull=False) & models.Q(missing_reason=""))
                | (models.Q(value__isnull=True) & ~models.Q(missing_reason="")),
                name="indicatorvalue_value_or_missing_reason",
            ),
        ]

    def __str__(self) -> str:
        shown = self.missing_reason if self.value is None else self.value
        gender = "" if self.gender == Gender.TOTAL else f" {self.get_gender_display().lower()}"
        return f"{self.indicator} {self.year} {self.get_scope_display()}{gender}: {shown}"

    @property
    def is_missing(self) -> bool:
        """A row that says why the year has no value, instead of a value."""
        return self.value is None

    def clean(self) -> None:
        super().clean()
        if self.value is None and not self.missing_reason.strip():
            raise ValidationError(
                {
                    "value": _(
                        "Ange ett värde, eller skälet till att värdet saknas "
                        "(till exempel ”statistik saknas”)."
                    )
                }
            )
        if self.value is not None and self.missing_reason:
            raise ValidationError(
                {"missing_reason": _("Ett värde som finns ska inte ha ett skäl till att det saknas.")}
            )


class KoladaSettings(models.Model):
    """A municipality's id in Kolada and the municipalities it compares itself with.

    Kept here rather than on Municipality, so that what Kolada needs stays in this app.
    """

    municipality = models.OneToOneField(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="kolada_settings",
        verbose_name=_("kommun"),
    )
    municipality_code = models.CharField(
        _("kommunkod i Kolada"),
        max_length=4,
        validators=[MUNICIPALITY_CODE],
        help_text=_(
            "SCB:s fyrsiffriga kommunkod, som Kolada använder: 0586 för Mjölby, 0563 för Valdemarsvik."
        ),
    )
    comparison = models.JSONField(
        _("jämförelsekommuner"),
        default=list,
        blank=True,
        help_text=_(
            'En lista med Kolada-id och namn: [{"id": "0580", "name": "Linköping"}]. '
            "Ett id kan också vara en kommungrupp i Kolada."
        ),
    )

    class Meta:
        verbose_name = _("Kolada-inställning")
        verbose_name_plural = _("Kolada-inställningar")

    def __str__(self) -> str:
        return f"{self.municipality} ({self.municipality_code})"

    def clean(self) -> None:
        super().clean()
        problems = comparison_problems(comparison=self.comparison, municipality_code=self.municipality_code)
        if problems:
            raise ValidationError({"comparison": problems})


def comparison_problems(*, comparison, municipality_code: str) -> list[str]:
    """What is wrong with a comparison list, in Swedish; empty when it is right."""
    if not isinstance(comparison, list):
        return [str(_('Ska vara en lista, till exempel [{"id": "0580", "name": "Linköping"}].'))]
    problems, ids, names = [], set(), set()
    for number, item in enumerate(comparison, start=1):
        if not isinstance(item, dict) or set(item) != {"id", "name"}:
            problems.append(str(_("Jämförelse %(n)s ska ha precis fälten id och name.") % {"n": number}))
            continue
        item_id, name = item["id"], item["name"]
        if not isinstance(item_id, str) or not item_id or not KOLADA_ID.regex.match(item_id):
            problems.append(
                str(_("Jämförelse %(n)s: id ”%(id)s” är inget Kolada-id.") % {"n": number, "id": item_id})
            )
        elif item_id in ("0000", municipality_code):
            problems.append(
                str(
                    _("Jämförelse %(n)s: %(id)s är riket eller kommunen själv, som alltid hämtas.")
                    % {"n": number, "id": item_id}
                )
            )
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            problems.append(
                str(_("Jämförelse %(n)s: namnet ska vara en text på högst 200 tecken.") % {"n": number})
            )
        if item_id in ids or name in names:
            problems.append(str(_("Jämförelse %(n)s: id eller namn finns redan i listan.") % {"n": number}))
        ids.add(item_id if isinstance(item_id, str) else repr(item_id))
        names.add(name if isinstance(name, str) else repr(name))
    return problems
