from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.plans.choices import SectionKey

# The parts of the follow-up reports a plan may show or leave out: its fields of those names.
REPORT_PARTS = ("report_show_activity_tables", "report_show_measure_tables", "report_show_charts")


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
    # Which parts the follow-up reports show.
    report_show_activity_tables = models.BooleanField(
        _("aktivitetstabeller i uppföljningen"),
        default=True,
        help_text=_("Varje måls aktiviteter med nuläge, ansvarig och kommentar."),
    )
    report_show_measure_tables = models.BooleanField(
        _("måttabeller i uppföljningen"),
        default=False,
        help_text=_("Varje måls mått med utfall för tre år, målvärde och bedömning."),
    )
    report_show_charts = models.BooleanField(
        _("diagram i uppföljningen"),
        default=True,
        help_text=_("Indikatorernas diagram och diagrammet över måluppfyllelse per målområde."),
    )

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


class PlanDecision(models.Model):
    """A decision on the plan: its adoption (number 0) or a revision of it (1, 2 …); rows are history.

    An adopted plan is not changed in place. A revision is opened with its reason, the plan is
    changed while it is open, and it is closed with the decision (who, when, the paragraph). On
    closing, and on adoption, the plan's content is kept in ``snapshot``, so that any two versions
    can be compared field by field.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("plan"))
    number = models.PositiveIntegerField(
        _("nummer"), help_text=_("0 är beslutet om planen, 1 den första revisionen.")
    )
    reason = models.TextField(_("skäl"), blank=True, max_length=text_limits.COMMENT)
    decided_by = models.CharField(
        _("beslutat av"), max_length=200, blank=True, help_text=_("Till exempel KS, KF eller nämndens namn.")
    )
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    reference = models.CharField(
        _("paragraf eller diarienummer"), max_length=100, blank=True, help_text=_("Till exempel § 210.")
    )
    snapshot = models.JSONField(_("planens innehåll vid beslutet"), null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("påbörjad av"),
    )
    opened_at = models.DateTimeField(_("påbörjad"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutad av användaren"),
    )
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)

    class Meta:
        verbose_name = _("beslut om planen")
        verbose_name_plural = _("beslut om planen")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plandecision_unique_number")]

    def __str__(self) -> str:
        label = _("Beslut") if self.number == 0 else _("Revision %(n)s") % {"n": self.number}
        return f"{label} {self.citation}".strip()

    @property
    def is_open(self) -> bool:
        """A revision being prepared: the plan may be changed until it is decided.

        Told by ``closed_at``, set with the snapshot when the decision is made, so that asking does
        not read the snapshot (which may be large) on every write of the plan."""
        return self.closed_at is None

    @property
    def citation(self) -> str:
        """The decision as minutes cite it: "KS 2023-12-12 § 210"."""
        day = self.decided_on.isoformat() if self.decided_on else ""
        return " ".join(part for part in (self.decided_by, day, self.reference) if part)
