from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja.indicators.choices import ValueScope


class Indicator(models.Model):
    """What is measured to show whether a goal is reached ("Indikatorer och mått")."""

    goal = models.ForeignKey(
        "goals.Goal", on_delete=models.CASCADE, related_name="indicators", verbose_name=_("mål")
    )
    name = models.TextField(_("indikator"))
    source = models.CharField(_("källa"), max_length=300, blank=True)
    unit = models.CharField(_("enhet"), max_length=40, blank=True)
    target = models.CharField(_("målvärde"), max_length=300, blank=True)
    higher_is_better = models.BooleanField(_("högre är bättre"), default=True)
    kolada_kpi = models.CharField(_("Kolada-nyckeltal"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["goal", "order"]

    def __str__(self) -> str:
        return self.name[:120]


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
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=3)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        ordering = ["indicator", "year", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "scope", "label"], name="indicatorvalue_unique_year_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.get_scope_display()}: {self.value}"
