"""An object's audit entries as a person reads them ("Historik"): what changed, from what, to what."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from styrkedja.audit.actions import action_label
from styrkedja.audit.models import AuditEntry
from styrkedja.audit.selectors import audit_entries_for
from styrkedja.tenancy.models import Municipality

# The names of the fields that entries record before and after values of.
FIELD_LABELS = {
    "status": _("Status"),
    "comment": _("Kommentar"),
    "assessment": _("Bedömning"),
    "title": _("Rubrik"),
    "text": _("Mål"),
    "measurable": _("Mätbar formulering"),
    "baseline": _("Nuläge"),
    "motivation": _("Motivering"),
    "way_forward": _("Vägen till målet"),
    "followup_text": _("Uppföljning"),
    "due_on": _("Rapporteras senast"),
    "reason": _("Skäl"),
    "number": _("Nummer"),
    "kind": _("Typ"),
    "priority": _("Prioritet"),
    "responsible_unit": _("Ansvarig"),
    "note": _("Anmärkning"),
    "levels": _("Målnivåer"),
    "decided_by": _("Beslutat av"),
    "decided_on": _("Beslutsdatum"),
    "reference": _("Paragraf"),
    "prognosis": _("Prognos"),
    "corrective_actions": _("Korrigerande åtgärder"),
    "results": _("Resultat"),
}


DATE_FIELDS = {"due_on"}


def _value_labels(obj: models.Model) -> dict[str, dict[str, str]]:
    # Imported here: the audit log is a base that every app writes to, so it imports none of them at load.
    from styrkedja.followup.choices import Assessment, ReportStatus

    if obj._meta.label == "assignments.Assignment":  # an uppdrag's four statuses, in the municipality's words
        from styrkedja.assignments.selectors import assignment_status_labels

        return {"status": assignment_status_labels(municipality_id=obj.plan.municipality_id)}
    return {"status": dict(ReportStatus.choices), "assessment": dict(Assessment.choices)}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    entry: AuditEntry
    label: str
    period: str = ""
    changes: list[Change] = field(default_factory=list)
    notes: list[Change] = field(default_factory=list)  # values without a before, e.g. a reason


def history_for(*, municipality: Municipality, obj: models.Model) -> list[HistoryEntry]:
    values = _value_labels(obj)

    def shown(name: str, value) -> str:
        if value is None or value == "":
            return ""
        if name in DATE_FIELDS and isinstance(value, str):  # kept as ÅÅÅÅ-MM-DD, shown as people read it
            return date_format(datetime.date.fromisoformat(value), "j F Y")
        if isinstance(value, list):  # many-to-many: the related objects' names
            return ", ".join(str(item) for item in value)
        return str(values.get(name, {}).get(value, value))

    entries = []
    model_fields = {field.name: field for field in obj._meta.get_fields()}

    def label_of(name: str) -> str:
        # Changes made in Django's admin name any field of the model: its own name then.
        if name in FIELD_LABELS:
            return str(FIELD_LABELS[name])
        field = model_fields.get(name)
        verbose_name = getattr(field, "verbose_name", None)
        return str(verbose_name).capitalize() if verbose_name else name

    for entry in audit_entries_for(municipality=municipality, obj=obj):
        item = HistoryEntry(
            entry=entry, label=action_label(entry.action), period=entry.data.get("period", "")
        )
        for name, value in entry.data.items():
            label = label_of(name)
            if isinstance(value, list) and len(value) == 2:
                before, after = shown(name, value[0]), shown(name, value[1])
                if before != after:
                    item.changes.append(Change(label, before, after))
            elif name in FIELD_LABELS:
                item.notes.append(Change(label, "", shown(name, value)))
        entries.append(item)
    return entries
