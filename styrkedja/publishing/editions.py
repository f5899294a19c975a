"""The edition's part of the public addresses, files and API links, worked out in one place."""

from __future__ import annotations

PLAN_EDITION = "plan"


def edition_of(period: dict | None) -> str:
    """ "plan" for the plan's own edition, else the period's code in lower case ("t3"), from the
    ``period`` part of a publication's snapshot."""
    return PLAN_EDITION if period is None else period["code"].lower()
