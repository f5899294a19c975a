"""``{% status_chart counts title %}`` and ``{% indicator_chart indicator %}`` for pages and documents."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from styrkedja.charts import svg

register = template.Library()


@register.simple_tag
def status_chart(counts, title):
    chart = svg.status_chart(counts=counts, title=str(title))
    return render_to_string("charts/figure.html", {"chart": chart, "svg": mark_safe(chart.svg)})


@register.simple_tag
def indicator_chart(indicator, municipality_name=""):
    chart = svg.indicator_chart(indicator=indicator, municipality_name=municipality_name)
    if chart is None:
        return ""
    return render_to_string(
        "charts/figure.html", {"chart": chart, "svg": mark_safe(chart.svg), "with_table": True}
    )
