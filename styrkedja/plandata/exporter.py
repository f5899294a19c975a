"""A plan as plan data: the inverse of the loader (see docs/data-format.md).

``plan_data`` gives the mapping the loader reads, so that loading it into an empty
municipality makes the same plan again. Empty values are left out, as a person writing
the file would leave them out; booleans are always written. The Excel workbook and the
YAML dump are both made from this mapping, and the round-trip tests compare two of them.

What cannot travel between municipalities stays behind: who wrote a report and when
(the loader stamps its own time), values' fetch times from Kolada, and links to last
year's plan made by carry-over.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from styrkedja.activities.models import Activity
from styrkedja.economy.models import InvestmentProject
from styrkedja.followup.models import AssessmentRules
from styrkedja.goals.models import Goal
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import Municipality, OrgUnit


def number(value: Decimal | None) -> Decimal | None:
    """A stored decimal without its trailing zeros (189.80 → 189.8, 100.00 → 100)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def compact(mapping: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is empty; the loader reads a missing key as empty."""
    return {key: value for key, value in mapping.items() if value not in (None, "", [], {})}


def rules_data(rules: AssessmentRules | None) -> dict[str, Any] | None:
    """A municipality's or a plan's rules of assessment, as the loader reads them."""
    if rules is None:
        return None
    return {
        **compact(
            {
                "counted_levels": sorted(level.key for level in rules.counted_levels.order_by("depth")),
                "goal_noun": rules.goal_noun,
            }
        ),
        "show_activity_sentence": rules.show_activity_sentence,
        "proposal_rule": rules.proposal_rule,
        "partly_threshold": rules.partly_threshold,
    }


def plan_data(plan: Plan) -> dict[str, Any]:
    """The municipality's organisation and the one plan, as the loader reads them."""
    return {"municipality": municipality_data(plan.municipality), "plans": [_PlanExporter(plan).run()]}


def municipality_data(municipality: Municipality) -> dict[str, Any]:
    units = list(municipality.units.order_by("order", "id"))
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)

    def unit_data(unit: OrgUnit) -> dict[str, Any]:
        return compact(
            {
                "name": unit.name,
                "short_name": unit.short_name,
                "slug": unit.slug,
                "kind": unit.kind,
                "children": [unit_data(child) for child in children.get(unit.id, [])],
            }
        )

    return compact(
        {
            "slug": municipality.slug,
            "name": municipality.name,
            "goal_levels": [
                compact(
                    {
                        "key": level.key,
                        "name": level.name,
                        "name_plural": level.name_plural,
                        "numbered": level.numbered_name,
                    }
                )
                for level in municipality.goal_levels.order_by("depth")
            ],
            "units": [unit_data(unit) for unit in children.get(None, [])],
            # In the order they were made (the file's); the database's order of names varies by collation.
            "partners": [{"name": partner.name} for partner in municipality.partners.order_by("pk")],
            # The municipality's own words for an uppdrag's statuses (those it has renamed).
            "assignment_statuses": dict(
                municipality.assignment_status_labels.order_by("key").values_list("key", "label")
            ),
            "assessment_scale": [
                compact(
                    {
                        "key": step.key,
                        "label": step.label,
                        "symbol": step.symbol,
                        "summary_word": step.summary_word,
                    }
                )
                for step in municipality.assessment_steps.order_by("order", "pk")
            ],
            "assessment_rules": rules_data(municipality.assessment_rules.filter(plan=None).first()),
            "vision": [
                compact(
                    {
                        "key": goal.key,
                        "level": goal.level.key,
                        "number": goal.number,
                        "title": goal.title,
                        "text": goal.text,
                    }
                )
                for goal in municipality.goals.filter(plan=None).select_related("level").order_by("order")
            ],
            "ledger_codes": [
                {"code": code.code, "unit": code.sector.name, "line": code.line_name}
                for code in municipality.ledger_codes.select_related("sector").order_by("code")
            ],
        }
    )


def _outcomes(reports, *, amounts: bool = True) -> list[dict[str, Any]]:
    """The economy's report rows of a budget line, an investment project or a sector, oldest first."""
    return [
        compact(
            {"period": report.period.code, "comment": report.comment}
            | ({"outcome": number(report.outcome), "forecast": number(report.forecast)} if amounts else {})
        )
        for report in sorted(reports, key=lambda report: (report.created_at, report.id))
    ]


def _reports(reports, **fields) -> list[dict[str, Any]]:
    """Every report row, oldest first: the later rows of a period are its history."""
    return [
        compact({"period": report.period.code} | {key: getattr(report, name) for key, name in fields.items()})
        for report in sorted(reports, key=lambda report: (report.created_at, report.id))
    ]


class _PlanExporter:
    def __init__(self, plan: Plan):
        self.plan = plan

    def run(self) -> dict[str, Any]:
        plan = self.plan
        sections = list(plan.sections.order_by("order", "id"))
        return compact(
            {
                "board": plan.board.slug,
                "year": plan.year,
                "title": plan.title,
                "budget_period": [plan.budget_period_start, plan.budget_period_end],
                "report_show_activity_tables": plan.report_show_activity_tables,
                "report_show_measure_tables": plan.report_show_measure_tables,
                "report_show_charts": plan.report_show_charts,
                "sections": [
                    compact({"key": s.key, "heading": s.heading, "body": s.body})
                    for s in sections
                    if s.sector_id is None
                ],
                "periods": [self.period(period) for period in plan.periods.order_by("ends_on", "id")],
                "goals": self.goals(),
                "special_initiatives": [self.activity(a) for a in self.activities(under_goal=False)],
                "period_comments": [
                    compact({"period": c.period.code, "topic": c.topic, "comment": c.comment})
                    for c in sorted(
                        (c for period in plan.periods.all() for c in period.periodcomments.all()),
                        key=lambda comment: (comment.created_at, comment.id),
                    )
                ],
                "surveys": self.surveys(),
                "assignments": self.assignments(),
                "meetings": self.meetings(),
                "budget_milestones": [
                    compact(
                        {
                            "title": m.title,
                            "when": m.when_text,
                            "date": m.date,
                            "description": m.description,
                        }
                    )
                    for m in plan.budget_milestones.order_by("order", "id")
                ],
                "sectors": self.sectors(sections),
                "investments": self.investments(),
                "assessment_rules": rules_data(AssessmentRules.objects.filter(plan=plan).first()),
            }
        )

    @staticmethod
    def period(period) -> dict[str, Any]:
        return compact(
            {
                "code": period.code,
                "name": "" if period.name == period.code else period.name,
                "ends_on": period.ends_on,
                "due_on": period.due_on,
                "opened": period.opened_at is not None,
                "closed": period.closed_at is not None,
                "description": period.description,
                "comment": period.comment,
            }
        )

    # Goals and what hangs on them -------------------------------------------------------------

    def goals(self) -> list[dict[str, Any]]:
        goals = list(
            self.plan.goals.select_related("level", "responsible_unit")
            .prefetch_related(
                "contributes_to",
                "sdgs",
                "reports__period",
                "indicators__values",
            )
            .order_by("order", "id")
        )
        children: dict[int | None, list[Goal]] = {}
        for goal in goals:
            children.setdefault(goal.parent_id, []).append(goal)
        activities: dict[int, list[Activity]] = {}
        for activity in self.activities(under_goal=True):
            activities.setdefault(activity.goal_id, []).append(activity)

        def goal_data(goal: Goal) -> dict[str, Any]:
            return compact(
                {
                    "key": goal.key,
                    "level": goal.level.key,
                    "number": goal.number,
                    "title": goal.title,
                    "text": goal.text,
                    "measurable": goal.measurable,
                    "baseline": goal.baseline,
                    "motivation": goal.motivation,
                    "way_forward": goal.way_forward,
                    "followup": goal.followup_text,
                    "responsible": goal.responsible_unit.name if goal.responsible_unit_id else "",
                    "contributes_to": sorted(target.key for target in goal.contributes_to.all()),
                    "agenda2030": sorted(sdg.number for sdg in goal.sdgs.all()),
                    "indicators": [
                        self.indicator(indicator)
                        for indicator in sorted(goal.indicators.all(), key=lambda i: (i.order, i.id))
                    ],
                    "reports": _reports(
                        goal.reports.all(),
                        comment="comment",
                        assessment="assessment",
                        proposed_assessment="proposed_assessment",
                        reason="reason",
                        actions="actions",
                    ),
                    "activities": [self.activity(activity) for activity in activities.get(goal.id, [])],
                    "children": [goal_data(child) for child in children.get(goal.id, [])],
                }
            )

        return [goal_data(goal) for goal in children.get(None, [])]

    @staticmethod
    def indicator(indicator) -> dict[str, Any]:
        values = sorted(indicator.values.all(), key=lambda v: (v.year, v.scope, v.label, v.gender, v.id))
        return compact(
            {
                "name": indicator.name,
                "source": indicator.source,
                "unit": indicator.unit,
                "target": indicator.target,
                "target_kind": indicator.target_kind,
                "target_value": number(indicator.target_value),
                "average_years": indicator.average_years,
                "kolada_kpi": indicator.kolada_kpi,
                "values": [
                    compact(
                        {
                            "year": v.year,
                            "scope": v.scope,
                            "label": v.label,
                            "gender": "" if v.gender == "T" else v.gender,
                            "value": number(v.value),
                            "missing_reason": v.missing_reason,
                            "note": v.note,
                            "source": v.source,
                            "rank": v.rank,
                            "rank_of": v.rank_of,
                        }
                    )
                    for v in values
                ],
            }
        ) | {"higher_is_better": indicator.higher_is_better}

    def activities(self, *, under_goal: bool) -> list[Activity]:
        """Activities under goals, or those under none: the särskilda satsningar."""
        activities = self.plan.activities.filter(goal__isnull=not under_goal)
        return list(
            activities.select_related("responsible_unit")
            .prefetch_related(
                "co_responsible_units",
                "collaborators__unit",
                "collaborators__partner",
                "reports__period",
            )
            .order_by("order", "id")
        )

    @staticmethod
    def activity(activity: Activity) -> dict[str, Any]:
        collaborators = []
        for collaborator in sorted(activity.collaborators.all(), key=lambda c: (c.order, c.id)):
            if collaborator.unit_id:
                collaborators.append({"unit": collaborator.unit.name})
            elif collaborator.partner_id:
                collaborators.append({"partner": collaborator.partner.name})
            else:
                collaborators.append({"text": collaborator.text})
        return compact(
            {
                "title": activity.title,
                "kind": activity.kind,
                "priority": activity.priority,
                "responsible": activity.responsible_unit.name,
                # A set, not a list: the loader keeps no order, so the names are sorted.
                "co_responsible": sorted(unit.name for unit in activity.co_responsible_units.all()),
                "collaborators": collaborators,
                "note": activity.note,
                "reports": _reports(activity.reports.all(), status="status", comment="comment"),
            }
        )

    # Surveys, assignments, meetings ---------------------------------------------------------------

    def surveys(self) -> list[dict[str, Any]]:
        return [
            compact(
                {
                    "unit": survey.unit.name,
                    "kind": survey.kind,
                    "contact": survey.contact,
                    "reports": _reports(survey.reports.all(), status="status", comment="comment"),
                    "results": [
                        compact(
                            {
                                "measure": result.measure,
                                "year": result.year,
                                "value": number(result.value),
                                "national_value": number(result.national_value),
                                "unit": result.unit,
                                "period": result.period.code if result.period_id else "",
                            }
                        )
                        for result in sorted(survey.results.all(), key=lambda result: result.pk)
                    ],
                }
            )
            for survey in self.plan.surveys.select_related("unit")
            .prefetch_related("reports__period", "results__period")
            .order_by("order", "id")
        ]

    def assignments(self) -> list[dict[str, Any]]:
        return [
            compact(
                {
                    "key": assignment.key,
                    "title": assignment.title,
                    "description": assignment.description,
                    "goal": assignment.goal.key if assignment.goal_id else "",
                    "responsible": assignment.responsible_unit.name if assignment.responsible_unit_id else "",
                    "reports": _reports(
                        assignment.reports.all(),
                        status="status",
                        comment="comment",
                        prognosis="prognosis",
                        corrective_actions="corrective_actions",
                    ),
                }
            )
            for assignment in self.plan.assignments.select_related("goal", "responsible_unit")
            .prefetch_related("reports__period")
            .order_by("order", "id")
        ]

    def meetings(self) -> list[dict[str, Any]]:
        meetings = []
        for meeting in self.plan.meetings.prefetch_related("items__goal", "items__assignment").order_by(
            "date", "id"
        ):
            items = [
                compact(
                    {
                        "goal": item.goal.key if item.goal_id else "",
                        "assignment": item.assignment.key if item.assignment_id else "",
                        "text": item.text,
                    }
                )
                for item in sorted(meeting.items.all(), key=lambda item: (item.order, item.id))
            ]
            meetings.append(
                compact({"body": meeting.body, "date": meeting.date, "title": meeting.title, "items": items})
            )
        return meetings

    # Economy --------------------------------------------------------------------------------------

    def sectors(self, sections) -> list[dict[str, Any]]:
        result = []
        for budget in self.plan.sector_budgets.select_related("sector").order_by("order", "id"):
            totals = compact(
                {
                    "income": number(budget.printed_income_total),
                    "cost": number(budget.printed_cost_total),
                    "net": number(budget.printed_net_total),
                    "net_previous": number(budget.printed_net_previous_total),
                }
            )
            result.append(
                compact(
                    {
                        "unit": budget.sector.name,
                        # A sector's own sections take their place from the sector.
                        "sections": [
                            compact({"heading": s.heading, "body": s.body})
                            for s in sections
                            if s.sector_id == budget.sector_id
                        ],
                        "frames": [
                            {"year": frame.year, "kind": frame.kind, "amount": number(frame.amount)}
                            for frame in budget.frames.order_by("year", "kind")
                        ],
                        "lines": [
                            compact(
                                {
                                    "name": line.name,
                                    "income": number(line.income),
                                    "cost": number(line.cost),
                                    "net": number(line.net),
                                    "net_previous": number(line.net_previous),
                                    "outcomes": _outcomes(line.outcomes.all()),
                                }
                            )
                            for line in budget.lines.order_by("order", "id").prefetch_related(
                                "outcomes__period"
                            )
                        ],
                        "printed_total": totals,
                        "outcomes": _outcomes(budget.outcomes.select_related("period"), amounts=False),
                    }
                )
            )
        return result

    def investments(self) -> dict[str, Any]:
        projects = list(
            self.plan.investment_projects.prefetch_related(
                "amounts", "specification", "outcomes__period"
            ).order_by("order", "id")
        )
        children: dict[int | None, list[InvestmentProject]] = {}
        for project in projects:
            children.setdefault(project.parent_id, []).append(project)

        def project_data(project: InvestmentProject) -> dict[str, Any]:
            return compact(
                {
                    "name": project.name,
                    "amounts": {
                        amount.year: number(amount.amount)
                        for amount in sorted(project.amounts.all(), key=lambda amount: amount.year)
                    },
                    "specification": [
                        {"name": item.name, "amount_tkr": number(item.amount_tkr)}
                        for item in sorted(project.specification.all(), key=lambda i: (i.order, i.id))
                    ],
                    "outcomes": _outcomes(project.outcomes.all()),
                    "children": [project_data(child) for child in children.get(project.id, [])],
                }
            )

        return compact(
            {
                "projects": [project_data(project) for project in children.get(None, [])],
                "printed_total": {
                    total.year: number(total.printed_amount)
                    for total in self.plan.investment_totals.order_by("year")
                },
            }
        )
