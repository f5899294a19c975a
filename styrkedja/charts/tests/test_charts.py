from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.template import Context, Template

from styrkedja.charts.numbers import swedish_number, with_unit
from styrkedja.charts.svg import indicator_chart, nice_step, status_chart
from styrkedja.followup.selectors import StatusCounts
from styrkedja.indicators.models import Indicator, IndicatorValue

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises if the SVG is not well-formed XML


def test_status_chart_segments_are_proportional_and_named_in_words():
    counts = StatusCounts(total=38, done=25, ongoing=11, not_started=2)

    chart = status_chart(counts=counts, title="Verksamhetsplan 2024")

    root = _parse(chart.svg)
    fills = {"#1a7f37": 25, "#9a6700": 11, "#b42318": 2}
    segments = {
        rect.get("fill"): float(rect.get("width")) for rect in root.iter(f"{SVG}rect") if rect.get("y") == "0"
    }
    for colour, count in fills.items():
        assert abs(segments[colour] - 600 * count / 38) < 0.01
    assert chart.description == (
        "Av 38 aktiviteter är 25 klara (66 %), 11 pågår, 2 ej inledda och 0 ej rapporterade."
    )
    legend = [text.text for text in root.iter(f"{SVG}text")]
    assert {"Klart 25", "Pågår 11", "Ej inledd 2", "Ej rapporterad 0"} <= set(legend)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Verksamhetsplan 2024"


def test_status_chart_without_activities():
    chart = status_chart(counts=StatusCounts(), title="Tom plan")
    root = _parse(chart.svg)
    assert chart.description == "Inga aktiviteter."
    assert [rect for rect in root.iter(f"{SVG}rect") if rect.get("y") == "0"] == []


def test_chart_ids_are_unique_on_a_page():
    first = status_chart(counts=StatusCounts(total=1, done=1), title="A")
    second = status_chart(counts=StatusCounts(total=1, done=1), title="B")
    assert _parse(first.svg).find(f"{SVG}title").get("id") != _parse(second.svg).find(f"{SVG}title").get("id")


def test_swedish_numbers():
    assert swedish_number(Decimal("72.000")) == "72"
    assert swedish_number(Decimal("3.500")) == "3,5"
    assert swedish_number(-1.25) == "\u22121,25"
    assert with_unit(Decimal("72"), "%") == "72 %"
    assert with_unit(Decimal("189.8"), "Mnkr") == "189,8 Mnkr"


def test_nice_steps():
    assert nice_step(10) == 2
    assert nice_step(12) == 2.5
    assert nice_step(0.9) == 0.2
    assert nice_step(700) == 200


def _indicator(*values, unit="%"):
    indicator = Indicator(name="Andel som kan rekommendera kommunen", unit=unit)
    rows = [
        IndicatorValue(indicator=indicator, year=y, scope=s, label=label, value=Decimal(v))
        for y, s, label, v in values
    ]
    return indicator, rows


def test_indicator_chart_draws_each_series_with_its_own_marker_and_says_every_value():
    indicator, values = _indicator(
        (2021, "municipality", "", "72"),
        (2022, "municipality", "", "74.5"),
        (2021, "nation", "", "62"),
        (2022, "nation", "", "63"),
        (2022, "other", "Liknande kommuner", "66"),
    )

    chart = indicator_chart(indicator=indicator, values=values, municipality_name="Mjölby kommun")

    root = _parse(chart.svg)
    assert len(list(root.iter(f"{SVG}polyline"))) == 2  # the comparison has one year: a point, no line
    assert chart.description == (
        "Mjölby kommun: 2021 72 %; 2022 74,5 %. Riket: 2021 62 %; 2022 63 %. Liknande kommuner: 2022 66 %."
    )
    assert chart.headers == ["År", "Mjölby kommun", "Riket", "Liknande kommuner"]
    assert chart.rows == [["2021", "72 %", "62 %", "–"], ["2022", "74,5 %", "63 %", "66 %"]]
    labels = [text.text for text in root.iter(f"{SVG}text")]
    assert {"2021", "2022", "Mjölby kommun", "Riket", "Liknande kommuner"} <= set(labels)
    assert any(re.fullmatch(r"\d+ %", label or "") for label in labels)  # y-axis ticks with the unit


def test_indicator_chart_with_one_year_and_without_values():
    indicator, values = _indicator((2021, "municipality", "", "72"))
    chart = indicator_chart(indicator=indicator, values=values)
    root = _parse(chart.svg)
    assert not list(root.iter(f"{SVG}polyline"))
    assert chart.description == "Kommunen: 2021 72 %."
    empty, _none = _indicator()
    assert indicator_chart(indicator=empty, values=[]) is None


def test_the_template_tags_render_figures_with_a_text_alternative(mjolby_plan):
    indicator = mjolby_plan.goals.get(level__key="kf", number="1").indicators.first()
    html = Template(
        "{% load charts %}{% status_chart counts 'Plan' %}"
        "{% indicator_chart indicator municipality_name='Mjölby' %}"
    ).render(Context({"counts": StatusCounts(total=2, done=1, ongoing=1), "indicator": indicator}))

    assert html.count('<figure class="chart">') == 2
    assert "Av 2 aktiviteter är 1 klar" in html
    assert "Mjölby: 2021 72 %" in html and "Riket: 2021 62 %" in html
    assert "<caption>" in html and '<th scope="col">' in html
