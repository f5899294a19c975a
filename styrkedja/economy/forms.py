from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.charts.numbers import swedish_number
from styrkedja.economy.models import (
    BudgetFrame,
    BudgetLine,
    InvestmentAmount,
    InvestmentProject,
    InvestmentSpecItem,
    InvestmentTotal,
    SectorBudget,
)
from styrkedja.followup.forms import BasedOnField
from styrkedja.plandata.reader import to_decimal
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


# The economy followed up --------------------------------------------------------------------------


class AmountField(forms.CharField):
    """Mnkr written the Swedish way ("1 234,5", "−3,2") or with a decimal point; empty is no amount."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 8}))
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = "30"

    def to_python(self, value):
        value = super().to_python(value).strip()[:30]
        if not value:
            return None
        try:
            number = to_decimal(value)
        except ValueError:
            raise ValidationError(
                _("”%(value)s” är inget belopp. Skriv till exempel 1 234,5.") % {"value": value}
            ) from None
        if number.as_tuple().exponent < -2 or abs(number) >= Decimal(10) ** 10:
            raise ValidationError(
                _("Skriv beloppet med högst två decimaler och tio siffror före decimaltecknet.")
            )
        return number

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return swedish_number(value)
        return value


def _comment_field(label, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class SectorFollowUpForm(forms.Form):
    """Every line of a sector at a period, and the sector's comment: one form, saved together.

    The fields of a line are named ``l<pk>-outcome``, ``l<pk>-forecast``, ``l<pk>-comment`` and
    ``l<pk>-based_on`` (the report row the writer saw, to detect a lost update)."""

    def __init__(self, *args, sector, **kwargs):
        super().__init__(*args, **kwargs)
        self.sector = sector
        for row in sector.lines:
            key = f"l{row.line.pk}"
            self.fields[f"{key}-outcome"] = AmountField(label=_("Utfall, %(line)s") % {"line": row.line.name})
            self.fields[f"{key}-forecast"] = AmountField(
                label=_("Helårsprognos, %(line)s") % {"line": row.line.name}
            )
            self.fields[f"{key}-comment"] = _comment_field(
                _("Kommentar, %(line)s") % {"line": row.line.name}, 1
            )
            self.fields[f"{key}-based_on"] = BasedOnField()
            if row.current:
                self.initial |= {
                    f"{key}-outcome": row.current.outcome,
                    f"{key}-forecast": row.current.forecast,
                    f"{key}-comment": row.current.comment,
                    f"{key}-based_on": row.current.pk,
                }
        self.fields["comment"] = _comment_field(_("Sektorns kommentar till ekonomin"), 4)
        self.fields["comment"].help_text = text_limits.with_limit(
            _("Analys av utfall och prognos: orsaker till avvikelser och åtgärder."), text_limits.COMMENT
        )
        self.fields["comment_based_on"] = BasedOnField()
        if sector.current:
            self.initial |= {"comment": sector.current.comment, "comment_based_on": sector.current.pk}

    def line_fields(self):
        """Per line: the line's row and its bound fields, for the table of the form."""
        return [
            (row, [self[f"l{row.line.pk}-{name}"] for name in ("outcome", "forecast", "comment", "based_on")])
            for row in self.sector.lines
        ]

    def inputs(self) -> list:
        from styrkedja.economy.services import LineInput

        data = self.cleaned_data
        return [
            LineInput(
                line=row.line,
                outcome=data[f"l{row.line.pk}-outcome"],
                forecast=data[f"l{row.line.pk}-forecast"],
                comment=data[f"l{row.line.pk}-comment"].strip(),
                based_on=data[f"l{row.line.pk}-based_on"],
            )
            for row in self.sector.lines
        ]


class InvestmentFollowUpForm(forms.Form):
    """The outcome so far and forecast of every project of the investment plan (groups excluded)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        groups = {row.project.parent_id for row in rows}  # a group's amounts are its lines'
        self.rows = [row for row in rows if row.project.pk not in groups]
        for row in self.rows:
            key, name = f"p{row.project.pk}", row.project.name
            self.fields[f"{key}-outcome"] = AmountField(label=_("Utfall, %(project)s") % {"project": name})
            self.fields[f"{key}-forecast"] = AmountField(
                label=_("Helårsprognos, %(project)s") % {"project": name}
            )
            self.fields[f"{key}-comment"] = _comment_field(_("Kommentar, %(project)s") % {"project": name}, 1)
            self.fields[f"{key}-based_on"] = BasedOnField()
            if row.current:
                self.initial |= {
                    f"{key}-outcome": row.current.outcome,
                    f"{key}-forecast": row.current.forecast,
                    f"{key}-comment": row.current.comment,
                    f"{key}-based_on": row.current.pk,
                }

    def project_fields(self):
        return [
            (
                row,
                [
                    self[f"p{row.project.pk}-{name}"]
                    for name in ("outcome", "forecast", "comment", "based_on")
                ],
            )
            for row in self.rows
        ]


class LedgerUploadForm(forms.Form):
    ledger = forms.FileField(
        label=_("Fil från ekonomisystemet (.csv eller .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_ledger(self):
        from styrkedja.economy.ledger import MAX_SIZE

        upload = self.cleaned_data["ledger"]
        if upload.size > MAX_SIZE:
            raise ValidationError(_("Filen är större än %(mb)s MB.") % {"mb": MAX_SIZE >> 20})
        return upload


class LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, line):
        return f"{line.sector_budget.sector.name}: {line.name}"


class LedgerCodeForm(forms.Form):
    """A ledger code and the plan's line it is booked on; kept by the sector and the line's name."""

    code = forms.CharField(label=_("Kod i ekonomisystemet"), max_length=50)
    line = LineChoiceField(
        label=_("Budgetrad"),
        queryset=BudgetLine.objects.none(),
        help_text=_(
            "Kopplingen sparas med sektorn och verksamhetens namn, så att den gäller också nästa års plan."
        ),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = (
            BudgetLine.objects.filter(sector_budget__plan=plan)
            .select_related("sector_budget__sector")
            .order_by("sector_budget__order", "sector_budget_id", "order", "id")
        )
