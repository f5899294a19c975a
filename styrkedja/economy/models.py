"""A sector's economic frame and line budget, and the plan's investment plan.

Amounts are in Mnkr unless the field says tkr. Printed sums are stored as printed,
next to the lines they sum, so that a difference in the source document stays
visible instead of being silently corrected (see ``economy.selectors.budget_check``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.economy.choices import FrameKind
from styrkedja.followup.models import ReportBase

MONEY = {"max_digits": 12, "decimal_places": 2}


class SectorBudget(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="sector_budgets", verbose_name=_("plan")
    )
    sector = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.PROTECT, related_name="sector_budgets", verbose_name=_("sektor")
    )
    printed_income_total = models.DecimalField(_("summa intäkter (tryckt)"), null=True, blank=True, **MONEY)
    printed_cost_total = models.DecimalField(_("summa kostnader (tryckt)"), null=True, blank=True, **MONEY)
    printed_net_total = models.DecimalField(_("summa netto (tryckt)"), null=True, blank=True, **MONEY)
    printed_net_previous_total = models.DecimalField(
        _("summa netto föregående år (tryckt)"), null=True, blank=True, **MONEY
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("sektorns budget")
        verbose_name_plural = _("sektorernas budgetar")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "sector"], name="sectorbudget_unique")]

    def __str__(self) -> str:
        return f"{self.sector} {self.plan.year}"


class BudgetFrame(models.Model):
    """One year of a sector's economic frame ("Sektorns ekonomiska ram"), net Mnkr."""

    sector_budget = models.ForeignKey(
        SectorBudget, on_delete=models.CASCADE, related_name="frames", verbose_name=_("sektorns budget")
    )
    year = models.PositiveIntegerField(_("år"))
    kind = models.CharField(_("slag"), max_length=10, choices=FrameKind.choices)
    amount = models.DecimalField(_("netto (Mnkr)"), **MONEY)

    class Meta:
        verbose_name = _("ekonomisk ram")
        verbose_name_plural = _("ekonomiska ramar")
        ordering = ["sector_budget", "year"]
        constraints = [models.UniqueConstraint(fields=["sector_budget", "year", "kind"], name="frame_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.amount}"


class BudgetLine(models.Model):
    """A line of the sector's budget for the plan year, per activity area.

    Amounts may be empty: documents print lines without amounts (a blank is not a zero).
    """

    sector_budget = models.ForeignKey(
        SectorBudget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("sektorns budget")
    )
    name = models.CharField(_("verksamhet"), max_length=200)
    income = models.DecimalField(_("intäkter"), null=True, blank=True, **MONEY)
    cost = models.DecimalField(_("kostnader"), null=True, blank=True, **MONEY)
    net = models.DecimalField(_("netto"), null=True, blank=True, **MONEY)
    net_previous = models.DecimalField(_("netto föregående år"), null=True, blank=True, **MONEY)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        ordering = ["sector_budget", "order"]

    def __str__(self) -> str:
        return self.name


class InvestmentProject(models.Model):
    """A line of the investment plan; groups (Fastighetsprojekt …) hold their lines as children."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="investment_projects", verbose_name=_("plan")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("grupp"),
    )
    name = models.CharField(_("projekt"), max_length=200)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("investeringsprojekt")
        verbose_name_plural = _("investeringsplan")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.name


class InvestmentAmount(models.Model):
    project = models.ForeignKey(
        InvestmentProject, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("projekt")
    )
    year = models.PositiveIntegerField(_("år"))
    amount = models.DecimalField(_("belopp (Mnkr)"), **MONEY)

    class Meta:
        verbose_name = _("investeringsbelopp")
        verbose_name_plural = _("investeringsbelopp")
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="investmentamount_unique")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}: {self.amount}"


class InvestmentTotal(models.Model):
    """The investment plan's printed "Summa" for a year."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="investment_totals", verbose_name=_("plan")
    )
    year = models.PositiveIntegerField(_("år"))
    printed_amount = models.DecimalField(_("summa (tryckt, Mnkr)"), **MONEY)

    class Meta:
        verbose_name = _("investeringssumma")
        verbose_name_plural = _("investeringssummor")
        ordering = ["plan", "year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="investmenttotal_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.printed_amount}"


class InvestmentSpecItem(models.Model):
    """An itemised part of a project's appropriation ("specificering"), in tkr."""

    project = models.ForeignKey(
        InvestmentProject, on_delete=models.CASCADE, related_name="specification", verbose_name=_("projekt")
    )
    name = models.TextField(_("specificering"), max_length=text_limits.TITLE)
    amount_tkr = models.DecimalField(_("belopp (tkr)"), **MONEY)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("specificering")
        verbose_name_plural = _("specificeringar")
        ordering = ["project", "order"]

    def __str__(self) -> str:
        return f"{self.name[:80]}: {self.amount_tkr} tkr"


# The economy followed up ---------------------------------------------------------------------------
# Outcome and forecast are reports: a change is a new row (followup.models), the current one the
# newest of its line and period. The deviation from budget is derived when read, never stored.


class LineOutcome(ReportBase):
    """A budget line's outcome so far (utfall) and forecast for the year (helårsprognos), net Mnkr."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("budgetrad")
    )
    outcome = models.DecimalField(_("utfall (Mnkr)"), null=True, blank=True, **MONEY)
    forecast = models.DecimalField(_("helårsprognos (Mnkr)"), null=True, blank=True, **MONEY)

    class Meta(ReportBase.Meta):
        verbose_name = _("utfall och prognos")
        verbose_name_plural = _("utfall och prognoser")
        indexes = [models.Index(fields=["line", "period", "-created_at"], name="lineoutcome_latest_idx")]

    def __str__(self) -> str:
        return f"{self.line} – {self.period.code}"


class SectorOutcome(ReportBase):
    """The sector's comment on its economy at a period (the analysis the delårsrapport prints)."""

    sector_budget = models.ForeignKey(
        SectorBudget, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("sektorns budget")
    )

    class Meta(ReportBase.Meta):
        verbose_name = _("sektorns ekonomikommentar")
        verbose_name_plural = _("sektorernas ekonomikommentarer")
        indexes = [
            models.Index(fields=["sector_budget", "period", "-created_at"], name="sectoroutcome_latest_idx")
        ]

    def __str__(self) -> str:
        return f"{self.sector_budget} – {self.period.code}"


class InvestmentOutcome(ReportBase):
    """An investment project's outcome so far and forecast for the plan year, Mnkr."""

    project = models.ForeignKey(
        InvestmentProject, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("projekt")
    )
    outcome = models.DecimalField(_("utfall (Mnkr)"), null=True, blank=True, **MONEY)
    forecast = models.DecimalField(_("helårsprognos (Mnkr)"), null=True, blank=True, **MONEY)

    class Meta(ReportBase.Meta):
        verbose_name = _("investeringens utfall")
        verbose_name_plural = _("investeringarnas utfall")
        indexes = [models.Index(fields=["project", "period", "-created_at"], name="invoutcome_latest_idx")]

    def __str__(self) -> str:
        return f"{self.project} – {self.period.code}"


class LedgerCode(models.Model):
    """A code of the municipality's ledger and the budget line it is booked on.

    Kept per municipality by the sector's unit and the line's name, not by the line itself, so
    that the mapping holds for next year's plan, whose lines are new rows with the same names.
    """

    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="ledger_codes",
        verbose_name=_("kommun"),
    )
    code = models.CharField(_("kod i ekonomisystemet"), max_length=50)
    sector = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.CASCADE, related_name="ledger_codes", verbose_name=_("sektor")
    )
    line_name = models.CharField(_("verksamhet"), max_length=200)

    class Meta:
        verbose_name = _("kod i ekonomisystemet")
        verbose_name_plural = _("koder i ekonomisystemet")
        ordering = ["municipality", "code"]
        constraints = [models.UniqueConstraint(fields=["municipality", "code"], name="ledgercode_unique")]

    def __str__(self) -> str:
        return f"{self.code} → {self.sector} / {self.line_name}"
