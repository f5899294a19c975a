"""Charts drawn on the server as SVG, each with a text alternative that says the same in words:
the drawing primitives, the legend, and the status bar of a plan's activities (the indicator
chart is in ``indicator.py``).

Colour is never the only carrier of meaning (WCAG 1.4.1): each bar segment has its own texture
and is named with its count in a legend, and each line has its own marker shape and dash. Every
colour has at least 3:1 contrast against white (WCAG 1.4.11), and white text on the status
colours at least 4.5:1. All text is escaped, so ``Chart.svg`` may be marked safe.

Only already-given objects are read here (``indicator.values.all()`` at most), so the same charts
serve the web pages and the PDF documents.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH = 600
FONT_SIZE = 14
# A generous average glyph width at FONT_SIZE: the text is laid out without measuring it, so it
# is better to leave too much room than to let a legend's labels run into each other.
CHAR_WIDTH = 8.0
TEXT_COLOUR = "#1f2328"
GRID_COLOUR = "#d0d7de"
AXIS_COLOUR = "#57606a"
WHITE = "#fff"


@dataclass(frozen=True)
class Chart:
    """An SVG chart and its text alternatives: a description in words, and the numbers as a table."""

    svg: str
    title: str
    description: str
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


# Writing SVG ------------------------------------------------------------------------------------------

_USABLE_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def new_id_prefix() -> str:
    # Random rather than a per-process counter: a page may be put together from fragments that
    # different server processes rendered (htmx), and their counters could repeat each other.
    return f"chart-{uuid.uuid4().hex[:12]}"


def _checked_id_prefix(id_prefix: str | None) -> str:
    if id_prefix is None:
        return new_id_prefix()
    if not _USABLE_ID_PREFIX.fullmatch(id_prefix):
        raise ValueError(f"Not usable as the start of an id: {id_prefix!r}")
    return id_prefix


def _number(value: float) -> str:
    """A coordinate, short: 12.5 as "12.5", 12.0 as "12"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _element(name: str, text: str | None = None, /, **attributes) -> str:
    """An SVG element with escaped text and attributes.

    Python names become SVG's: ``text_anchor`` is written ``text-anchor`` and ``class_`` ``class``.
    """
    written = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{escape(_attribute_value(value))}"'
        for key, value in attributes.items()
        if value is not None
    )
    if text is None:
        return f"<{name}{written}/>"
    return f"<{name}{written}>{escape(text)}</{name}>"


def _attribute_value(value) -> str:
    return _number(value) if isinstance(value, float) else str(value)


def _svg_document(
    *, prefix: str, height: float, title: str, description: str, defs: Iterable[str], body: Iterable[str]
) -> str:
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    definitions = "".join(defs)
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_number(height)}" width="100%" '
            # Named by its title only: the description is also the figure's visible caption,
            # and a screen reader would otherwise read it twice.
            f'role="img" aria-labelledby="{title_id}" '
            f'font-family="inherit" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
            _element("title", title, id=title_id),
            _element("desc", description, id=desc_id),
            f"<defs>{definitions}</defs>" if definitions else "",
            *body,
            "</svg>",
        ]
    )


def _fitted(label: str, room: float) -> str:
    """The label, shortened with an ellipsis if it would not fit in ``room`` (the full text is in
    the description and the table)."""
    most = max(int(room // CHAR_WIDTH), 1)
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


@dataclass(frozen=True)
class _LegendEntry:
    label: str
    draw_key: Callable[[float, float], list[str]]  # draws the key with its top left corner at (x, y)


LEGEND_ROW = 24
LEGEND_GAP = 24


def _legend(entries: list[_LegendEntry], *, top: float, key_width: float) -> tuple[list[str], float]:
    """The entries laid out in rows that wrap at the chart's width; also the y below the last row."""
    parts: list[str] = []
    x, y = 0.0, top
    for entry in entries:
        label = _fitted(entry.label, WIDTH - key_width - 6)
        width = key_width + 6 + _text_width(label)
        if x and x + width > WIDTH:
            x, y = 0.0, y + LEGEND_ROW
        parts += entry.draw_key(x, y)
        parts.append(_element("text", label, x=x + key_width + 6, y=y + 13.0))
        x += width + LEGEND_GAP
    return parts, y + LEGEND_ROW


# The status of a plan's or a goal's activities ---------------------------------------------------------

STATUS_COLOURS = {
    "done": "#1a7f37",
    "ongoing": "#9a6700",
    "not_started": "#b42318",
    "not_reported": "#57606a",
}
# Each status also has its own texture, drawn over its colour, so the segments differ in print in
# black and white and for those who do not tell the colours apart. "Done" stays solid.
STATUS_TEXTURES = {
    "ongoing": _element(
        "path", d="M-2 2L2-2M0 8L8 0M6 10L10 6", stroke=WHITE, stroke_width="1.5", stroke_opacity=".55"
    ),
    "not_started": _element("circle", cx="4", cy="4", r="1.6", fill=WHITE, fill_opacity=".7"),
    "not_reported": _element("path", d="M0 4H8", stroke=WHITE, stroke_width="1.5", stroke_opacity=".55"),
}
BAR_HEIGHT = 36


@dataclass(frozen=True)
class _Status:
    key: str
    label: str
    count: int


def _statuses(counts) -> list[_Status]:
    return [
        _Status("done", _("Klart"), counts.done),
        _Status("ongoing", _("Pågår"), counts.ongoing),
        _Status("not_started", _("Ej inledd"), counts.not_started),
        _Status("not_reported", _("Ej rapporterad"), counts.not_reported),
    ]


def status_description(counts) -> str:
    """In words: "Av 38 aktiviteter är 25 klara (66 %), 11 pågår, 2 ej inledda och 0 ej rapporterade."."""
    if not counts.total:
        return _("Inga aktiviteter.")
    # Each part agrees in number with its own count: "1 klar" but "2 klara".
    parts = {
        "total": ngettext("%(count)s aktivitet", "%(count)s aktiviteter", counts.total),
        "done": ngettext("%(count)s klar", "%(count)s klara", counts.done),
        "ongoing": ngettext("%(count)s pågår", "%(count)s pågår", counts.ongoing),
        "not_started": ngettext("%(count)s ej inledd", "%(count)s ej inledda", counts.not_started),
        "not_reported": ngettext(
            "%(count)s ej rapporterad", "%(count)s ej rapporterade", counts.not_reported
        ),
    }
    numbers = {
        "total": counts.total,
        "done": counts.done,
        "ongoing": counts.ongoing,
        "not_started": counts.not_started,
        "not_reported": counts.not_reported,
    }
    words = {key: text % {"count": numbers[key]} for key, text in parts.items()}
    return _(
        "Av %(total)s är %(done)s (%(percent)s %%), %(ongoing)s, %(not_started)s och %(not_reported)s."
    ) % {**words, "percent": counts.done_percent}


def _status_texture_defs(prefix: str) -> list[str]:
    return [
        f'<pattern id="{prefix}-{key}" width="8" height="8" patternUnits="userSpaceOnUse">{marks}</pattern>'
        for key, marks in STATUS_TEXTURES.items()
    ]


def _status_fill(prefix: str, key: str, x: float, y: float, width: float, height: float) -> list[str]:
    """A rectangle in the status's colour with its texture on top."""
    shapes = [_element("rect", x=x, y=y, width=width, height=height, fill=STATUS_COLOURS[key])]
    if key in STATUS_TEXTURES:
        shapes.append(_element("rect", x=x, y=y, width=width, height=height, fill=f"url(#{prefix}-{key})"))
    return shapes


def _count_label(status: _Status, x: float, width: float) -> list[str]:
    """The count inside its segment, on a plain patch of the colour so the texture does not
    weaken the text's contrast; nothing if the segment is too narrow (the legend has it too)."""
    text = str(status.count)
    patch = _text_width(text) + 8
    if width < patch + 6:
        return []
    centre = x + width / 2
    return [
        _element(
            "rect", x=centre - patch / 2, y=7.0, width=patch, height=22, fill=STATUS_COLOURS[status.key]
        ),
        _element("text", text, x=centre, y=23.0, text_anchor="middle", fill=WHITE, font_weight="600"),
    ]


def _status_bar(prefix: str, counts, statuses: list[_Status]) -> list[str]:
    parts = [
        _element(
            "rect", x=0.5, y=0.5, width=WIDTH - 1.0, height=BAR_HEIGHT - 1.0, fill=WHITE, stroke=AXIS_COLOUR
        )
    ]
    segments, labels, done_so_far = [], [], 0
    for status in statuses:
        if not status.count:
            continue  # also for an empty plan, which shows the outline alone
        # From the running sum, so that rounding never leaves a gap or an overlap at the end.
        x = WIDTH * done_so_far / counts.total
        done_so_far += status.count
        width = WIDTH * done_so_far / counts.total - x
        segments.append(f'<g class="segment" data-status="{status.key}">')
        segments += _status_fill(prefix, status.key, x, 0.0, width, float(BAR_HEIGHT))
        segments.append("</g>")
        if x > 0:  # a white seam between neighbours
            segments.append(_element("rect", x=x - 1.0, y=0.0, width=2.0, height=BAR_HEIGHT, fill=WHITE))
        labels += _count_label(status, x, width)
    return [*parts, '<g class="bar">', *segments, "</g>", *labels]


def status_chart(*, counts, title: str, id_prefix: str | None = None) -> Chart:
    """One stacked bar of a StatusCounts, with a legend that names each status and its count."""
    prefix = _checked_id_prefix(id_prefix)
    statuses = _statuses(counts)
    entries = [
        _LegendEntry(
            f"{status.label} {status.count}",
            lambda x, y, key=status.key: [
                *_status_fill(prefix, key, x, y, 16.0, 16.0),
                _element(
                    "rect", x=x + 0.5, y=y + 0.5, width=15.0, height=15.0, fill="none", stroke=AXIS_COLOUR
                ),
            ],
        )
        for status in statuses
    ]
    legend, bottom = _legend(entries, top=BAR_HEIGHT + 12.0, key_width=16)
    description = status_description(counts)
    svg = _svg_document(
        prefix=prefix,
        height=bottom,
        title=title,
        description=description,
        defs=_status_texture_defs(prefix),
        body=[*_status_bar(prefix, counts, statuses), *legend],
    )
    rows = tuple((str(status.label), str(status.count)) for status in statuses)
    return Chart(svg, title, description, (_("Status"), _("Antal")), rows)
