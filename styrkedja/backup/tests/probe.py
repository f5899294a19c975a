"""A municipality as it reads, without ids: what is compared before and after a move.

Used in the test's own process for the source installation, and in the target's process
through ``main(SLUG, OUT.json, EXPORT.jsonl)`` (see ``RUN``), which writes the snapshot, the row
count of every table of the installation, and the municipality written to a file again.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command

from styrkedja.backup.fileformat import LineReader, parse_line
from styrkedja.backup.scope import AUDIT_DATA_REFERENCES, GENERIC_REFERENCES, scope_by_label
from styrkedja.backup.selectors import municipality_row_counts
from styrkedja.tenancy.models import Municipality

REPORT_MODELS = (
    "followup.activityreport",
    "followup.goalreport",
    "followup.periodcomment",
    "assignments.assignmentreport",
    "surveys.surveyreport",
)


def _describe(label: str, pk: Any) -> str | None:
    """What an id names, in words: the same before and after the ids change."""
    if pk in (None, ""):
        return None
    try:
        found = apps.get_model(label)._base_manager.filter(pk=pk).first()
    except (LookupError, ValueError):
        return f"{label} {pk}"
    return f"{label}: {found}" if found else None


def snapshot(slug: str, *, user_prefix: str = "") -> dict[str, Any]:
    """Counts, plan summaries, reports with authors and times, the audit log and the accounts.

    ``user_prefix`` is taken off user names, for a copy read in under other user names.
    """
    municipality = Municipality.objects.get(slug=slug)

    def name(user) -> str | None:
        return user.username.removeprefix(user_prefix) if user else None

    def describe(label: str, pk: Any) -> str | None:
        described = _describe(label, pk)
        return described.replace(user_prefix, "") if described and user_prefix else described

    summaries = {}
    for plan in municipality.plans.select_related("board").order_by("board__slug", "year"):
        for period in [None, *plan.periods.order_by("ends_on", "code")]:
            out = io.StringIO()
            chosen = ["--period", period.code] if period else []
            call_command("plan_summary", plan.name, *chosen, "--json", stdout=out)
            summary = json.loads(out.getvalue())
            summary["plan"] = summary["plan"].split("/", 1)[1]  # without the municipality's short name
            summaries[f"{summary['plan']} {period.code if period else '(senaste)'}"] = summary
    reports = []
    for label in REPORT_MODELS:
        rows = (
            apps.get_model(label)
            .objects.filter(period__plan__municipality=municipality)
            .select_related("period__plan__board", "created_by")
            .order_by("created_at", "id")
        )
        for report in rows:
            plan = report.period.plan
            reports.append(
                [
                    label,
                    f"{plan.board.slug}/{plan.year} {report.period.code}",
                    str(report),
                    getattr(report, "status", ""),
                    report.comment,
                    name(report.created_by),
                    report.created_at.isoformat(),
                ]
            )
    audit = []
    for entry in municipality.audit_entries.select_related("user").order_by("created_at", "id"):
        data = dict(entry.data)
        for key, label in AUDIT_DATA_REFERENCES.get(entry.action, {}).items():
            value = data.get(key)
            data[key] = (
                [describe(label, item) for item in value]
                if isinstance(value, list)
                else describe(label, value)
            )
        audit.append(
            [
                entry.action,
                entry.object_type,
                describe(entry.object_type, entry.object_id),
                entry.object_repr,
                name(entry.user),
                entry.created_at.isoformat(),
                data,
            ]
        )
    accounts = []
    for membership in municipality.memberships.select_related("user").order_by("user__username"):
        user = membership.user
        accounts.append(
            [
                name(user),
                user.password,
                user.email,
                user.get_full_name(),
                user.is_active,
                user.date_joined.isoformat(),
                membership.role,
                sorted(unit.name for unit in membership.units.all()),
            ]
        )
    return {
        "counts": municipality_row_counts(municipality=municipality),
        "summaries": summaries,
        "reports": reports,
        "audit": audit,
        "accounts": accounts,
    }


def table_counts() -> dict[str, int]:
    """The rows of every table of the installation, Django's many-to-many tables too."""
    models = apps.get_models(include_auto_created=True)
    return {model._meta.label_lower: model._base_manager.count() for model in models}


def canonical_rows(path: Path) -> list[list[Any]]:
    """A file's rows with every id replaced by the row's place among its model's rows in the file.

    The import keeps the rows' order, so the same data written from two installations gives the
    same canonical rows though the ids differ.
    """
    rows = []
    for number, line in LineReader(Path(path)):
        row = parse_line(number, line)
        if number > 1 and "end" not in row:
            rows.append(row)
    places: dict[str, dict[int, int]] = {}
    for row in rows:
        places.setdefault(row["model"], {})
        places[row["model"]][row["pk"]] = len(places[row["model"]])
    scopes = scope_by_label()

    def place(label: str, pk: Any) -> Any:
        return ("#", places.get(label, {}).get(pk)) if isinstance(pk, int) else pk

    result = []
    for row in rows:
        scope = scopes[row["model"]]
        fields = dict(row["fields"])
        for field in scope.fields:
            target = field.related_model
            if field.is_relation and target._meta.label_lower in scopes:
                fields[field.name] = place(target._meta.label_lower, fields[field.name])
        for field in scope.many_to_many:
            target = field.related_model._meta.label_lower
            if target in scopes:
                fields[field.name] = sorted(place(target, pk)[1] for pk in fields[field.name])
        if scope.label in GENERIC_REFERENCES:
            type_field, id_field = GENERIC_REFERENCES[scope.label]
            named = fields[type_field]
            if named in scopes:
                found = place(named, int(fields[id_field])) if fields[id_field].isdigit() else None
                fields[id_field] = found if found and found[1] is not None else ""
            data = dict(fields["data"])
            for key, label in AUDIT_DATA_REFERENCES.get(fields["action"], {}).items():
                value = data.get(key)
                data[key] = (
                    [place(label, item) for item in value] if isinstance(value, list) else place(label, value)
                )
            fields["data"] = data
        result.append([row["model"], place(row["model"], row["pk"]), fields])
    return json.loads(json.dumps(result))


def main(slug: str, out: str, export: str) -> None:
    from styrkedja.backup.services import municipality_export

    result: dict[str, Any] = {"tables": table_counts(), "snapshot": snapshot(slug)}
    municipality_export(municipality=Municipality.objects.get(slug=slug), path=Path(export))
    result["rows"] = canonical_rows(Path(export))
    Path(out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


# ``python -c RUN SLUG OUT EXPORT``: Django is set up before this module, which needs it, is imported.
RUN = "import sys, django; django.setup(); from styrkedja.backup.tests.probe import main; main(*sys.argv[1:])"
