"""Writes of the economy's follow-up: outcomes, forecasts and comments added as new report rows
(history, as in ``followup.services``), the plan's monthly periods, and the ledger's code mapping."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styrkedja import text_limits
from styrkedja.audit.services import audit_log
from styrkedja.economy.models import (
    BudgetLine,
    InvestmentOutcome,
    InvestmentProject,
    LedgerCode,
    LineOutcome,
    SectorBudget,
    SectorOutcome,
)
from styrkedja.economy.selectors import line_outcomes_current
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.services import UNKNOWN, _check_based_on, _check_lengths, period_lock_open
from styrkedja.plans.models import Plan

MONTH_NAMES = (
    "",
    "Januari",
    "Februari",
    "Mars",
    "April",
    "Maj",
    "Juni",
    "Juli",
    "Augusti",
    "September",
    "Oktober",
    "November",
    "December",
)


def _amount(value) -> str | None:
    """An amount as the audit log keeps it: a string, so that JSON holds it exactly."""
    return None if value is None else str(value)


def _newest(queryset):
    return queryset.order_by("-created_at", "-id").first()


def line_outcome_current(*, line: BudgetLine, period: FollowUpPeriod) -> LineOutcome | None:
    return _newest(line.outcomes.filter(period=period))


def sector_outcome_current(*, sector_budget: SectorBudget, period: FollowUpPeriod) -> SectorOutcome | None:
    return _newest(sector_budget.outcomes.filter(period=period))


def investment_outcome_current(
    *, project: InvestmentProject, period: FollowUpPeriod
) -> InvestmentOutcome | None:
    return _newest(project.outcomes.filter(period=period))


@dataclass(frozen=True)
class LineInput:
    """What the sector's form gives for one line."""

    line: BudgetLine
    outcome: Decimal | None
    forecast: Decimal | None
    comment: str = ""
    based_on: object = UNKNOWN


@transaction.atomic
def line_outcome_set(
    *,
    line: BudgetLine,
    period: FollowUpPeriod,
    outcome: Decimal | None,
    forecast: Decimal | None,
    comment: str = "",
    user=None,
    based_on=UNKNOWN,
) -> LineOutcome | None:
    """Report a budget line's outcome so far and forecast for the year at a period. Unchanged
    input adds no row; ``based_on`` guards against lost updates as in ``activity_report_set``."""
    given = LineInput(line, outcome, forecast, comment, based_on)
    return lines_outcome_set(lines=[given], period=period, user=user).get(line.pk)


def lines_outcome_set(*, lines: list[LineInput], period: FollowUpPeriod, user=None) -> dict:
    """Report many lines of a plan at once (a sector's form, a ledger file): the period locked once
    and the current reports read once, a row written only for a line whose input changed. A
    conflict or a refusal on any line raises before anything is written. Returns each line's
    current report after the write, by the line's id."""
    checked = []
    for given in lines:
        if given.line.sector_budget.plan_id != period.plan_id:
            raise ValidationError(_("Perioden hör inte till budgetradens plan."))
        comment = text_limits.normalised(given.comment).strip()
        _check_lengths(comment=(comment, text_limits.COMMENT))
        checked.append((given, comment))
    if not checked:
        return {}
    period = period_lock_open(period=period)
    current = line_outcomes_current(period=period, lines=[given.line.pk for given, _c in checked])
    changed = []
    for given, comment in checked:
        now = current.get(given.line.pk)
        values = (given.outcome, given.forecast, comment)
        if now and (now.outcome, now.forecast, now.comment) == values:
            continue
        if now is None and given.outcome is None and given.forecast is None and not comment:
            continue  # nothing reported, nothing to keep
        _check_based_on(now, given.based_on)
        changed.append((given, comment, now))
    municipality = period.plan.municipality
    for given, comment, now in changed:
        report = LineOutcome.objects.create(
            line=given.line,
            period=period,
            outcome=given.outcome,
            forecast=given.forecast,
            comment=comment,
            created_by=user,
        )
        audit_log(
            municipality=municipality,
            action="economy.line_outcome.set",
            obj=given.line,
            user=user,
            data={
                "period": period.code,
                "outcome": [_amount(now.outcome) if now else None, _amount(given.outcome)],
                "forecast": [_amount(now.forecast) if now else None, _amount(given.forecast)],
                "comment": [now.comment if now else None, comment],
            },
        )
        current[given.line.pk] = report
    return current


@transaction.atomic
def sector_outcome_set(
    *, sector_budget: SectorBudget, period: FollowUpPeriod, comment: str, user=None, based_on=UNKNOWN
) -> SectorOutcome | None:
    """The sector's comment on its economy at a period. Unchanged input adds no row."""
    if period.plan_id != sector_budget.plan_id:
        raise ValidationError(_("Perioden hör inte till sektorns plan."))
    comment = text_limits.normalised(comment).strip()
    _check_lengths(comment=(comment, text_limits.COMMENT))
    period = period_lock_open(period=period)
    current = sector_outcome_current(sector_budget=sector_budget, period=period)
    if (current.comment if current else "") == comment:
        return current
    _check_based_on(current, based_on)
    report = SectorOutcome.objects.create(
        sector_budget=sector_budget, period=period, comment=comment, created_by=user
    )
    audit_log(
        municipality=sector_budget.plan.municipality,
        action="economy.sector_outcome.set",
        obj=sector_budget,
        user=user,
        data={"period": period.code, "comment": [current.comment if current else None, comment]},
    )
    return report


@transaction.atomic
def sector_followup_save(
    *,
    sector_budget: SectorBudget,
    period: FollowUpPeriod,
    lines: list[LineInput],
    comment: str,
    comment_based_on=UNKNOWN,
    user=None,
) -> None:
    """All lines of a sector and its comment, saved together or not at all: a conflict or a refusal
    on any line leaves every line as it was."""
    for given in lines:
        if given.line.sector_budget_id != sector_budget.pk:
            raise ValidationError(_("Raden %(line)s hör inte till sektorn.") % {"line": given.line.name})
    lines_outcome_set(lines=lines, period=period, user=user)
    sector_outcome_set(
        sector_budget=sector_budget, period=period, comment=comment, user=user, based_on=comment_based_on
    )


@transaction.atomic
def investment_outcome_set(
    *,
    project: InvestmentProject,
    period: FollowUpPeriod,
    outcome: Decimal | None,
    forecast: Decimal | None,
    comment: str = "",
    user=None,
    based_on=UNKNOWN,
) -> InvestmentOutcome | None:
    """An investment project's outcome so far and forecast for the year. Unchanged input adds no row."""
    if period.plan_id != project.plan_id:
        raise ValidationError(_("Perioden hör inte till projektets plan."))
    comment = text_limits.normalised(comment).strip()
    _check_lengths(comment=(comment, text_limits.COMMENT))
    period = period_lock_open(period=period)
    current = investment_outcome_current(project=project, period=period)
    if current and (current.outcome, current.forecast, current.comment) == (outcome, forecast, comment):
        return current
    if current is None and outcome is None and forecast is None and not comment:
        return None
    _check_based_on(current, based_on)
    report = InvestmentOutcome.objects.create(
        project=project, period=period, outcome=outcome, forecast=forecast, comment=comment, created_by=user
    )
    audit_log(
        municipality=project.plan.municipality,
        action="economy.investment_outcome.set",
        obj=project,
        user=user,
        data={
            "period": period.code,
            "outcome": [_amount(current.outcome) if current else None, _amount(outcome)],
            "forecast": [_amount(current.forecast) if current else None, _amount(forecast)],
            "comment": [current.comment if current else None, comment],
        },
    )
    return report


# Monthly periods ---------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@transaction.atomic
def monthly_periods_add(*, plan: Plan, user=None) -> list[FollowUpPeriod]:
    """Add the plan's monthly follow-ups M02–M12 (none in January). A month that already has a
    period, by its code or by a period ending on the same day (T1 per April, T2 per July, T3 per
    December), is left alone, so asking again adds nothing."""
    Plan.objects.select_for_update().get(pk=plan.pk)  # two controllers at once add each month once
    existing = list(plan.periods.values_list("code", "ends_on"))
    codes = {code for code, _e in existing}
    ends = {ends_on for _c, ends_on in existing}
    added = []
    for month in range(2, 13):
        code, ends_on = f"M{month:02d}", _month_end(plan.year, month)
        if code in codes or ends_on in ends:
            continue
        added.append(
            FollowUpPeriod.objects.create(
                plan=plan,
                code=code,
                name=MONTH_NAMES[month],
                ends_on=ends_on,
                description=_("Månadsuppföljning av ekonomin per den sista i månaden."),
            )
        )
    if added:
        audit_log(
            municipality=plan.municipality,
            action="economy.monthly_periods.added",
            obj=plan,
            user=user,
            data={"periods": [period.code for period in added]},
        )
    return added


# The ledger's codes ------------------------------------------------------------------------------


@transaction.atomic
def ledger_code_set(*, municipality, code: str, sector, line_name: str, user=None) -> LedgerCode:
    """Map a ledger code to a sector's line (by its name, so that it holds for the next plan)."""
    code, line_name = code.strip(), " ".join(line_name.split())
    if not code:
        raise ValidationError({"code": _("Ange koden i ekonomisystemet.")})
    if not line_name:
        raise ValidationError({"line_name": _("Ange verksamhetens namn som det står på budgetraden.")})
    if sector.municipality_id != municipality.pk:
        raise ValidationError({"sector": _("Sektorn hör inte till kommunen.")})
    current = LedgerCode.objects.select_for_update().filter(municipality=municipality, code=code).first()
    before = [current.sector.name, current.line_name] if current else None
    if current is None:
        current = LedgerCode(municipality=municipality, code=code)
    current.sector, current.line_name = sector, line_name
    current.save()
    audit_log(
        municipality=municipality,
        action="economy.ledger_code.set",
        obj=current,
        user=user,
        data={"code": code, "mapping": [before, [sector.name, line_name]]},
    )
    return current


@transaction.atomic
def ledger_code_delete(*, ledger_code: LedgerCode, user=None) -> None:
    audit_log(
        municipality=ledger_code.municipality,
        action="economy.ledger_code.deleted",
        obj=ledger_code,
        user=user,
        data={"code": ledger_code.code, "mapping": [ledger_code.sector.name, ledger_code.line_name]},
    )
    ledger_code.delete()


# From the ledger ---------------------------------------------------------------------------------


@dataclass
class LedgerImport:
    errors: list  # LedgerError: every fault, each row named; nothing is written when there is one
    lines: int = 0  # budget lines given an outcome and forecast
    rows: int = 0  # rows of the file read


def ledger_import(
    *, plan: Plan, period: FollowUpPeriod, content: bytes, filename: str, user=None
) -> LedgerImport:
    """Read a ledger export and write each mapped line's outcome and forecast at ``period``, in one
    transaction: a file with a fault anywhere writes nothing. Codes of one line are summed; a
    line's comment is kept as it was."""
    from styrkedja.economy.ledger import LedgerError, LedgerFileRefused, read_ledger

    try:
        read = read_ledger(content, filename)
    except LedgerFileRefused as refused:
        return LedgerImport(errors=[LedgerError(None, refused.message)])
    errors = list(read.errors)
    mapping = {
        code.code: code
        for code in LedgerCode.objects.filter(municipality=plan.municipality).select_related("sector")
    }
    lines = {
        (line.sector_budget.sector_id, line.name.casefold()): line
        for line in BudgetLine.objects.filter(sector_budget__plan=plan).select_related("sector_budget")
    }
    sums: dict[int, list] = {}
    for row in read.rows:
        code = mapping.get(row.code)
        if code is None:
            errors.append(
                LedgerError(
                    row.number,
                    _(
                        "koden %(code)s är inte kopplad till någon budgetrad. Koppla den på sidan "
                        "Koder i ekonomisystemet."
                    )
                    % {"code": row.code},
                )
            )
            continue
        line = lines.get((code.sector_id, code.line_name.casefold()))
        if line is None:
            errors.append(
                LedgerError(
                    row.number,
                    _("koden %(code)s är kopplad till %(sector)s, %(line)s, som inte finns i planens budget.")
                    % {"code": row.code, "sector": code.sector.name, "line": code.line_name},
                )
            )
            continue
        if not row.numbers_ok:
            continue
        given = sums.setdefault(line.pk, [line, None, None])
        if row.outcome is not None:
            given[1] = (given[1] or Decimal(0)) + row.outcome
        if row.forecast is not None:
            given[2] = (given[2] or Decimal(0)) + row.forecast
    errors.sort(key=lambda error: error.number or 0)
    if errors:
        return LedgerImport(errors=errors, rows=len(read.rows))
    try:
        with transaction.atomic():
            # A line's comment is kept as it is: the ledger has none.
            current = line_outcomes_current(period=period, lines=list(sums))
            given = [
                LineInput(line, outcome, forecast, current[line.pk].comment if line.pk in current else "")
                for line, outcome, forecast in sums.values()
            ]
            lines_outcome_set(lines=given, period=period, user=user)
            audit_log(
                municipality=plan.municipality,
                action="economy.ledger.imported",
                obj=plan,
                user=user,
                data={
                    "period": period.code,
                    "file": filename[:200],
                    "rows": len(read.rows),
                    "lines": len(sums),
                },
            )
    except ValidationError as error:  # a closed period, a period not opened
        return LedgerImport(errors=[LedgerError(None, message) for message in error.messages])
    return LedgerImport(errors=[], lines=len(sums), rows=len(read.rows))
