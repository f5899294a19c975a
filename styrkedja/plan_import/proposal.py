"""What reading a plan document proposes: a plan in the data format, with where each part came from.

The plan is a mapping of the plan data format (docs/data-format.md, one entry of ``plans``), so
that the proposal, once reviewed, is created by the same loader as a data file
(``plandata.loader.load_plan_data``). Every goal, indicator, activity and assignment in it may
carry a ``_review`` mapping, which the loader never sees (``without_review``):

    {"page": 3, "line": 41, "confidence": 0.9, "note": "Status saknas; antogs Pågår."}

``page`` and ``line`` count from 1 (a plain text file has page 1, or the pages its form feeds
make), and a row of a table has its ``row`` within the table too; ``confidence`` is how sure the
reading is, from 0 to 1; ``note`` says, in Swedish, what the reviewer should look at. What the
reading found and could not place is in ``unplaced``, never dropped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

REVIEW_KEY = "_review"
# Below this the item is marked for the reviewer's attention.
SURE = 0.8


@dataclass
class Unplaced:
    text: str
    page: int | None
    line: int | None
    reason: str  # Swedish, for the reviewer: why it could not be placed


@dataclass
class Proposal:
    municipality: str  # the municipality's slug
    period: str | None  # the follow-up period read ("T3"), or None for a plan
    filename: str
    pages: int
    plan: dict[str, Any]
    unplaced: list[Unplaced] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Proposal:
        return cls(
            municipality=data["municipality"],
            period=data.get("period"),
            filename=data.get("filename", ""),
            pages=int(data.get("pages", 0)),
            plan=data["plan"],
            unplaced=[Unplaced(**item) for item in data.get("unplaced", [])],
        )


def review(
    item: dict[str, Any],
    *,
    page: int | None,
    line: int | None,
    confidence: float,
    note: str = "",
    row: int | None = None,
) -> dict:
    """Mark ``item`` (a goal, indicator, activity … of the plan mapping) with where it came from;
    ``row``: its row of a table (the header is row 1), which starts at ``line``."""
    item[REVIEW_KEY] = {"page": page, "line": line, "confidence": round(confidence, 2), "note": note}
    if row is not None:
        item[REVIEW_KEY]["row"] = row
    return item


def without_review(value: Any) -> Any:
    """The plan mapping as the loader takes it: every ``_review`` removed, at any depth."""
    if isinstance(value, dict):
        return {key: without_review(item) for key, item in value.items() if key != REVIEW_KEY}
    if isinstance(value, list):
        return [without_review(item) for item in value]
    return value
