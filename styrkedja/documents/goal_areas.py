"""The follow-up report's summary of goal fulfilment per goal area (målområde): how many of each
area's goals stand at each step of the municipality's scale, as a table and as a chart of one
horizontal stacked bar per area.

The chart is drawn with the status chart's parts (``charts.svg``): every step has its own colour
and its own texture, so the segments differ in black and white too, and each count is also in the
legend, the description and the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrkedja.charts.svg import (
    AXIS_COLOUR,
    WHITE,
    WIDTH,
    Chart,
    _checked_id_prefix,
    _element,
    _fitted,
    _legend,
    _LegendEntry,
    _svg_document,
    _text_width,
)
from styrkedja.followup.assessment import assessment_rules, assessment_steps
from styrkedja.followup.choices import Assessment

UNASSESSED = "unassessed"  # a goal without an assessment at the period

# Best to worst, then the two that are no judgement; colours of enough contrast against white text.
COLOURS = {
    Assessment.ACHIEVED: "#1a7f37",
    Assessment.LIKELY: "#2f6f4f",
    Assessment.UNCERTAIN: "#9a6700",
    Assessment.UNLIKELY: "#bc4c00",
    Assessment.NOT_ACHIEVED: "#b42318",
    Assessment.NOT_ASSESSABLE: "#6e40c9",
    UNASSESSED: "#57606a",
}
TEXTURES = {
    Assessment.LIKELY: _element("path", d="M0 4H8", stroke=WHITE, stroke_width="1.5", stroke_opacity=".55"),
    Assessment.UNCERTAIN: _element(
        "path", d="M-2 2L2-2M0 8L8 0M6 10L10 6", stroke=WHITE, stroke_width="1.5", stroke_opacity=".55"
    ),
    Assessment.UNLIKELY: _element(
        "path", d="M-2 6L2 10M0 0L8 8M6-2L10 2", stroke=WHITE, stroke_width="1.5", stroke_opacity=".55"
    ),
    Assessment.NOT_ACHIEVED: _element("circle", cx="4", cy="4", r="1.6", fill=WHITE, fill_opacity=".7"),
    Assessment.NOT_ASSESSABLE: _element(
        "path", d="M4 0V8", stroke=WHITE, stroke_width="1.5", stroke_opacity=".55"
    ),
    UNASSESSED: _element("path", d="M0 4H8M4 0V8", stroke=WHITE, stroke_width="1", stroke_opacity=".5"),
}
ROW_LABEL = 20  # the area's name above its bar
BAR = 28
ROW_GAP = 14


@dataclass(frozen=True)
class Step:
    key: str
    text: str  # the symbol and the words: "● Uppfyllt"


@dataclass(frozen=True)
class AreaCounts:
    name: str
    counts: dict[str, int]  # per step's key, UNASSESSED too

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _descendants(goal) -> list:
    found = [goal]
    for child in goal.subgoals:
        found += _descendants(child)
    return found


def goal_area_counts(*, plan, goals: list, reports: dict) -> tuple[list[Step], list[AreaCounts]]:
    """The steps (the scale's, then "ej bedömda") and each goal area's counts: an area is a goal
    of the plan without a parent in it, and its goals are it and those under it on the levels the
    plan's rules count. ``goals``: from ``goals_with_subgoals``; ``reports``: the newest per goal."""
    rules = assessment_rules(plan=plan)
    scale = assessment_steps(municipality_id=plan.municipality_id)
    steps = [Step(step.key, step.text) for step in scale] + [Step(UNASSESSED, _("Ej bedömda"))]
    areas = []
    for root in (goal for goal in goals if goal.parent_id is None):
        counts = dict.fromkeys((step.key for step in steps), 0)
        for goal in _descendants(root):
            if not rules.counts_level(goal.level_id):
                continue
            report = reports.get(goal.pk)
            key = report.assessment if report and report.assessment in counts else UNASSESSED
            counts[key] += 1
        if sum(counts.values()):
            heading = root.level.heading_for(root.number)
            name = f"{heading}: {root.title}" if root.title else heading
            areas.append(AreaCounts(name, counts))
    return steps, areas


def area_table(steps: list[Step], areas: list[AreaCounts]) -> tuple[list[str], list[list[str]]]:
    """The header and the rows: an area per row, a step per column (steps no area has left out)."""
    shown = [step for step in steps if any(area.counts[step.key] for area in areas)]
    header = [_("Målområde"), *[step.text for step in shown], _("Antal mål")]
    rows = [[area.name, *[str(area.counts[step.key]) for step in shown], str(area.total)] for area in areas]
    return header, rows


def area_description(steps: list[Step], areas: list[AreaCounts]) -> str:
    """In words: "Trygghet: 3 mål, ● Uppfyllt 2, ◐ Delvis uppfyllt 1. …"."""
    parts = []
    for area in areas:
        tally = ", ".join(f"{step.text} {area.counts[step.key]}" for step in steps if area.counts[step.key])
        total = ngettext("%(n)s mål", "%(n)s mål", area.total) % {"n": area.total}
        parts.append(f"{area.name}: {total}, {tally}.")
    return " ".join(parts)


def _fill(prefix: str, key: str, x: float, y: float, width: float, height: float) -> list[str]:
    shapes = [_element("rect", x=x, y=y, width=width, height=height, fill=COLOURS.get(key, AXIS_COLOUR))]
    if key in TEXTURES:
        shapes.append(_element("rect", x=x, y=y, width=width, height=height, fill=f"url(#{prefix}-{key})"))
    return shapes


def _bar(prefix: str, area: AreaCounts, steps: list[Step], top: float) -> list[str]:
    parts = [
        _element("text", _fitted(area.name, WIDTH), x=0.0, y=top + 14.0, font_weight="600"),
        _element(
            "rect", x=0.5, y=top + ROW_LABEL + 0.5, width=WIDTH - 1.0, height=BAR - 1.0, fill=WHITE,
            stroke=AXIS_COLOUR,
        ),
    ]  # fmt: skip
    y, so_far = top + ROW_LABEL, 0
    for step in steps:
        count = area.counts[step.key]
        if not count:
            continue
        x = WIDTH * so_far / area.total
        so_far += count
        width = WIDTH * so_far / area.total - x
        parts.append(f'<g class="segment" data-step="{step.key}">')
        parts += _fill(prefix, step.key, x, y, width, float(BAR))
        parts.append("</g>")
        if x > 0:
            parts.append(_element("rect", x=x - 1.0, y=y, width=2.0, height=float(BAR), fill=WHITE))
        text = str(count)
        patch = _text_width(text) + 8
        if width >= patch + 6:
            centre = x + width / 2
            parts.append(
                _element("rect", x=centre - patch / 2, y=y + 4.0, width=patch, height=20.0,
                         fill=COLOURS.get(step.key, AXIS_COLOUR))
            )  # fmt: skip
            parts.append(
                _element(
                    "text", text, x=centre, y=y + 19.0, text_anchor="middle", fill=WHITE, font_weight="600"
                )
            )
    return parts


def goal_area_chart(
    *, steps: list[Step], areas: list[AreaCounts], title: str, id_prefix: str | None = None
) -> Chart | None:
    """A horizontal stacked bar per goal area; None when there is no area with goals."""
    if not areas:
        return None
    prefix = _checked_id_prefix(id_prefix)
    shown = [step for step in steps if any(area.counts[step.key] for area in areas)]
    body: list[str] = []
    top = 0.0
    for area in areas:
        body += _bar(prefix, area, shown, top)
        top += ROW_LABEL + BAR + ROW_GAP
    entries = [
        _LegendEntry(
            f"{step.text} {sum(area.counts[step.key] for area in areas)}",
            lambda x, y, key=step.key: [
                *_fill(prefix, key, x, y, 16.0, 16.0),
                _element(
                    "rect", x=x + 0.5, y=y + 0.5, width=15.0, height=15.0, fill="none", stroke=AXIS_COLOUR
                ),
            ],
        )
        for step in shown
    ]
    legend, bottom = _legend(entries, top=top, key_width=16)
    defs = [
        f'<pattern id="{prefix}-{key}" width="8" height="8" patternUnits="userSpaceOnUse">{marks}</pattern>'
        for key, marks in TEXTURES.items()
        if any(step.key == key for step in shown)
    ]
    description = area_description(steps, areas)
    svg = _svg_document(
        prefix=prefix, height=bottom, title=title, description=description, defs=defs, body=[*body, *legend]
    )
    header, rows = area_table(steps, areas)
    return Chart(svg, title, description, tuple(header), tuple(tuple(row) for row in rows))
