"""What the workbook import says it did, in Swedish with the right plural forms."""

from __future__ import annotations

from django.utils.translation import ngettext


def reports_changed_text(*, activities: int, goals: int) -> str:
    """E.g. "1 aktivitetsrapport och 2 målrapporter ändrades."."""
    activity_part = ngettext("%(n)s aktivitetsrapport", "%(n)s aktivitetsrapporter", activities) % {
        "n": activities
    }
    goal_part = ngettext("%(n)s målrapport", "%(n)s målrapporter", goals) % {"n": goals}
    return f"{activity_part} och {goal_part} ändrades."
