"""Charts drawn on the server as SVG, each with a text alternative that says the same in words.

Colours carry no meaning alone (WCAG 1.4.1): every bar segment and line is named in a legend
with its number, and lines have markers of different shapes. Colours have at least 3:1
contrast against white (WCAG 1.4.11).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrkedja.charts.numbers import swedish_number, with_unit

TEXT = "#1f2328"
GRID = "#d0d7de"
# Status colours (white text on each has at least 4.5:1 contrast).
STATUS_COLOURS = {
    "done": "#1a7f37",
    "ongoing": "#9a6700",
    "not_started": "#b42318",
    "not_reported": "#57606a",
}
SERIES_COLOURS = ["#0550ae", "#b42318", "#1a7f37", "#8250df", "#9a6700"]
MARKERS = ["circle", "square", "triangle", "diamond"]

_ids = itertools.count(1)


@dataclass(frozen=True)
class Chart:
    svg: str
    title: str
    description: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _open_svg(width: int, height: int, title: str, description: str) -> tuple[str, str]:
    """The opening of an accessible SVG, and its id prefix (unique on a page)."""
    prefix = f"chart{next(_ids)}"
    # Named by its title; the description is also the figure's caption, so it is not read twice.
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{prefix}-title" font-family="inherit" font-size="14" fill="{TEXT}">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(description)}</desc>'
    )
    return head, prefix


# The status of a plan's or a goal's activities ---------------------------------------------------------


def _status_parts(counts) -> list[tuple[str, str, int]]:
    return [
        ("done", _("Klart"), counts.done),
        ("ongoing", _("Pågår"), counts.ongoing),
        ("not_started", _("Ej inledd"), counts.not_started),
        ("not_reported", _("Ej rapporterad"), counts.not_reported),
    ]


def status_description(counts) -> str:
    if not counts.total:
        return _("Inga aktiviteter.")
    return ngettext(
        "Av %(total)s aktivitet är %(done)s klar (%(percent)s %%), %(ongoing)s pågår, "
        "%(not_started)s ej inledda och %(not_reported)s ej rapporterade.",
        "Av %(total)s aktiviteter är %(done)s klara (%(percent)s %%), %(ongoing)s pågår, "
        "%(not_started)s ej inledda och %(not_reported)s ej rapporterade.",
        counts.total,
    ) % {
        "total": counts.total,
        "done": counts.done,
        "percent": counts.done_percent,
        "ongoing": counts.ongoing,
        "not_started": counts.not_started,
        "not_reported": counts.not_reported,
    }


def status_chart(*, counts, title: str) -> Chart:
    """One stacked bar of a StatusCounts, with a legend naming each status and its count."""
    width, bar_height, legend_y = 600, 32, 62
    description = status_description(counts)
    head, _prefix = _open_svg(width, 84, title, description)
    parts = [
        head,
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{bar_height}" fill="#fff" stroke="{GRID}"/>',
    ]
    x = 0.0
    for key, _label, count in _status_parts(counts):
        if not counts.total or not count:
            continue
        segment = width * count / counts.total
        colour = STATUS_COLOURS[key]
        parts.append(f'<rect x="{x:.2f}" y="0" width="{segment:.2f}" height="{bar_height}" fill="{colour}"/>')
        if segment >= 28:  # room for the number inside the segment
            parts.append(
                f'<text x="{x + segment / 2:.2f}" y="{bar_height / 2 + 5}" text-anchor="middle" '
                f'fill="#fff" font-weight="600">{count}</text>'
            )
        x += segment
    legend_x = 0
    for key, label, count in _status_parts(counts):
        parts.append(
            f'<rect x="{legend_x}" y="{legend_y - 12}" width="14" height="14" fill="{STATUS_COLOURS[key]}"/>'
            f'<text x="{legend_x + 20}" y="{legend_y}">{escape(str(label))} {count}</text>'
        )
        legend_x += 150
    parts.append("</svg>")
    rows = [[str(label), str(count)] for _key, label, count in _status_parts(counts)]
    return Chart("".join(parts), title, description, [_("Status"), _("Antal")], rows)


# An indicator's values over the years ----------------------------------------------------------------


@dataclass
class Series:
    name: str
    points: dict[int, Decimal]


def indicator_series(indicator, values=None, municipality_name: str = "") -> list[Series]:
    """The municipality's values, the nation's, then each other comparison's, by year."""
    from styrkedja.indicators.choices import ValueScope

    values = list(indicator.values.all() if values is None else values)
    by_name: dict[tuple[int, str], Series] = {}
    order = {ValueScope.MUNICIPALITY: 0, ValueScope.NATION: 1, ValueScope.OTHER: 2}
    for value in sorted(values, key=lambda v: (order.get(v.scope, 3), v.label, v.year)):
        if value.scope == ValueScope.MUNICIPALITY:
            name = municipality_name or _("Kommunen")
        elif value.scope == ValueScope.NATION:
            name = _("Riket")
        else:
            name = value.label or _("Jämförelse")
        series = by_name.setdefault((order.get(value.scope, 3), name), Series(name, {}))
        series.points[value.year] = Decimal(value.value)
    return list(by_name.values())


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) that divides ``span`` into about ``ticks`` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _y_range(numbers: list[float]) -> tuple[float, float, float]:
    low, high = min(numbers), max(numbers)
    if low >= 0 and low <= high * 0.5:
        low = 0.0  # values near zero: show the axis from zero
    if high == low:
        high, low = high + 1, low - 1 if low != 0 else 0.0
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4.5:.2f}" y="{y - 4.5:.2f}" width="9" height="9" fill="{colour}"/>'
    if shape == "triangle":
        corners = [(x, y - 6), (x + 5.5, y + 4), (x - 5.5, y + 4)]
    elif shape == "diamond":
        corners = [(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)]
    else:
        return f'<circle cx="{x:.2f}" cy="{y:.2f}" r="5" fill="{colour}"/>'
    path = "L".join(f"{cx:.2f} {cy:.2f}" for cx, cy in corners)
    return f'<path d="M{path}Z" fill="{colour}"/>'


def indicator_description(series: list[Series], unit: str) -> str:
    sentences = []
    for item in series:
        values = "; ".join(f"{year} {with_unit(value, unit)}" for year, value in sorted(item.points.items()))
        sentences.append(f"{item.name}: {values}.")
    return " ".join(sentences)


def indicator_chart(*, indicator, values=None, municipality_name: str = "") -> Chart | None:
    """The indicator's values per year for the municipality, the nation and other comparisons."""
    series = indicator_series(indicator, values, municipality_name)
    if not series:
        return None
    unit = indicator.unit
    years = sorted({year for item in series for year in item.points})
    numbers = [float(value) for item in series for value in item.points.values()]
    low, high, step = _y_range(numbers)
    width, height = 600, 300
    left, right, top, bottom = 64, 16, 16, 84
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_of(year: int) -> float:
        if len(years) == 1:
            return left + plot_w / 2
        return left + plot_w * years.index(year) / (len(years) - 1)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (value - low) / (high - low))

    title = indicator.name
    description = indicator_description(series, unit)
    head, _prefix = _open_svg(width, height, title, description)
    parts = [head]
    tick = low
    while tick <= high + step / 1000:
        y = y_of(tick)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.2f}" y2="{y:.2f}" stroke="{GRID}"/>')
        label = with_unit(Decimal(str(round(tick, 6))), unit)
        parts.append(f'<text x="{left - 8}" y="{y + 5:.2f}" text-anchor="end">{escape(label)}</text>')
        tick += step
    for year in years:
        parts.append(f'<text x="{x_of(year):.2f}" y="{top + plot_h + 22}" text-anchor="middle">{year}</text>')
    for index, item in enumerate(series):
        colour, shape = SERIES_COLOURS[index % len(SERIES_COLOURS)], MARKERS[index % len(MARKERS)]
        points = [(x_of(year), y_of(float(value))) for year, value in sorted(item.points.items())]
        if len(points) > 1:
            path = " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        parts += [_marker(shape, x, y, colour) for x, y in points]
        legend_x = left + (index % 3) * 180
        legend_y = height - 34 + (index // 3) * 20
        parts.append(_marker(shape, legend_x + 6, legend_y - 5, colour))
        parts.append(f'<text x="{legend_x + 18}" y="{legend_y}">{escape(item.name)}</text>')
    parts.append("</svg>")
    headers = [_("År")] + [item.name for item in series]
    rows = [
        [str(year)] + [with_unit(item.points[year], unit) if year in item.points else "–" for item in series]
        for year in years
    ]
    return Chart("".join(parts), title, description, headers, rows)


__all__ = ["Chart", "indicator_chart", "nice_step", "status_chart", "swedish_number"]
