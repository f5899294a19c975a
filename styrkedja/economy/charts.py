"""The economy's charts, drawn with the indicator charts' parts (``charts.indicator``): budget,
outcome and forecast per sector as grouped bars, and the year's outcome and forecast over the
follow-up periods as lines. Every value is also said in words and given as a table; the bars
differ by texture and the lines by dash and marker, never by colour alone."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from styrkedja.charts.indicator import (
    Scale,
    Series,
    _bar_textures,
    _label_would_clip,
    _Plot,
    _series_bars,
    _series_key,
    _series_lines,
    _styles,
    _tick_labels,
    _y_axis,
    value_scale,
)
from styrkedja.charts.numbers import with_unit
from styrkedja.charts.svg import (
    Chart,
    _checked_id_prefix,
    _element,
    _fitted,
    _legend,
    _LegendEntry,
    _svg_document,
    _text_width,
)

UNIT = "Mnkr"


def _category_axis(plot: _Plot, labels: list[str], *, bars: bool) -> list[str]:
    """A label under each category (a sector, a period), shortened to its room: the full names
    are in the description and the table."""
    parts = []
    for index, label in enumerate(labels):
        if bars:
            left, room = plot.group(index)
            middle = left + room / 2
        else:
            room = (plot.right - plot.left) / max(len(labels), 1)
            middle = plot.x(index)
        parts.append(
            _element("text", _fitted(label, room - 4), x=middle, y=plot.bottom + 22, text_anchor="middle")
        )
    return parts


def _money(value: Decimal | None) -> str:
    return "–" if value is None else with_unit(value, UNIT)


def _chart(
    *,
    title: str,
    labels: list[str],
    series: list[Series],
    bars: bool,
    description: str,
    id_prefix: str | None,
) -> Chart | None:
    numbers = [float(value) for item in series for value in item.points.values()]
    if not numbers:
        return None
    prefix = _checked_id_prefix(id_prefix)
    scale = value_scale(numbers, from_zero=bars)
    if bars and _label_would_clip(scale, numbers):
        scale = Scale(scale.low, scale.high + scale.step, scale.step)
    widest_tick = max(_text_width(label) for label in _tick_labels(scale, UNIT))
    plot = _Plot(left=max(widest_tick + 14, 40.0), top=30.0, years=list(range(len(labels))), scale=scale)
    styles = _styles(len(series))
    entries = [
        _LegendEntry(item.name, _series_key(style, bars=bars, prefix=prefix))
        for item, style in zip(series, styles, strict=True)
    ]
    legend, bottom = _legend(entries, top=plot.bottom + 40, key_width=28)
    drawn = _series_bars(prefix, plot, series, UNIT) if bars else _series_lines(plot, series)
    svg = _svg_document(
        prefix=prefix,
        height=bottom,
        title=title,
        description=description,
        defs=_bar_textures(prefix, styles) if bars else [],
        body=[*_y_axis(plot, UNIT), *_category_axis(plot, labels, bars=bars), *drawn, *legend],
    )
    rows = tuple(
        (label, *(_money(item.points.get(index)) for item in series)) for index, label in enumerate(labels)
    )
    return Chart(svg, title, description, (_("Mnkr"), *(item.name for item in series)), rows)


def sector_chart(*, followup, id_prefix: str | None = None) -> Chart | None:
    """Budget, outcome so far and forecast for the year per sector; None before anything is reported."""
    sectors = [sector for sector in followup.sectors if sector.lines]
    if not any(sector.outcome is not None or sector.forecast is not None for sector in sectors):
        return None
    names = (_("Budget"), _("Utfall"), _("Helårsprognos"))
    series = [
        Series(
            name, {index: getattr(s, key) for index, s in enumerate(sectors) if getattr(s, key) is not None}
        )
        for name, key in zip(names, ("budget", "outcome", "forecast"), strict=True)
    ]
    description = " ".join(
        _("%(sector)s: budget %(budget)s, utfall %(outcome)s, helårsprognos %(forecast)s.")
        % {
            "sector": sector.sector.name,
            "budget": _money(sector.budget),
            "outcome": _money(sector.outcome),
            "forecast": _money(sector.forecast),
        }
        for sector in sectors
    )
    title = _("Budget, utfall och prognos per sektor, %(period)s") % {"period": followup.period.name}
    return _chart(
        title=title,
        labels=[sector.sector.name for sector in sectors],
        series=series,
        bars=True,
        description=description,
        id_prefix=id_prefix,
    )


def month_chart(*, months, id_prefix: str | None = None) -> Chart | None:
    """The plan's outcome and forecast at each follow-up period of the year; None for fewer than two
    periods with a report (one point is no curve)."""
    if len(months) < 2:
        return None
    series = [
        Series(_("Utfall"), {i: m.outcome for i, m in enumerate(months) if m.outcome is not None}),
        Series(_("Helårsprognos"), {i: m.forecast for i, m in enumerate(months) if m.forecast is not None}),
    ]
    series = [item for item in series if item.points]
    description = " ".join(
        _("%(period)s: utfall %(outcome)s, helårsprognos %(forecast)s.")
        % {"period": m.period.name, "outcome": _money(m.outcome), "forecast": _money(m.forecast)}
        for m in months
    )
    return _chart(
        title=_("Utfall och prognos månad för månad"),
        labels=[m.period.code for m in months],
        series=series,
        bars=False,
        description=description,
        id_prefix=id_prefix,
    )


@dataclass
class EconomyCharts:
    sectors: Chart | None
    months: Chart | None

    def __iter__(self):
        return iter([chart for chart in (self.sectors, self.months) if chart is not None])


def economy_charts(*, followup, months) -> EconomyCharts:
    return EconomyCharts(sectors=sector_chart(followup=followup), months=month_chart(months=months))
