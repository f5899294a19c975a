"""The round trip: a plan exported as a workbook and read into an empty municipality is the same
plan, for the two seed plans and for plans generated at random (Hypothesis).

"The same" is measured by the plan data (plandata.exporter.plan_data), which holds every field
the loader reads. The generated plans are written in that data's own form, so the first check
is that the exporter is the loader's inverse; the second, that the workbook loses nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from styrkedja.activities.choices import ActivityKind
from styrkedja.assignments.choices import AssignmentStatus
from styrkedja.economy.choices import FrameKind
from styrkedja.followup.choices import Assessment, CommentTopic, ProposalRule, ReportStatus
from styrkedja.indicators.choices import Gender, TargetKind, ValueScope
from styrkedja.meetings.choices import MeetingBody
from styrkedja.plandata.exporter import plan_data
from styrkedja.plandata.loader import load_plan_data
from styrkedja.plans.choices import SectionKey
from styrkedja.tenancy.choices import UnitKind
from styrkedja.tenancy.models import Municipality
from styrkedja.workbook.choices import ImportMode
from styrkedja.workbook.services import workbook_export, workbook_import

# Swedish letters, digits and punctuation; no ";" (it separates list items) and no "_", with
# which openpyxl reads "_x0041_" as an escaped character.
CHARACTERS = "abcdefghijklmnopqrstuvwxyzåäöéABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ0123456789 .,:-–()%/\"'!?&+=*"


def texts(max_size: int = 40, *, lines: bool = False):
    alphabet = CHARACTERS + ("\n" if lines else "")
    return st.text(alphabet, min_size=1, max_size=max_size).map(str.strip).filter(bool)


def optional(strategy):
    return st.one_of(st.none(), strategy)


def decimals(digits: int, places: int):
    limit = 10 ** (digits - places) - 1
    return st.integers(-limit, limit).map(lambda n: Decimal(n).scaleb(-places))


MONEY = decimals(10, 2)
YEARS = st.integers(2000, 2040)
DATES = st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 12, 31))


def compact(mapping: dict) -> dict:
    return {key: value for key, value in mapping.items() if value not in (None, "", [], {})}


@st.composite
def unique_names(draw, count_min: int, count_max: int, taken: set[str], max_size: int = 30) -> list[str]:
    names = draw(st.lists(texts(max_size), min_size=count_min, max_size=count_max, unique=True))
    names = [name for name in names if name not in taken]
    taken.update(names)
    return names


STANDARD_STEPS = ["achieved", "likely", "uncertain", "unlikely", "not_achieved"]


@st.composite
def scales(draw) -> list[dict]:
    """A municipality's scale: three to five standard steps best first, perhaps "kan inte bedömas"."""
    keys = sorted(
        draw(st.sets(st.sampled_from(STANDARD_STEPS), min_size=3, max_size=5)), key=STANDARD_STEPS.index
    )
    if draw(st.booleans()):
        keys.append(Assessment.NOT_ASSESSABLE)
    labels = draw(st.lists(texts(30), min_size=len(keys), max_size=len(keys), unique_by=str.casefold))
    return [
        compact({"key": key, "label": label, "symbol": draw(optional(st.sampled_from(["●", "◐", "○", "✓"]))),
                 "summary_word": draw(optional(texts(20)))})
        for key, label in zip(keys, labels, strict=True)
    ]  # fmt: skip


@st.composite
def rules(draw, level_keys: list[str]) -> dict:
    """What a municipality's or a plan's summary counts and how its proposal is drawn."""
    return {
        **compact({"counted_levels": sorted(draw(st.sets(st.sampled_from(level_keys), max_size=2))),
                   "goal_noun": draw(optional(texts(20)))}),
        "show_activity_sentence": draw(st.booleans()),
        "proposal_rule": draw(st.sampled_from(ProposalRule.values)),
        "partly_threshold": draw(st.integers(1, 100)),
    }  # fmt: skip


@st.composite
def plan_documents(draw) -> dict:
    """A municipality and one plan in the form plan_data writes, every reference valid."""
    taken: set[str] = set()
    keys = iter(draw(st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,9}", fullmatch=True), min_size=40,
                              max_size=40, unique=True)))  # fmt: skip
    depth = draw(st.integers(2, 3))
    levels = [
        compact({"key": next(keys), "name": draw(texts(60)), "name_plural": draw(texts(60)),
                 "numbered": draw(optional(texts(60)))})
        for _ in range(depth)
    ]  # fmt: skip

    # The organisation: a board with units below it, some with an abbreviation.
    board_name, *unit_names = draw(unique_names(2, 5, taken))
    abbreviations = draw(unique_names(0, len(unit_names), taken, max_size=10))
    children = []
    for index, name in enumerate(unit_names):
        kind = draw(st.sampled_from([k for k in UnitKind.values if k != UnitKind.BOARD]))
        short = abbreviations[index] if index < len(abbreviations) else None
        children.append(compact({"name": name, "short_name": short, "kind": kind}))
    if len(children) > 1 and draw(st.booleans()):
        children[0]["children"] = [children.pop()]  # a unit two levels down
    board = {"name": board_name, "slug": "nmd", "kind": UnitKind.BOARD} | compact({"children": children})
    units = [board_name, *unit_names]
    partners = draw(unique_names(0, 2, taken))
    vision = [
        compact({"key": next(keys), "level": levels[0]["key"], "number": draw(optional(texts(20))),
                 "title": draw(optional(texts(60))), "text": draw(optional(texts(200, lines=True)))})
        for _ in range(draw(st.integers(0, 2)))
    ]  # fmt: skip

    periods = []
    for code in draw(st.lists(st.sampled_from(["T1", "T2", "T3", "M06"]), max_size=3, unique=True)):
        closed = draw(st.booleans())
        ends_on = draw(DATES)
        periods.append(
            compact(
                {
                    "code": code,
                    "name": draw(optional(texts(30).filter(lambda name, code=code: name != code))),
                    "ends_on": ends_on,
                    # The last day to report is on or after the period's end.
                    "due_on": draw(optional(st.dates(ends_on, ends_on + datetime.timedelta(days=60)))),
                    "description": draw(optional(texts(100))),
                    "comment": draw(optional(texts(100, lines=True))),
                }
            )
            | {"opened": closed or draw(st.booleans()), "closed": closed}
        )
    periods.sort(key=lambda period: period["ends_on"])
    codes = [period["code"] for period in periods]

    def reports(**fields) -> list[dict]:
        if not codes:
            return []
        return [
            compact({"period": draw(st.sampled_from(codes))} | {key: draw(s) for key, s in fields.items()})
            for _ in range(draw(st.integers(0, 2)))
        ]

    def status_reports() -> list[dict]:
        return reports(status=st.sampled_from(ReportStatus.values), comment=optional(texts(80, lines=True)))

    def activity() -> dict:
        collaborators = [
            draw(
                st.one_of(
                    st.sampled_from(units).map(lambda name: {"unit": name}),
                    *([st.sampled_from(partners).map(lambda name: {"partner": name})] if partners else []),
                    texts(40).map(lambda text: {"text": text}),
                )
            )
            for _ in range(draw(st.integers(0, 2)))
        ]
        return compact(
            {
                "title": draw(texts(120, lines=True)),
                "kind": draw(st.sampled_from(ActivityKind.values)),
                "priority": draw(st.sampled_from(["", "angelaget"])),
                "responsible": draw(st.sampled_from(units)),
                "co_responsible": sorted(draw(st.sets(st.sampled_from(units), max_size=2))),
                "collaborators": collaborators,
                "note": draw(optional(texts(60))),
                "reports": status_reports(),
            }
        )

    def indicator() -> dict:
        values = {}
        for _ in range(draw(st.integers(0, 3))):
            scope = draw(st.sampled_from(ValueScope.values))
            # A value, or the reason the year has none.
            missing_reason = draw(optional(texts(40)))
            gender = draw(st.sampled_from(Gender.values))
            value = compact(
                {
                    "year": draw(YEARS),
                    "scope": scope,
                    "label": draw(optional(texts(30))) if scope == ValueScope.OTHER else None,
                    "gender": None if gender == Gender.TOTAL else gender,
                    "value": None if missing_reason else draw(decimals(11, 3)),
                    "missing_reason": missing_reason,
                    "note": draw(optional(texts(40))),
                    "source": draw(optional(texts(40))),
                    "rank": draw(optional(st.integers(1, 300))),
                    "rank_of": draw(optional(st.integers(1, 300))),
                }
            )
            values.setdefault((value["year"], value["scope"], value.get("label", ""), gender), value)
        target = draw(optional(texts(60)))
        kinds = TargetKind.values if target is None else [k for k in TargetKind.values if k]
        return compact(
            {
                "name": draw(texts(100)),
                "source": draw(optional(texts(60))),
                "unit": draw(optional(texts(10))),
                "target": target,
                # A printed target comes with its kind, so the loader does not read one from the words.
                "target_kind": draw(st.sampled_from(kinds)),
                "target_value": draw(optional(decimals(11, 3))),
                "average_years": draw(optional(st.integers(2, 10))),
                "kolada_kpi": draw(optional(st.from_regex(r"[NU][0-9]{5}", fullmatch=True))),
                "values": [values[key] for key in sorted(values)],
            }
        ) | {"higher_is_better": draw(st.booleans())}

    vision_keys = [goal["key"] for goal in vision]
    goal_keys = []

    def goal(level: int) -> dict:
        key = next(keys)
        goal_keys.append(key)
        title = draw(optional(texts(60)))  # a goal has a title, a text or both
        assessments = st.sampled_from(["", *Assessment.values])
        return compact(
            {
                "key": key,
                "level": levels[level]["key"],
                "number": draw(optional(texts(20))),
                "title": title,
                "text": draw(texts(200, lines=True) if not title else optional(texts(200, lines=True))),
                "measurable": draw(optional(texts(100))),
                "baseline": draw(optional(texts(100, lines=True))),
                "motivation": draw(optional(texts(100))),
                "way_forward": draw(optional(texts(100))),
                "followup": draw(optional(texts(100))),
                "responsible": draw(st.sampled_from(["", *units])),
                "contributes_to": sorted(draw(st.sets(st.sampled_from(vision_keys), max_size=2)))
                if vision_keys
                else [],
                "agenda2030": sorted(draw(st.sets(st.integers(1, 17), max_size=3))),
                "indicators": [indicator() for _ in range(draw(st.integers(0, 2)))],
                "reports": reports(
                    comment=optional(texts(80, lines=True)),
                    assessment=assessments,
                    proposed_assessment=assessments,
                    reason=optional(texts(60)),
                    actions=optional(texts(80, lines=True)),
                ),
                "activities": [activity() for _ in range(draw(st.integers(0, 2)))],
                "children": [goal(level + 1) for _ in range(draw(st.integers(0, 2)))]
                if level + 1 < depth
                else [],
            }
        )

    goals = [goal(1) for _ in range(draw(st.integers(1, 2)))]
    assignment_keys = []

    def assignment() -> dict:
        key = next(keys)
        assignment_keys.append(key)
        return compact(
            {
                "key": key,
                "title": draw(texts(100)),
                "description": draw(optional(texts(100, lines=True))),
                "goal": draw(optional(st.sampled_from(goal_keys + vision_keys))),
                "responsible": draw(optional(st.sampled_from(units))),
                "reports": reports(
                    status=st.sampled_from(AssignmentStatus.values),
                    comment=optional(texts(80, lines=True)),
                    prognosis=optional(texts(80, lines=True)),
                    corrective_actions=optional(texts(80, lines=True)),
                ),
            }
        )

    assignments = [assignment() for _ in range(draw(st.integers(0, 2)))]

    def item() -> dict:
        choices = [texts(60).map(lambda text: {"text": text})]
        choices.append(st.sampled_from(goal_keys).flatmap(
            lambda key: optional(texts(60)).map(lambda text: compact({"goal": key, "text": text}))
        ))  # fmt: skip
        if assignment_keys:
            choices.append(st.sampled_from(assignment_keys).map(lambda key: {"assignment": key}))
        return draw(st.one_of(*choices))

    meetings = [
        compact(
            {
                "body": draw(st.sampled_from(MeetingBody.values)),
                "date": draw(DATES),
                "title": draw(optional(texts(60))),
                "items": [item() for _ in range(draw(st.integers(0, 2)))],
            }
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    meetings.sort(key=lambda meeting: meeting["date"])

    def sector(name: str) -> dict:
        frames = {}
        for _ in range(draw(st.integers(0, 3))):
            frame = {
                "year": draw(YEARS),
                "kind": draw(st.sampled_from(FrameKind.values)),
                "amount": draw(MONEY),
            }
            frames.setdefault((frame["year"], frame["kind"]), frame)
        money = {"income": optional(MONEY), "cost": optional(MONEY), "net": optional(MONEY),
                 "net_previous": optional(MONEY)}  # fmt: skip
        return compact(
            {
                "unit": name,
                "sections": [
                    compact(
                        {"heading": draw(optional(texts(40))), "body": draw(optional(texts(100, lines=True)))}
                    )
                    for _ in range(draw(st.integers(0, 1)))
                ],
                "frames": [frames[key] for key in sorted(frames)],
                "lines": [
                    compact({"name": draw(texts(40))} | {key: draw(s) for key, s in money.items()})
                    for _ in range(draw(st.integers(0, 2)))
                ],
                "printed_total": compact({key: draw(s) for key, s in money.items()}),
            }
        )

    def project(level: int) -> dict:
        return compact(
            {
                "name": draw(texts(60)),
                "amounts": draw(st.dictionaries(YEARS, MONEY, max_size=2)),
                "specification": [
                    {"name": draw(texts(80)), "amount_tkr": draw(MONEY)}
                    for _ in range(draw(st.integers(0, 1)))
                ],
                "children": [project(level + 1) for _ in range(draw(st.integers(0, 2)))] if level < 1 else [],
            }
        )

    start = draw(YEARS)
    plan = compact(
        {
            "board": "nmd",
            "year": draw(YEARS),
            "title": draw(texts(100)),
            "budget_period": [start, start + draw(st.integers(0, 3))],
            "report_show_activity_tables": draw(st.booleans()),
            "report_show_measure_tables": draw(st.booleans()),
            "report_show_charts": draw(st.booleans()),
            "sections": [
                compact(
                    {
                        "key": draw(
                            st.sampled_from([k for k in SectionKey.values if k != SectionKey.SECTOR])
                        ),
                        "heading": draw(optional(texts(60))),
                        "body": draw(optional(texts(200, lines=True))),
                    }
                )
                for _ in range(draw(st.integers(0, 2)))
            ],
            "periods": periods,
            "goals": goals,
            "special_initiatives": [activity() for _ in range(draw(st.integers(0, 2)))],
            "period_comments": [
                {
                    "period": draw(st.sampled_from(codes)),
                    "topic": draw(st.sampled_from(CommentTopic.values)),
                    "comment": draw(texts(100, lines=True)),
                }
                for _ in range(draw(st.integers(0, 2) if codes else st.just(0)))
            ],
            "surveys": [
                compact(
                    {
                        "unit": draw(st.sampled_from(units)),
                        "kind": draw(texts(60)),
                        "contact": draw(optional(texts(60))),
                        "reports": status_reports(),
                        "results": [
                            compact(
                                {
                                    "measure": draw(texts(60)),
                                    "year": draw(YEARS),
                                    "value": draw(MONEY),
                                    "national_value": draw(optional(MONEY)),
                                    "unit": draw(optional(texts(5))),
                                    "period": draw(optional(st.sampled_from(codes))) if codes else None,
                                }
                            )
                            for _ in range(draw(st.integers(0, 2)))
                        ],
                    }
                )
                for _ in range(draw(st.integers(0, 2)))
            ],
            "assignments": assignments,
            "meetings": meetings,
            "budget_milestones": [
                compact(
                    {
                        "title": draw(texts(60)),
                        "when": draw(optional(texts(40))),
                        "date": draw(optional(DATES)),
                        "description": draw(optional(texts(100))),
                    }
                )
                for _ in range(draw(st.integers(0, 2)))
            ],
            "sectors": [
                sector(name) for name in draw(st.lists(st.sampled_from(units), max_size=2, unique=True))
            ],
            "assessment_rules": draw(optional(rules([level["key"] for level in levels]))),
            "investments": compact(
                {
                    "projects": [project(0) for _ in range(draw(st.integers(0, 2)))],
                    "printed_total": draw(st.dictionaries(YEARS, MONEY, max_size=2)),
                }
            ),
        }
    )
    municipality = compact(
        {"slug": "alfa", "name": "Alfa kommun", "goal_levels": levels, "units": [board],
         "partners": [{"name": name} for name in partners], "vision": vision,
         # The municipality's own words for some of an uppdrag's statuses, each its own.
         "assignment_statuses": draw(st.dictionaries(
             st.sampled_from(AssignmentStatus.values),
             st.sampled_from(["Klart", "Inte klart", "Startat", "Igång"]),
             max_size=2,
         ).filter(lambda words: len(set(words.values())) == len(words))),
         "assessment_scale": draw(optional(scales())),
         "assessment_rules": draw(optional(rules([level["key"] for level in levels])))}
    )  # fmt: skip
    return {"municipality": municipality, "plans": [plan]}


def _as_imported_into(data: dict, municipality: Municipality) -> dict:
    return data | {
        "municipality": data["municipality"] | {"slug": municipality.slug, "name": municipality.name}
    }


class PlansAtRandom(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plan_documents())
    def test_a_plan_survives_the_loader_the_exporter_and_the_workbook(self, data):
        plan = load_plan_data(data, source="slump.yaml").created[0]
        assert plan_data(plan) == data

        target = Municipality.objects.create(slug="beta", name="Beta kommun")
        imported = workbook_import(municipality=target, content=workbook_export(plan=plan), filename="x.xlsx")
        assert plan_data(imported.plan) == _as_imported_into(data, target)

        # Its own workbook read back with replace changes nothing, down to the rows.
        rows = _rows_of(imported.plan)
        workbook_import(municipality=target, content=workbook_export(plan=imported.plan), filename="y.xlsx",
                        mode=ImportMode.REPLACE)  # fmt: skip
        assert _rows_of(imported.plan) == rows


def _rows_of(plan) -> dict[str, list]:
    """Every row that hangs on the plan, with every field: what a replace must leave as it was."""
    found = {}
    for model in apps.get_models():
        paths = [p for p in ("plan", "goal__plan", "activity__plan", "period__plan", "indicator__goal__plan",
                             "survey__plan", "assignment__plan", "meeting__plan", "sector_budget__plan",
                             "project__plan") if _has_path(model, p)]  # fmt: skip
        if paths:
            found[model._meta.label] = sorted(model.objects.filter(**{paths[0]: plan}).values_list(), key=str)
    return found


def _has_path(model, path: str) -> bool:
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if not field.is_relation:
            return False
        model = field.related_model
    return True


@pytest.mark.django_db
@pytest.mark.parametrize("seed", ["mjolby_plan", "valdemarsvik_plan"])
def test_the_seed_plans_survive_the_workbook(seed, request):
    plan = request.getfixturevalue(seed)
    target = Municipality.objects.create(slug="tom", name="Tom kommun")
    imported = workbook_import(municipality=target, content=workbook_export(plan=plan), filename="x.xlsx")
    assert imported.plan.goals.count() == plan.goals.count() > 0
    assert plan_data(imported.plan) == _as_imported_into(plan_data(plan), target)
