"""Small pieces every page uses: status badges, the progress bar, audit history."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from styrkedja.assignments.choices import AssignmentStatus
from styrkedja.followup.choices import Assessment, ReportStatus

register = template.Library()


@register.simple_tag
def status_badge(status: str | None, label: str = ""):
    """A status as text in a coloured badge; the text carries the meaning, the colour only helps.

    ``label``: the status in the municipality's words (an uppdrag's); else the standard words.
    """
    if not status:
        return format_html('<span class="status status--none">{}</span>', _("Ej rapporterad"))
    if not label:
        standard = (
            dict(ReportStatus.choices) if status in ReportStatus.values else dict(AssignmentStatus.choices)
        )
        label = standard.get(status, status)
    return format_html('<span class="status status--{}">{}</span>', status, label)


@register.filter
def assessment_label(report) -> str:
    """A report's assessment in the municipality's words; for a form's data, the standard words."""
    if hasattr(report, "assessment_text"):
        return report.assessment_text
    value = report.get("assessment") if isinstance(report, dict) else report
    return str(Assessment(value).label) if value else ""


@register.inclusion_tag("web/progress.html")
def progress(counts):
    """Share done of a StatusCounts as a bar with its number in text beside it."""
    return {"counts": counts}


@register.filter
def get_item(mapping: dict, key):
    """``{{ by_goal|get_item:goal.pk }}``: a dictionary look-up, which Django templates lack."""
    return mapping.get(key, []) if mapping else []
