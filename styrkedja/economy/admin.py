from __future__ import annotations

from django.contrib import admin

from styrkedja.audit.admin import AuditedModelAdmin
from styrkedja.economy.models import (
    BudgetFrame,
    BudgetLine,
    InvestmentAmount,
    InvestmentProject,
    InvestmentSpecItem,
    InvestmentTotal,
    SectorBudget,
)


class BudgetFrameInline(admin.TabularInline):
    model = BudgetFrame
    extra = 0


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(SectorBudget)
class SectorBudgetAdmin(AuditedModelAdmin):
    list_display = ["sector", "plan", "printed_net_total"]
    list_filter = ["plan__municipality", "plan"]
    autocomplete_fields = ["sector"]
    inlines = [BudgetFrameInline, BudgetLineInline]


class InvestmentAmountInline(admin.TabularInline):
    model = InvestmentAmount
    extra = 0


class InvestmentSpecItemInline(admin.TabularInline):
    model = InvestmentSpecItem
    extra = 0


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(AuditedModelAdmin):
    list_display = ["name", "parent", "plan", "order"]
    list_filter = ["plan__municipality", "plan"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    inlines = [InvestmentAmountInline, InvestmentSpecItemInline]


@admin.register(InvestmentTotal)
class InvestmentTotalAdmin(AuditedModelAdmin):
    list_display = ["plan", "year", "printed_amount"]
    list_filter = ["plan__municipality"]
