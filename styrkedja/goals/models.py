from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits


class GoalLevel(models.Model):
    """A level of the municipality's goal hierarchy, under the municipality's own name.

    Mjölby: Visionsområde → Kommunfullmäktiges mål till nämnden → Nämndspecifikt mål.
    Valdemarsvik: Vision → Inriktningsmål → Resultatmål.
    """

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="goal_levels", verbose_name=_("kommun")
    )
    key = models.SlugField(_("nyckel"))
    name = models.CharField(_("namn"), max_length=200)
    name_plural = models.CharField(_("namn i plural"), max_length=200)
    depth = models.PositiveIntegerField(_("nivå"), help_text=_("0 är den översta nivån."))
    numbered_name = models.CharField(
        _("rubrik för ett numrerat mål"),
        max_length=200,
        blank=True,
        help_text=_(
            "Med {nummer} där målets nummer står, t.ex. ”Kommunfullmäktiges mål {nummer} till nämnden”."
        ),
    )

    class Meta:
        verbose_name = _("målnivå")
        verbose_name_plural = _("målnivåer")
        ordering = ["municipality", "depth"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="goallevel_unique_key"),
            models.UniqueConstraint(fields=["municipality", "depth"], name="goallevel_unique_depth"),
        ]

    def __str__(self) -> str:
        return self.name

    def heading_for(self, number: str) -> str:
        """A goal's heading as the municipality's documents write it: "Nämndspecifikt mål 1"."""
        if self.numbered_name and number:
            return self.numbered_name.replace("{nummer}", number)
        return f"{self.name} {number}".strip()


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 goals of the UN's Agenda 2030 (loaded by a data migration)."""

    number = models.PositiveSmallIntegerField(_("nummer"), primary_key=True)
    name = models.CharField(_("namn"), max_length=200)

    class Meta:
        verbose_name = _("globalt mål (Agenda 2030)")
        verbose_name_plural = _("globala mål (Agenda 2030)")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Goal(models.Model):
    """A goal at some level. Vision areas span plans (``plan`` is empty); the rest belong to a plan."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="goals", verbose_name=_("kommun")
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("plan"),
    )
    level = models.ForeignKey(
        GoalLevel, on_delete=models.PROTECT, related_name="goals", verbose_name=_("nivå")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnat mål"),
    )
    contributes_to = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="contributors",
        verbose_name=_("bidrar till"),
        help_text=_("Mål på högre nivåer, till exempel visionens områden, som målet bidrar till."),
    )
    key = models.SlugField(_("nyckel"), max_length=80, help_text=_("Identifierar målet i datafiler."))
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("rubrik"), max_length=300, blank=True)
    text = models.TextField(_("mål"), blank=True, max_length=text_limits.GOAL_TEXT)
    measurable = models.TextField(_("mätbar formulering"), blank=True, max_length=text_limits.GOAL_TEXT)
    baseline = models.TextField(_("nuläge"), blank=True, max_length=text_limits.GOAL_TEXT)
    motivation = models.TextField(_("motivering"), blank=True, max_length=text_limits.GOAL_TEXT)
    way_forward = models.TextField(_("vägen till målet"), blank=True, max_length=text_limits.GOAL_TEXT)
    followup_text = models.TextField(_("uppföljning"), blank=True, max_length=text_limits.GOAL_TEXT)
    responsible_unit = models.ForeignKey(
        "tenancy.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_goals",
        verbose_name=_("ansvarig enhet"),
        help_text=_(
            "Enheten som följer upp målet: dess rapportörer får kommentera och bedöma det, också när målet "
            "saknar aktiviteter."
        ),
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        blank=True,
        related_name="goals",
        verbose_name=_("globala mål (Agenda 2030)"),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["plan", "level__depth", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="goal_unique_key_in_plan"),
            models.UniqueConstraint(
                fields=["municipality", "key"],
                condition=models.Q(plan=None),
                name="goal_unique_key_without_plan",
            ),
        ]

    def __str__(self) -> str:
        label = self.title or self.text
        prefix = f"{self.level.name} {self.number}".strip()
        return f"{prefix}: {label[:120]}" if label else prefix
