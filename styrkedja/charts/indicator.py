"""An indicator's values as a chart that suits them, against the nation and its target.

- One or two years are compared, not a trend: bars, grouped by year, from zero, each bar with
  its value written on it. A line through one point says nothing, and a line between two years
  draws a trend that two values do not make.
- Three years or more are a series: lines, one per series (the municipality, the nation, each
  comparison), each with its own colour, dash and marker shape.
- The value axis does not mislead: bars always start at zero; a line chart starts at zero when
  the values are near it, and otherwise leaves room below the lowest value, so that no series
  lies on the floor of the chart as if it were nothing.
- Where the indicator has a target value (at least, at most), it is drawn as a line of its own,
  named in the chart and said in the description.

Every value is also said in words (the description, the figure's caption) and given as a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from styrkedja.charts.numbers import swedish_number, with_unit
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
    _number,
    _svg_document,
    _text_width,
)
from styrkedja.indicators.choices import Gender, TargetKind, ValueScope

GRID_COLOUR = "#d0d7de"
TARGET_COLOUR = "#9a6700"  # 4.6:1 against white, apart from every series colour
BARS_UP_TO_YEARS = 2


@dataclass(frozen=True)
class Series:
    name: str
    points: dict[int, Decimal]  # the value of each year, in year order


@dataclass(frozen=True)
class Target:
    kind: str
    value: Decimal

    def words(self, unit: str) -> str:
        value = with_unit(self.value, unit)
        if self.kind == TargetKind.AT_MOST:
            return _("Målvärde: högst %(value)s.") % {"value": value}
        if self.kind == TargetKind.GREATER_THAN:
            return _("Målvärde: mer än %(value)s.") % {"value": value}
        if self.kind == TargetKind.LESS_THAN:
            return _("Målvärde: mindre än %(value)s.") % {"value": value}
        return _("Målvärde: minst %(value)s.") % {"value": value}

    def label(self, unit: str) -> str:
        prefix = {
            TargetKind.AT_MOST: _("Mål högst"),
            TargetKind.GREATER_THAN: _("Mål över"),
            TargetKind.LESS_THAN: _("Mål under"),
        }.get(self.kind, _("Mål minst"))
        return f"{prefix} {with_unit(self.value, unit)}"


LINE_KINDS = (TargetKind.AT_LEAST, TargetKind.AT_MOST, TargetKind.GREATER_THAN, TargetKind.LESS_THAN)


def indicator_target(indicator) -> Target | None:
    """The target as a value a line can be drawn at; none for a target relative to something else."""
    if indicator.target_kind in LINE_KINDS and indicator.target_value is not None:
        return Target(indicator.target_kind, Decimal(indicator.target_value))
    return None


def _series_name(value, municipality_name: str) -> tuple[int, str]:
    """Where the value's series goes (the municipality first, then the nation, then the others)
    and its name."""
    if value.scope == ValueScope.MUNICIPALITY:
        return 0, municipality_name or _("Kommunen")
    if value.scope == ValueScope.NATION:
        return 1, _("Riket")
    return 2, value.label or _("Annan jämförelse")


def indicator_series(indicator, values=None, *, municipality_name: str = "") -> list[Series]:
    """The municipality's values, the nation's, then each other comparison's (in the order they
    first appear), each by year. Only the values for everyone (not women's or men's), and a year
    whose row says why its value is missing has no point."""
    values = indicator.values.all() if values is None else values
    found: dict[tuple[int, str], dict[int, Decimal]] = {}
    for value in values:
        if value.value is None or value.gender != Gender.TOTAL:
            continue
        found.setdefault(_series_name(value, municipality_name), {})[value.year] = Decimal(value.value)
    ordered = sorted(found.items(), key=lambda item: item[0][0])  # stable: others keep their order
    return [Series(name, dict(sorted(points.items()))) for (_rank, name), points in ordered]


def indicator_description(series: list[Series], unit: str, target: Target | None = None) -> str:
    """Every value in words: "Kommunen: 2021 72 %; 2022 74 %. Riket: 2021 62 %. Målvärde: minst 75 %."."""
    words = [
        f"{item.name}: "
        + "; ".join(f"{year} {with_unit(value, unit)}" for year, value in item.points.items())
        + "."
        for item in series
    ]
    if target is not None:
        words.append(target.words(unit))
    return " ".join(words)


# The value axis ---------------------------------------------------------------------------------------


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) that divides ``span`` into at most about ``ticks`` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5):
        if raw <= factor * power * (1 + 1e-9):
            return factor * power
    return 10 * power


@dataclass(frozen=True)
class Scale:
    low: float
    high: float
    step: float

    @property
    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        # Rounded, so that 0.1 + 0.2 is printed as 0,3.
        return [round(self.low + index * self.step, 9) for index in range(count + 1)]


# Below the lowest value of a line chart that does not start at zero, this share of the values'
# span is left free: the lowest series is then drawn above the floor, not on it.
ROOM_BELOW = 0.15


def value_scale(numbers: list[float], *, from_zero: bool = False) -> Scale:
    """The value axis: round ends and steps. From zero for bars (``from_zero``), and for lines whose
    values are near it; else with room below the lowest value."""
    low, high = min(numbers), max(numbers)
    # "Near zero": the smallest is within half the largest. Otherwise zero would squeeze the
    # lines into a strip at the top and hide the changes that the chart is there to show.
    if from_zero or 0 <= low <= high / 2:
        low, high = min(low, 0.0), max(high, 0.0)
    elif high <= 0 and high >= low / 2:
        high = 0.0
    if low == high:
        # One value only: room around it in proportion to its size.
        padding = abs(low) / 10 or 1.0
        low, high = (0.0, padding) if low == 0 else (low - padding, high + padding)
    elif low > 0:
        low = max(low - (high - low) * ROOM_BELOW, 0.0)
    elif high < 0:
        high = min(high + (high - low) * ROOM_BELOW, 0.0)
    step = nice_step(high - low)
    # The tolerance keeps 12.000000001 / 2 from giving one step more than needed.
    return Scale(math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step, step)


# Drawing ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    marker: str
    dash: str | None  # stroke-dasharray, None for a solid line
    texture: str  # what a bar of the series is filled with over its colour (see _bar_textures)


SERIES_STYLES = (
    SeriesStyle("#0550ae", "circle", None, "solid"),
    SeriesStyle("#57606a", "square", "7 4", "stripes"),
    SeriesStyle("#1a7f37", "triangle", "2 3", "dots"),
    SeriesStyle("#8250df", "diamond", "10 3 2 3", "cross"),
    SeriesStyle("#9a6700", "triangle_down", "5 2", "lines"),
    SeriesStyle("#b42318", "plus", "1 2", "checks"),
)
# A bar's texture, over its colour: the bars differ in print in black and white, and for those who
# do not tell the colours apart, as the lines differ by dash and marker.
TEXTURES = {
    "stripes": '<path d="M-2 2L2-2M0 8L8 0M6 10L10 6" stroke="#fff" stroke-width="1.5" stroke-opacity=".6"/>',
    "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff" fill-opacity=".75"/>',
    "cross": '<path d="M0 0L8 8M8 0L0 8" stroke="#fff" stroke-width="1.2" stroke-opacity=".6"/>',
    "lines": '<path d="M0 4H8" stroke="#fff" stroke-width="1.5" stroke-opacity=".6"/>',
    "checks": '<rect width="4" height="4" fill="#fff" fill-opacity=".45"/>',
}


def _styles(count: int) -> list[SeriesStyle]:
    return [SERIES_STYLES[index % len(SERIES_STYLES)] for index in range(count)]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    # A white edge keeps markers that lie on each other apart.
    edge = {"fill": colour, "stroke": WHITE, "stroke_width": "1.5"}
    if shape == "circle":
        return _element("circle", cx=x, cy=y, r=5.5, **edge)
    if shape == "square":
        return _element("rect", x=x - 5, y=y - 5, width=10.0, height=10.0, **edge)
    corners = {
        "triangle": [(0, -6.5), (6, 4.5), (-6, 4.5)],
        "diamond": [(0, -7), (7, 0), (0, 7), (-7, 0)],
        "triangle_down": [(0, 6.5), (6, -4.5), (-6, -4.5)],
        "plus": [(-2, -6), (2, -6), (2, -2), (6, -2), (6, 2), (2, 2), (2, 6), (-2, 6), (-2, 2), (-6, 2),
                 (-6, -2), (-2, -2)],
    }[shape]  # fmt: skip
    path = "L".join(f"{_number(x + dx)} {_number(y + dy)}" for dx, dy in corners)
    return _element("path", d=f"M{path}Z", **edge)


PLOT_HEIGHT = 200
UNIT_IN_TICKS_MAX = 3  # "%", "st", "kr" go with every tick; a longer unit is written once above the axis
YEAR_INSET = 24  # keeps the first and last year's labels clear of the axis labels and the edge


@dataclass(frozen=True)
class _Plot:
    """Where the values go: the plot area and the conversion from year and value to x and y."""

    left: float
    top: float
    years: list[int]
    scale: Scale

    @property
    def right(self) -> float:
        return WIDTH - 8.0

    @property
    def bottom(self) -> float:
        return self.top + PLOT_HEIGHT

    def x(self, year: int) -> float:
        start, end = self.left + YEAR_INSET, self.right - YEAR_INSET
        if len(self.years) == 1:
            return (start + end) / 2
        return start + (end - start) * self.years.index(year) / (len(self.years) - 1)

    def y(self, value: float) -> float:
        share = (value - self.scale.low) / (self.scale.high - self.scale.low)
        return self.bottom - PLOT_HEIGHT * share

    def group(self, year: int) -> tuple[float, float]:
        """The left edge and the width of the room a year's bars share."""
        width = (self.right - self.left) / len(self.years)
        return self.left + width * self.years.index(year), width


def _tick_labels(scale: Scale, unit: str) -> list[str]:
    if len(unit) <= UNIT_IN_TICKS_MAX:
        return [with_unit(tick, unit) for tick in scale.ticks]
    return [swedish_number(tick) for tick in scale.ticks]


def _y_axis(plot: _Plot, unit: str) -> list[str]:
    parts = []
    if len(unit) > UNIT_IN_TICKS_MAX:
        parts.append(_element("text", _fitted(unit, WIDTH), x=0.0, y=14.0))
    for tick, label in zip(plot.scale.ticks, _tick_labels(plot.scale, unit), strict=True):
        y = plot.y(tick)
        # The zero line and the bottom are axes, the others only guides.
        colour = AXIS_COLOUR if tick in (0, plot.scale.low) else GRID_COLOUR
        parts.append(_element("line", x1=plot.left, x2=plot.right, y1=y, y2=y, stroke=colour))
        parts.append(_element("text", label, x=plot.left - 8, y=y + 5, text_anchor="end"))
    return parts


def _x_axis(plot: _Plot, *, bars: bool) -> list[str]:
    # Every year when there is room, else every second, third … so that the labels never touch,
    # counted from the latest year: the one a reader looks for first.
    years = plot.years
    spacing = (plot.right - plot.left - 2 * YEAR_INSET) / max(len(years) - 1, 1)
    every = 1 if bars else max(1, math.ceil((_text_width("2024") + 12) / spacing))

    def middle(year: int) -> float:
        if not bars:
            return plot.x(year)
        left, width = plot.group(year)
        return left + width / 2

    return [
        _element("text", str(year), x=middle(year), y=plot.bottom + 22, text_anchor="middle")
        for index, year in enumerate(years)
        if (len(years) - 1 - index) % every == 0
    ]


def _series_lines(plot: _Plot, series: list[Series]) -> list[str]:
    parts = []
    for item, style in zip(series, _styles(len(series)), strict=True):
        points = [(plot.x(year), plot.y(float(value))) for year, value in item.points.items()]
        parts.append('<g class="series">')
        if len(points) > 1:
            parts.append(
                _element(
                    "polyline",
                    points=" ".join(f"{_number(x)},{_number(y)}" for x, y in points),
                    fill="none",
                    stroke=style.colour,
                    stroke_width="2.5",
                    stroke_linejoin="round",
                    stroke_dasharray=style.dash,
                )
            )
        parts += [_marker(style.marker, x, y, style.colour) for x, y in points]
        parts.append("</g>")
    return parts


def _bar_textures(prefix: str, styles: list[SeriesStyle]) -> list[str]:
    return [
        f'<pattern id="{prefix}-{style.texture}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f"{TEXTURES[style.texture]}</pattern>"
        for style in dict.fromkeys(styles)
        if style.texture in TEXTURES
    ]


def _bar_fill(prefix: str, style: SeriesStyle, x: float, y: float, width: float, height: float) -> list[str]:
    box = {"x": x, "y": y, "width": width, "height": height}
    parts = [_element("rect", fill=style.colour, **box)]
    if style.texture in TEXTURES:
        parts.append(_element("rect", fill=f"url(#{prefix}-{style.texture})", **box))
    return parts


BAR_MAX_WIDTH = 64.0
LABEL_ROOM = 18.0  # above a bar, for its value


def _series_bars(prefix: str, plot: _Plot, series: list[Series], unit: str) -> list[str]:
    parts = []
    zero = plot.y(0.0)
    for year in plot.years:
        left, room = plot.group(year)
        width = min(BAR_MAX_WIDTH, room * 0.8 / len(series))
        start = left + (room - width * len(series)) / 2
        for index, (item, style) in enumerate(zip(series, _styles(len(series)), strict=True)):
            if year not in item.points:
                continue
            value = item.points[year]
            x, y = start + index * width, plot.y(float(value))
            top, height = min(y, zero), abs(zero - y)
            label_y = top - 5 if value >= 0 else top + height + 15
            parts.append(f'<g class="bar" data-series="{index}">')
            parts += _bar_fill(prefix, style, x + 1, top, width - 2, max(height, 1.0))
            # The value on the bar, so that no one needs to read it off the axis.
            shown = with_unit(value, unit) if len(unit) <= UNIT_IN_TICKS_MAX else swedish_number(value)
            parts.append(
                _element("text", shown, x=x + width / 2, y=label_y, text_anchor="middle", font_size="12")
            )
            parts.append("</g>")
    return parts


def _target_line(plot: _Plot, target: Target, unit: str) -> list[str]:
    y = plot.y(float(target.value))
    label = target.label(unit)
    # Above the line, unless the line runs along the top, where the label would be cut off.
    label_y = y - 6 if y - 6 > plot.top + 8 else y + 16
    return [
        '<g class="target">',
        _element("line", x1=plot.left, x2=plot.right, y1=y, y2=y, stroke=TARGET_COLOUR, stroke_width="2",
                 stroke_dasharray="10 4"),
        _element("text", label, x=plot.right, y=label_y, text_anchor="end", fill=TARGET_COLOUR,
                 font_weight="bold"),
        "</g>",
    ]  # fmt: skip


def _series_key(style: SeriesStyle, *, bars: bool, prefix: str):
    """The legend's key: a piece of the line with its marker, or a piece of the bar."""

    def draw_line(x: float, y: float) -> list[str]:
        middle = y + 8
        return [
            _element("line", x1=x, x2=x + 28, y1=middle, y2=middle, stroke=style.colour, stroke_width="2.5",
                     stroke_dasharray=style.dash),
            _marker(style.marker, x + 14, middle, style.colour),
        ]  # fmt: skip

    def draw_bar(x: float, y: float) -> list[str]:
        return _bar_fill(prefix, style, x, y + 1, 28.0, 14.0)

    return draw_bar if bars else draw_line


def _target_key(x: float, y: float) -> list[str]:
    return [
        _element("line", x1=x, x2=x + 28, y1=y + 8, y2=y + 8, stroke=TARGET_COLOUR, stroke_width="2",
                 stroke_dasharray="10 4")
    ]  # fmt: skip


def _indicator_table(series: list[Series], years: list[int], unit: str) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (str(year), *(with_unit(item.points[year], unit) if year in item.points else "–" for item in series))
        for year in years
    )


def indicator_chart(
    *, indicator, values=None, municipality_name: str = "", id_prefix: str | None = None
) -> Chart | None:
    """The indicator's values per year: the municipality's, the nation's and other comparisons',
    as bars for one or two years and as lines for a longer series, with the target where there is
    one. ``values`` defaults to ``indicator.values.all()`` (prefetch them for a list of indicators).
    None when there are no values."""
    series = indicator_series(indicator, values, municipality_name=municipality_name)
    if not series:
        return None
    prefix = _checked_id_prefix(id_prefix)
    unit = indicator.unit or ""
    target = indicator_target(indicator)
    years = sorted({year for item in series for year in item.points})
    bars = len(years) <= BARS_UP_TO_YEARS
    numbers = [float(value) for item in series for value in item.points.values()]
    if target is not None:
        numbers.append(float(target.value))
    scale = value_scale(numbers, from_zero=bars)
    if bars:  # room above the highest bar for its value
        scale = Scale(
            scale.low, scale.high + (scale.step if _label_would_clip(scale, numbers) else 0), scale.step
        )
    widest_tick = max(_text_width(label) for label in _tick_labels(scale, unit))
    top = 30.0 if len(unit) > UNIT_IN_TICKS_MAX else 12.0
    plot = _Plot(left=max(widest_tick + 14, 40.0), top=top, years=years, scale=scale)
    styles = _styles(len(series))
    entries = [
        _LegendEntry(item.name, _series_key(style, bars=bars, prefix=prefix))
        for item, style in zip(series, styles, strict=True)
    ]
    if target is not None:
        entries.append(_LegendEntry(target.label(unit), _target_key))
    legend, bottom = _legend(entries, top=plot.bottom + 40, key_width=28)
    title = str(indicator.name)
    description = indicator_description(series, unit, target)
    drawn = _series_bars(prefix, plot, series, unit) if bars else _series_lines(plot, series)
    svg = _svg_document(
        prefix=prefix,
        height=bottom,
        title=title,
        description=description,
        defs=_bar_textures(prefix, styles) if bars else [],
        body=[
            *_y_axis(plot, unit),
            *_x_axis(plot, bars=bars),
            *drawn,
            *(_target_line(plot, target, unit) if target is not None else []),
            *legend,
        ],
    )
    headers = (_("År"), *(item.name for item in series))
    return Chart(svg, title, description, headers, _indicator_table(series, years, unit))


def _label_would_clip(scale: Scale, numbers: list[float]) -> bool:
    """Whether the highest bar reaches so near the top that its value would be written off the chart."""
    share = (max(numbers) - scale.low) / (scale.high - scale.low)
    return PLOT_HEIGHT * (1 - share) < LABEL_ROOM
