"""The documents Styrkedja renders read back into the plan they were rendered from."""

from __future__ import annotations

import pytest

from styrkedja.documents.services import document_render
from styrkedja.plan_import.services import plan_document_read
from styrkedja.plan_import.tests.expected import activity_row, all_activities, all_goals, words
from styrkedja.plandata.exporter import plan_data

pytestmark = pytest.mark.django_db


def _units(plan) -> dict[str, str]:
    names = {}
    for unit in plan.municipality.units.all():
        names[unit.name] = unit.name
        if unit.short_name:
            names[unit.short_name] = unit.name
    return names


def _read(plan, fmt: str, period: str | None = None):
    rendered = document_render(
        plan=plan, period=plan.periods.get(code=period) if period else None, format=fmt
    )
    return plan_document_read(
        content=rendered.content, filename=f"plan.{fmt}", municipality=plan.municipality
    )


def _goal(goal: dict) -> tuple:
    return goal["level"], goal.get("number", ""), words(goal.get("text")), words(goal.get("title"))


def _assert_same_plan(proposal, plan, *, period: str | None, shows_kind_marks: bool):
    want = plan_data(plan)["plans"][0]
    got = proposal.plan
    assert [_goal(g) for g in all_goals(got)] == [_goal(g) for g in all_goals(want)]
    units = _units(plan)

    def rows(data):
        found = [activity_row(a, units, period) for a in all_activities(data)]
        if not period:  # a plan document has no status
            found = [(*row[:2], "", *row[3:]) for row in found]
        return found

    assert rows(got) == rows(want)
    for mine, theirs in zip(all_goals(got), all_goals(want), strict=True):
        assert [words(i["name"]) for i in mine.get("indicators", [])] == [
            words(i["name"]) for i in theirs.get("indicators", [])
        ] or period is not None
        for name in ("baseline", "motivation", "way_forward", "followup"):
            assert words(mine.get(name)) == words(theirs.get(name)), (theirs["key"], name)
    assert [(words(a["title"]), words(a["description"])) for a in got.get("assignments", [])] == [
        (words(a["title"]), words(a["description"])) for a in want.get("assignments", [])
    ] or period is not None


def test_the_mjolby_t3_report_as_pdf_reads_back(mjolby_plan):
    _assert_same_plan(_read(mjolby_plan, "pdf", "T3"), mjolby_plan, period="T3", shows_kind_marks=True)


def test_the_mjolby_t3_report_as_word_reads_back(mjolby_plan):
    _assert_same_plan(_read(mjolby_plan, "docx", "T3"), mjolby_plan, period="T3", shows_kind_marks=True)


def test_the_valdemarsvik_plan_as_pdf_reads_back(valdemarsvik_plan):
    _assert_same_plan(_read(valdemarsvik_plan, "pdf"), valdemarsvik_plan, period=None, shows_kind_marks=False)


def test_the_valdemarsvik_plan_as_word_reads_back(valdemarsvik_plan):
    _assert_same_plan(
        _read(valdemarsvik_plan, "docx"), valdemarsvik_plan, period=None, shows_kind_marks=False
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_mjolby_plan_document_reads_back_with_its_kinds(mjolby_plan, fmt):
    """The plan document names the kind in a column of its own ("Projekt") and has no status."""
    _assert_same_plan(_read(mjolby_plan, fmt), mjolby_plan, period=None, shows_kind_marks=False)
