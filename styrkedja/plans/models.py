from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.plans.choices import SectionKey


class Plan(models.Model):
    """A board's verksamhetsplan for one year, serving one Mål och budget period."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="plans", verbose_name=_("kommun")
    )
    board = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.PROTECT, related_name="plans", verbose_name=_("nämnd")
    )
    year = models.PositiveIntegerField(_("år"))
    title = models.CharField(_("titel"), max_length=200)
    budget_period_start = models.PositiveIntegerField(_("Mål och budget från år"))
    budget_period_end = models.PositiveIntegerField(_("Mål och budget till år"))
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("föregående plan"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("verksamhetsplan")
        verbose_name_plural = _("verksamhetsplaner")
        ordering = ["municipality", "board", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="plan_unique_board_year"),
            models.CheckConstraint(
                condition=models.Q(budget_period_start__lte=models.F("budget_period_end")),
                name="plan_budget_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.board} – {self.title}"

    @property
    def name(self) -> str:
        """The plan's name on the command line and in URLs: municipality/board/year."""
        return f"{self.municipality.slug}/{self.board.slug}/{self.year}"

    @property
    def budget_period_label(self) -> str:
        return f"{self.budget_period_start}–{self.budget_period_end}"


class PlanSection(models.Model):
    """Free prose of the plan document: introductions, notes, a sector's description."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("plan"))
    key = models.CharField(_("placering"), max_length=30, choices=SectionKey.choices)
    sector = models.ForeignKey(
        "tenancy.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_sections",
        verbose_name=_("sektor"),
    )
    heading = models.CharField(_("rubrik"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True, max_length=text_limits.SECTION)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("textavsnitt")
        verbose_name_plural = _("textavsnitt")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.heading or self.get_key_display()
