from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from styrkedja.economy.models import (
    BudgetFrame,
    BudgetLine,
    InvestmentAmount,
    InvestmentProject,
    InvestmentSpecItem,
    InvestmentTotal,
    SectorBudget,
)
from styrkedja.planning.forms import PlanChildForm, PlanObjectForm, child_formset


class SectorBudgetForm(PlanObjectForm):
    """A sector's budget: its frame over the years and its lines, with the sums the plan prints."""

    class Meta:
        model = SectorBudget
        fields = [
            "sector",
            "printed_income_total",
            "printed_cost_total",
            "printed_net_total",
            "printed_net_previous_total",
        ]
        help_texts = {
            "printed_net_total": _(
                "Summan som planen trycker. Den kontrolleras mot raderna: en summa som inte stämmer visas "
                "med båda talen."
            )
        }

    def clean_sector(self):
        sector = self.cleaned_data["sector"]
        others = SectorBudget.objects.filter(plan=self.plan, sector=sector).exclude(pk=self.instance.pk)
        if sector and others.exists():
            raise ValidationError(
                _("%(sector)s har redan en budget i planen: ändra den.") % {"sector": sector}
            )
        return sector


class BudgetFrameForm(PlanChildForm):
    class Meta:
        model = BudgetFrame
        fields = ["year", "kind", "amount"]


class BudgetLineForm(PlanChildForm):
    class Meta:
        model = BudgetLine
        fields = ["name", "income", "cost", "net", "net_previous"]


BudgetFrameFormSet = child_formset(
    SectorBudget, BudgetFrame, BudgetFrameForm, caption=_("Sektorns ekonomiska ram, netto Mnkr"), extra=5
)
BudgetLineFormSet = child_formset(
    SectorBudget, BudgetLine, BudgetLineForm, caption=_("Budget per verksamhet, Mnkr"), extra=3
)


class InvestmentProjectForm(PlanObjectForm):
    class Meta:
        model = InvestmentProject
        fields = ["parent", "name"]
        labels = {"parent": _("Grupp (tomt för en grupp eller ett projekt utan grupp)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = self.fields["parent"].queryset.filter(parent=None)
        if self.instance.pk:
            groups = groups.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = groups


class InvestmentAmountForm(PlanChildForm):
    class Meta:
        model = InvestmentAmount
        fields = ["year", "amount"]


class InvestmentSpecItemForm(PlanChildForm):
    class Meta:
        model = InvestmentSpecItem
        fields = ["name", "amount_tkr"]


InvestmentAmountFormSet = child_formset(
    InvestmentProject, InvestmentAmount, InvestmentAmountForm, caption=_("Belopp per år, Mnkr"), extra=3
)
InvestmentSpecFormSet = child_formset(
    InvestmentProject,
    InvestmentSpecItem,
    InvestmentSpecItemForm,
    caption=_("Specificering av anslaget, tkr"),
    extra=2,
)


class InvestmentTotalForm(PlanObjectForm):
    class Meta:
        model = InvestmentTotal
        fields = ["year", "printed_amount"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        others = InvestmentTotal.objects.filter(plan=self.plan, year=year).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("Planen har redan en summa för %(year)s: ändra den.") % {"year": year})
        return year
