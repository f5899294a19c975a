"""A goal report's actions (Åtgärder): kept as history with the rest of the report, and audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from styrkedja import text_limits
from styrkedja.audit.selectors import audit_entries_for
from styrkedja.followup.models import GoalReport
from styrkedja.followup.services import goal_report_set

pytestmark = pytest.mark.django_db


def test_changed_actions_add_a_row_and_unchanged_input_adds_none(build_plan):
    b = build_plan()
    goal, period = b.goal("g1"), b.periods["T2"]

    first = goal_report_set(goal=goal, period=period, comment="Analys", actions="Fler kontroller.")
    again = goal_report_set(goal=goal, period=period, comment="Analys", actions="  Fler kontroller.  ")
    changed = goal_report_set(goal=goal, period=period, comment="Analys", actions="Fler kontroller i maj.")

    assert again.pk == first.pk
    assert list(GoalReport.objects.filter(goal=goal).values_list("actions", flat=True)) == [
        "Fler kontroller.",
        "Fler kontroller i maj.",
    ]
    entries = list(audit_entries_for(municipality=b.municipality, obj=goal))
    assert [entry.data["actions"] for entry in entries] == [
        ["Fler kontroller.", "Fler kontroller i maj."],
        [None, "Fler kontroller."],
    ]
    assert changed.comment == "Analys"


def test_actions_longer_than_a_document_holds_are_refused(build_plan):
    b = build_plan()
    goal = b.goal("g1")
    with pytest.raises(ValidationError) as refused:
        goal_report_set(goal=goal, period=b.periods["T2"], actions="x" * (text_limits.COMMENT + 1))
    assert "actions" in refused.value.message_dict
    assert not GoalReport.objects.filter(goal=goal).exists()
