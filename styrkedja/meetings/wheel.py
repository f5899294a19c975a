"""The year wheel drawn: twelve month segments with a mark per meeting and per budget step.

A picture only (the page's month-by-month list says everything in it), so it is drawn as plain
SVG in the template from these numbers, without scripts or inline styles.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass

from styrkedja.meetings.choices import MeetingBody
from styrkedja.meetings.selectors import YearWheel

SIZE = 360
CENTRE = SIZE / 2
OUTER = 150
INNER = 62
LABEL = 166  # where the month's letters stand, outside the ring
RADIUS = {MeetingBody.KF: 134, MeetingBody.KS: 114, MeetingBody.AU: 94}  # a ring per body
MILESTONE = 74


@dataclass(frozen=True)
class Segment:
    path: str
    label: str
    label_x: float
    label_y: float
    busy: bool  # a meeting or a budget step in the month


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    kind: str  # "KF", "KS", "AU" or "milestone"

    @property
    def corner_x(self) -> float:
        """The top left corner of a milestone's square, 8 wide, centred on the point."""
        return round(self.x - 4, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class WheelDrawing:
    size: int
    centre: float
    segments: list[Segment]
    marks: list[Mark]


def _point(angle: float, radius: float) -> tuple[float, float]:
    """The point at ``angle`` degrees clockwise from twelve o'clock."""
    radians = math.radians(angle - 90)
    return round(CENTRE + radius * math.cos(radians), 1), round(CENTRE + radius * math.sin(radians), 1)


def _angle(month: int, day: int, year: int) -> float:
    days = calendar.monthrange(year, month)[1]
    return (month - 1 + (day - 0.5) / days) * 30


def _segment_path(month: int) -> str:
    start, end = (month - 1) * 30, month * 30
    (x1, y1), (x2, y2) = _point(start, OUTER), _point(end, OUTER)
    (x3, y3), (x4, y4) = _point(end, INNER), _point(start, INNER)
    return f"M{x1} {y1} A{OUTER} {OUTER} 0 0 1 {x2} {y2} L{x3} {y3} A{INNER} {INNER} 0 0 0 {x4} {y4} Z"


def wheel_drawing(wheel: YearWheel) -> WheelDrawing:
    segments, marks = [], []
    for month in wheel.plan_year_months:
        x, y = _point((month.month - 0.5) * 30, LABEL)
        segments.append(
            Segment(
                path=_segment_path(month.month),
                label=month.name[:3].capitalize(),
                label_x=x,
                label_y=y,
                busy=not month.is_empty,
            )
        )
        for meeting in month.meetings:
            x, y = _point(_angle(month.month, meeting.date.day, month.year), RADIUS[meeting.body])
            marks.append(Mark(x, y, meeting.body))
        for milestone in month.milestones:
            day = milestone.date.day if milestone.date else 15
            x, y = _point(_angle(month.month, day, month.year), MILESTONE)
            marks.append(Mark(x, y, "milestone"))
    return WheelDrawing(size=SIZE, centre=CENTRE, segments=segments, marks=marks)
