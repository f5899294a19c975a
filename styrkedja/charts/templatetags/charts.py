"""``{% status_chart counts title %}`` and ``{% indicator_chart indicator %}``: a chart in a figure
with its description as the caption (and the indicator's values as a table)."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from styrkedja.charts import indicator, svg

register = template.Library()


def _figure(chart: svg.Chart, *, with_table: bool) -> str:
    # Safe: every text in the SVG was escaped when it was written (styrkedja.charts.svg).
    return render_to_string(
        "charts/figure.html", {"chart": chart, "svg": mark_safe(chart.svg), "with_table": with_table}
    )


@register.simple_tag
def status_chart(counts, title) -> str:
    """The status bar of a StatusCounts; ``title`` names the chart (the plan's or the goal's title)."""
    return _figure(svg.status_chart(counts=counts, title=str(title)), with_table=False)


@register.simple_tag
def indicator_chart(indicator_, municipality_name="", values=None) -> str:
    """The indicator's values over the years, or nothing when it has none."""
    chart = indicator.indicator_chart(
        indicator=indicator_, values=values, municipality_name=str(municipality_name)
    )
    if chart is None:
        return ""
    return _figure(chart, with_table=True)
