from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template import Context, Template

from styrkedja.charts.indicator import indicator_chart, nice_step, value_scale
from styrkedja.charts.numbers import swedish_number, with_unit
from styrkedja.charts.svg import status_chart
from styrkedja.followup.selectors import StatusCounts
from styrkedja.indicators.models import Indicator, IndicatorValue

NS = "{http://www.w3.org/2000/svg}"
NB = "\u00a0"  # between a number and its unit
STATUS_38 = StatusCounts(total=38, done=25, ongoing=11, not_started=2)


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises ParseError if the SVG is not well-formed XML


def _texts(root: ET.Element) -> list[str]:
    return [text.text or "" for text in root.iter(f"{NS}text")]


def _segments(root: ET.Element) -> dict[str, float]:
    """The width of each status's segment in the bar."""
    bar = next(group for group in root.iter(f"{NS}g") if group.get("class") == "bar")
    return {
        segment.get("data-status"): float(segment.find(f"{NS}rect").get("width"))
        for segment in bar.findall(f"{NS}g")
    }


def _accessible_name_parts(root: ET.Element) -> dict[str, str]:
    """The texts that aria-labelledby points to, by the tag they are in."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    return {by_id[ref].tag.removeprefix(NS): by_id[ref].text for ref in root.get("aria-labelledby").split()}


def _indicator(*values: tuple[int, str, str, str], unit: str = "%") -> tuple[Indicator, list[IndicatorValue]]:
    """An unsaved indicator and its values (year, scope, label, value): no database needed."""
    indicator = Indicator(name="Andel som kan rekommendera kommunen", unit=unit)
    rows = [
        IndicatorValue(indicator=indicator, year=year, scope=scope, label=label, value=Decimal(value))
        for year, scope, label, value in values
    ]
    return indicator, rows


# The status bar ------------------------------------------------------------------------------------


def test_status_chart_is_well_formed_and_named_by_its_title_and_description():
    chart = status_chart(counts=STATUS_38, title="Verksamhetsplan 2024")

    root = _parse(chart.svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 600 ")
    assert root.get("font-family") == "inherit"
    assert root.get("fill") == "#1f2328"
    assert _accessible_name_parts(root) == {"title": "Verksamhetsplan 2024"}
    assert root.find(f"{NS}desc").text == chart.description


def test_status_chart_segments_are_proportional_to_the_counts():
    root = _parse(status_chart(counts=STATUS_38, title="Plan").svg)

    widths = _segments(root)

    assert set(widths) == {"done", "ongoing", "not_started"}  # no segment for a zero count
    assert widths["done"] == pytest.approx(600 * 25 / 38, abs=0.01)
    assert widths["ongoing"] == pytest.approx(600 * 11 / 38, abs=0.01)
    assert widths["not_started"] == pytest.approx(600 * 2 / 38, abs=0.01)
    assert sum(widths.values()) == pytest.approx(600, abs=0.02)


def test_status_chart_says_the_counts_in_words_and_in_the_legend():
    chart = status_chart(counts=STATUS_38, title="Plan")

    assert chart.description == (
        "Av 38 aktiviteter är 25 klara (66 %), 11 pågår, 2 ej inledda och 0 ej rapporterade."
    )
    texts = _texts(_parse(chart.svg))
    assert {"Klart 25", "Pågår 11", "Ej inledd 2", "Ej rapporterad 0"} <= set(texts)
    assert {"25", "11"} <= set(texts)  # the counts written in the segments wide enough to hold them
    assert chart.rows == (("Klart", "25"), ("Pågår", "11"), ("Ej inledd", "2"), ("Ej rapporterad", "0"))


def test_status_description_agrees_in_number_with_each_count():
    chart = status_chart(counts=StatusCounts(total=1, done=1), title="Plan")
    assert chart.description == (
        "Av 1 aktivitet är 1 klar (100 %), 0 pågår, 0 ej inledda och 0 ej rapporterade."
    )
    counts = StatusCounts(total=4, done=1, ongoing=1, not_started=1, not_reported=1)
    assert status_chart(counts=counts, title="Plan").description == (
        "Av 4 aktiviteter är 1 klar (25 %), 1 pågår, 1 ej inledd och 1 ej rapporterad."
    )


def test_status_segments_differ_by_texture_as_well_as_colour():
    root = _parse(
        status_chart(
            counts=StatusCounts(total=4, done=1, ongoing=1, not_started=1, not_reported=1), title="P"
        ).svg
    )

    fills = {
        segment.get("data-status"): [rect.get("fill") for rect in segment.iter(f"{NS}rect")]
        for segment in next(g for g in root.iter(f"{NS}g") if g.get("class") == "bar").findall(f"{NS}g")
    }
    assert fills["done"] == ["#1a7f37"]
    assert fills["ongoing"][0] == "#9a6700"
    textures = {fills[key][1] for key in ("ongoing", "not_started", "not_reported")}
    assert len(textures) == 3 and all(texture.startswith("url(#") for texture in textures)
    pattern_ids = {pattern.get("id") for pattern in root.iter(f"{NS}pattern")}
    assert {texture[5:-1] for texture in textures} <= pattern_ids


def test_status_chart_without_activities_draws_an_empty_bar():
    chart = status_chart(counts=StatusCounts(), title="Tom plan")

    root = _parse(chart.svg)
    assert chart.description == "Inga aktiviteter."
    assert _segments(root) == {}
    assert {"Klart 0", "Pågår 0", "Ej inledd 0", "Ej rapporterad 0"} <= set(_texts(root))


def test_every_text_is_escaped():
    chart = status_chart(counts=STATUS_38, title='Plan <b>"A & B"</b>')

    root = _parse(chart.svg)
    assert root.find(f"{NS}title").text == 'Plan <b>"A & B"</b>'
    assert "<b>" not in chart.svg


def test_chart_ids_are_unique_between_charts():
    first = _parse(status_chart(counts=STATUS_38, title="A").svg)
    second = _parse(status_chart(counts=STATUS_38, title="B").svg)

    first_ids = {element.get("id") for element in first.iter() if element.get("id")}
    second_ids = {element.get("id") for element in second.iter() if element.get("id")}
    assert first_ids and not first_ids & second_ids


def test_a_given_id_prefix_is_used_and_checked():
    root = _parse(status_chart(counts=STATUS_38, title="A", id_prefix="plan-7").svg)
    assert root.get("aria-labelledby") == "plan-7-title"
    assert root.find(f"{NS}desc").get("id") == "plan-7-desc"
    with pytest.raises(ValueError):
        status_chart(counts=STATUS_38, title="A", id_prefix='x" onload="alert(1)')


# Numbers -------------------------------------------------------------------------------------------


def test_numbers_are_written_the_swedish_way():
    assert swedish_number(Decimal("72.000")) == "72"
    assert swedish_number(Decimal("3.500")) == "3,5"
    assert swedish_number(Decimal("1E+2")) == "100"
    assert swedish_number(72.0) == "72"
    assert swedish_number(-1.25) == "\u22121,25"
    assert swedish_number(2021) == "2021"
    assert swedish_number(Decimal("45000")) == "45\u00a0000"
    # A number and its unit are never split over two lines ("83,8" and "%" on the next).
    assert with_unit(Decimal("83.8"), "%") == f"83,8{NB}%"
    assert with_unit(Decimal("189.8"), "Mnkr") == f"189,8{NB}Mnkr"
    assert with_unit(Decimal("4"), "") == "4"


def test_nice_steps_are_1_2_2_5_or_5_times_a_power_of_ten():
    assert nice_step(10) == 2
    assert nice_step(12) == 2.5
    assert nice_step(20) == 5
    assert nice_step(0.9) == 0.2
    assert nice_step(700) == 200
    assert nice_step(40_000) == 10_000


def test_the_value_axis_starts_at_zero_near_it_and_otherwise_leaves_room_below():
    scale = value_scale([62, 72])
    assert scale.low <= 62 - 0.1 * 10 and scale.high >= 72  # "Riket" at 62 is not on the floor
    assert scale.ticks == [60, 62.5, 65, 67.5, 70, 72.5]
    scale = value_scale([3, 9])
    assert (scale.low, scale.high, scale.step) == (0, 10, 2)
    scale = value_scale([0.1, 0.35])
    assert scale.ticks == [0, 0.1, 0.2, 0.3, 0.4]
    scale = value_scale([72])  # one value: room around it
    assert scale.low < 72 < scale.high
    scale = value_scale([62, 72], from_zero=True)  # bars
    assert scale.low == 0 and scale.high >= 72


# The indicator's chart -----------------------------------------------------------------------------

THREE_SERIES = (
    (2021, "municipality", "", "72"),
    (2022, "municipality", "", "74.5"),
    (2021, "nation", "", "62"),
    (2022, "nation", "", "63"),
    (2022, "other", "Liknande kommuner", "66"),
)
YEARS = (2019, 2020, 2021, 2022)
A_SERIES = tuple(
    (year, "municipality", "", value) for year, value in zip(YEARS, ("70", "71", "72", "74.5"), strict=True)
) + tuple((year, "nation", "", "62") for year in YEARS)


def _bars(root: ET.Element) -> list[ET.Element]:
    return [group for group in root.iter(f"{NS}g") if group.get("class") == "bar"]


def _plot_bottom(root: ET.Element) -> float:
    """The y of the value axis's floor: the lowest grid line."""
    return max(float(line.get("y1")) for line in root.iter(f"{NS}line") if line.get("x1") != line.get("x2"))


def test_two_years_are_compared_with_bars_from_zero_each_with_its_value():
    indicator, values = _indicator(*THREE_SERIES)

    chart = indicator_chart(indicator=indicator, values=values, municipality_name="Mjölby kommun")

    root = _parse(chart.svg)
    assert not list(root.iter(f"{NS}polyline"))  # two values make no trend
    bars = _bars(root)
    assert len(bars) == 5  # a bar per value
    assert [bar.get("data-series") for bar in bars] == ["0", "1", "0", "1", "2"]
    bar_texts = [text.text for bar in bars for text in bar.iter(f"{NS}text")]
    assert bar_texts == [f"72{NB}%", f"62{NB}%", f"74,5{NB}%", f"63{NB}%", f"66{NB}%"]
    texts = _texts(root)
    assert {"2021", "2022", "Mjölby kommun", "Riket", "Liknande kommuner", f"0{NB}%"} <= set(texts)
    assert _accessible_name_parts(root) == {"title": indicator.name}
    assert root.find(f"{NS}desc").text == chart.description


def test_the_bars_of_each_series_differ_by_texture_as_well_as_colour():
    indicator, values = _indicator(*THREE_SERIES)
    root = _parse(indicator_chart(indicator=indicator, values=values).svg)
    fills = {}
    for bar in _bars(root):
        fills.setdefault(bar.get("data-series"), set()).update(
            rect.get("fill") for rect in bar.iter(f"{NS}rect")
        )
    assert len({frozenset(f) for f in fills.values()}) == 3
    assert any(fill.startswith("url(#") for series in fills.values() for fill in series)


def test_a_series_of_years_is_drawn_as_lines_none_of_them_on_the_floor():
    indicator, values = _indicator(*A_SERIES)

    chart = indicator_chart(indicator=indicator, values=values)

    root = _parse(chart.svg)
    series = [group for group in root.iter(f"{NS}g") if group.get("class") == "series"]
    assert [len(list(group.iter(f"{NS}polyline"))) for group in series] == [1, 1]
    marker_tags = [[child.tag for child in group if child.tag != f"{NS}polyline"] for group in series]
    assert marker_tags == [[f"{NS}circle"] * 4, [f"{NS}rect"] * 4]  # a shape per series
    lowest = max(float(point.split(",")[1]) for group in series for point in
                 group.find(f"{NS}polyline").get("points").split())  # fmt: skip
    assert lowest < _plot_bottom(root) - 10


def test_the_target_is_a_line_of_its_own_named_in_the_chart_and_in_words():
    indicator, values = _indicator(*A_SERIES)
    indicator.target_kind, indicator.target_value = "at_least", Decimal("75")

    chart = indicator_chart(indicator=indicator, values=values)

    root = _parse(chart.svg)
    (target,) = [group for group in root.iter(f"{NS}g") if group.get("class") == "target"]
    assert [text.text for text in target.iter(f"{NS}text")] == [f"Mål minst 75{NB}%"]
    assert chart.description.endswith(f"Målvärde: minst 75{NB}%.")
    target_y = float(target.find(f"{NS}line").get("y1"))
    assert 0 < target_y < _plot_bottom(root)  # within the chart: the axis reaches the target
    # A target at the top of the axis has its name below the line, not cut off above the chart.
    indicator.target_value = Decimal("80")
    root = _parse(indicator_chart(indicator=indicator, values=values).svg)
    (target,) = [group for group in root.iter(f"{NS}g") if group.get("class") == "target"]
    line_y, text_y = float(target.find(f"{NS}line").get("y1")), float(target.find(f"{NS}text").get("y"))
    assert text_y >= 14 and (text_y > line_y or line_y - text_y == 6)
    # A target relative to something else (the nation) has no line of its own.
    indicator.target_kind, indicator.target_value = "better_than_nation", None
    root = _parse(indicator_chart(indicator=indicator, values=values).svg)
    assert not [group for group in root.iter(f"{NS}g") if group.get("class") == "target"]


def test_indicator_chart_says_every_value_in_words_and_as_a_table():
    indicator, values = _indicator(*THREE_SERIES)

    chart = indicator_chart(indicator=indicator, values=values, municipality_name="Mjölby kommun")

    assert chart.title == "Andel som kan rekommendera kommunen"
    assert chart.description == (
        f"Mjölby kommun: 2021 72{NB}%; 2022 74,5{NB}%. Riket: 2021 62{NB}%; 2022 63{NB}%. "
        f"Liknande kommuner: 2022 66{NB}%."
    )
    assert chart.headers == ("År", "Mjölby kommun", "Riket", "Liknande kommuner")
    assert chart.rows == (
        ("2021", f"72{NB}%", f"62{NB}%", "–"),
        ("2022", f"74,5{NB}%", f"63{NB}%", f"66{NB}%"),
    )


def test_indicator_chart_shows_only_the_years_that_have_values():
    indicator, values = _indicator(
        (2019, "municipality", "", "3.5"), (2021, "municipality", "", "3.8"), (2023, "municipality", "", "4"),
        unit="",
    )  # fmt: skip

    chart = indicator_chart(indicator=indicator, values=values)

    texts = _texts(_parse(chart.svg))
    assert "2019" in texts and "2023" in texts and "2022" not in texts
    assert chart.description == "Kommunen: 2019 3,5; 2021 3,8; 2023 4."


def test_one_year_is_a_bar_not_a_point_on_a_line():
    indicator, values = _indicator((2021, "municipality", "", "72"), (2021, "nation", "", "62"))

    chart = indicator_chart(indicator=indicator, values=values)

    root = _parse(chart.svg)
    assert not list(root.iter(f"{NS}polyline"))
    assert len(_bars(root)) == 2
    assert chart.description == f"Kommunen: 2021 72{NB}%. Riket: 2021 62{NB}%."


def test_indicator_chart_with_a_long_unit_writes_it_once_above_the_axis():
    indicator, values = _indicator(
        (2022, "municipality", "", "45000"), (2023, "municipality", "", "47500"), unit="kr/invånare"
    )

    chart = indicator_chart(indicator=indicator, values=values)

    texts = _texts(_parse(chart.svg))
    assert texts.count("kr/invånare") == 1
    assert any(re.fullmatch(r"\d+\u00a0\d{3}", text) for text in texts)  # ticks as bare numbers
    assert chart.description == f"Kommunen: 2022 45\u00a0000{NB}kr/invånare; 2023 47\u00a0500{NB}kr/invånare."


def test_indicator_chart_without_values_is_none():
    indicator, _values = _indicator()
    assert indicator_chart(indicator=indicator, values=[]) is None


def test_indicator_chart_ids_are_unique_between_charts():
    indicator, values = _indicator(*THREE_SERIES)
    first = _parse(indicator_chart(indicator=indicator, values=values).svg)
    second = _parse(indicator_chart(indicator=indicator, values=values).svg)
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


# The template tags ---------------------------------------------------------------------------------


def test_the_status_chart_tag_renders_a_figure_with_its_description():
    html = Template("{% load charts %}{% status_chart counts 'Plan' %}").render(
        Context({"counts": STATUS_38})
    )

    assert html.count('<figure class="chart">') == 1
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html  # not escaped
    assert "<title id=" in html and ">Plan</title>" in html
    assert (
        "<figcaption>Av 38 aktiviteter är 25 klara (66 %), 11 pågår, 2 ej inledda och 0 ej rapporterade."
        "</figcaption>"
    ) in html
    assert "<table>" not in html  # the legend gives every count already


def test_the_indicator_chart_tag_renders_a_figure_with_a_table():
    indicator, values = _indicator(*THREE_SERIES)
    html = Template(
        "{% load charts %}{% indicator_chart indicator municipality_name='Mjölby kommun' values=values %}"
    ).render(Context({"indicator": indicator, "values": values}))

    assert f"<figcaption>Mjölby kommun: 2021 72{NB}%; 2022 74,5{NB}%." in html
    assert "<summary>Visa värdena som tabell</summary>" in html
    assert "<caption>Andel som kan rekommendera kommunen</caption>" in html
    assert '<th scope="col">År</th><th scope="col">Mjölby kommun</th>' in html
    assert f'<th scope="row">2022</th><td class="number">74,5{NB}%</td>' in html


def test_the_indicator_chart_tag_renders_nothing_without_values():
    indicator, _values = _indicator()
    html = Template("{% load charts %}{% indicator_chart indicator values=values %}").render(
        Context({"indicator": indicator, "values": []})
    )
    assert html == ""


def test_the_demo_indicator_renders_against_the_nation(mjolby_plan, django_assert_max_num_queries):
    goal = mjolby_plan.goals.filter(level__key="kf").order_by("order", "id").first()
    indicator = goal.indicators.first()

    with django_assert_max_num_queries(1):  # the values, once
        html = Template("{% load charts %}{% indicator_chart indicator municipality_name=name %}").render(
            Context({"indicator": indicator, "name": "Mjölby kommun"})
        )

    assert f"Mjölby kommun: 2021 72{NB}%" in html
    assert f"Riket: 2021 62{NB}%" in html
    svg = html[html.index("<svg") : html.index("</svg>") + len("</svg>")]
    _parse(svg)
