"""``{{ amount|mnkr }}`` and ``{{ share|percent }}``: amounts the way the economy's tables print them."""

from __future__ import annotations

from decimal import Decimal

from django import template

from styrkedja.economy.selectors import fmt

register = template.Library()


@register.filter
def mnkr(amount) -> str:
    """One decimal and a decimal comma, "−" for a negative and "–" for no amount: 95,7."""
    return fmt(amount) if isinstance(amount, Decimal) else "–"


@register.filter
def percent(share) -> str:
    return f"{fmt(share)}\u00a0%" if isinstance(share, Decimal) else "–"


@register.simple_tag
def economy_chart(chart) -> str:
    """An economy chart in a figure, its description as the caption and its values as a table."""
    from styrkedja.charts.templatetags.charts import _figure

    return _figure(chart, with_table=True)
