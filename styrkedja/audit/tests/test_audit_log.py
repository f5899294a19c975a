from __future__ import annotations

import pytest

from styrkedja.audit.actions import ACTION_LABELS, action_label
from styrkedja.audit.services import audit_log


def test_an_unregistered_action_is_refused(mjolby_plan):
    with pytest.raises(ValueError, match="Unregistered"):
        audit_log(municipality=mjolby_plan.municipality, action="plans.plan.renamed", obj=mjolby_plan)


def test_loaded_plans_are_logged_with_a_readable_action(mjolby_plan):
    entry = mjolby_plan.municipality.audit_entries.get(action="plandata.plan.loaded")
    assert entry.object_repr == str(mjolby_plan)
    assert action_label(entry.action) == str(ACTION_LABELS["plandata.plan.loaded"])
