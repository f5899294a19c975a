"""Read a plan document (PDF, Word or text) and print the plan Styrkedja proposes from it."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from styrkedja.plan_import.proposal import REVIEW_KEY, SURE
from styrkedja.plan_import.reading import MAX_BYTES, PlanReadError
from styrkedja.plan_import.services import plan_document_read
from styrkedja.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Läser ett plandokument (PDF, Word eller text) och skriver ut den plan som föreslås ur det."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--municipality", required=True, help="kommunens kortnamn (slug)")
        parser.add_argument("--period", default=None, help="uppföljningsperioden som läses, t.ex. T3")
        parser.add_argument("--json", action="store_true", help="skriv förslaget som JSON")

    def handle(self, *args, file, municipality, period, json: bool, **options):
        municipality_found = Municipality.objects.filter(slug=municipality).first()
        if municipality_found is None:
            raise CommandError(_("Kommunen ”%(slug)s” finns inte.") % {"slug": municipality})
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Filen ”%(name)s” finns inte.") % {"name": file})
        if path.stat().st_size > MAX_BYTES:
            # Checked before the file is read into memory.
            raise CommandError(_("Filen är för stor för att läsas in."))
        try:
            proposal = plan_document_read(
                content=path.read_bytes(), filename=path.name, municipality=municipality_found, period=period
            )
        except PlanReadError as error:
            raise CommandError(" ".join(error.messages)) from error
        if json:
            self.stdout.write(_dumps(proposal.to_dict()))
        else:
            self.stdout.write(proposal_text(proposal))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def _mark(item: dict) -> str:
    found = item.get(REVIEW_KEY) or {}
    where = f"s. {found.get('page')}, rad {found.get('line')}"
    if found.get("row"):
        where += f", tabellens rad {found['row']}"
    unsure = (
        f"  [{found.get('confidence')}: {found.get('note')}]" if found.get("confidence", 1) < SURE else ""
    )
    return f"({where}){unsure}"


def _activity(activity: dict, indent: str) -> list[str]:
    status = ", ".join(report.get("status", "") for report in activity.get("reports", []))
    collaborators = ", ".join(next(iter(c.values())) for c in activity.get("collaborators", []))
    responsible = ", ".join([activity.get("responsible", ""), *activity.get("co_responsible", [])])
    return [
        f"{indent}- {activity['title']} [{activity.get('kind') or '–'}] {status or ''} "
        f"· {_('Ansvarig')}: {responsible or '?'} · {_('Samverkan')}: {collaborators or '-'} "
        f"{_mark(activity)}"
    ]


def _goal(goal: dict, depth: int) -> list[str]:
    indent = "  " * depth
    heading = " ".join(
        part for part in (goal.get("level", ""), goal.get("number", ""), goal.get("title", "")) if part
    )
    lines = [f"{indent}{heading} {_mark(goal)}"]
    if goal.get("text"):
        lines.append(f"{indent}  {goal['text']}")
    for name in ("measurable", "baseline", "motivation", "way_forward", "followup"):
        if goal.get(name):
            lines.append(f"{indent}  {name}: {' '.join(goal[name].split())[:100]}…")
    for indicator in goal.get("indicators", []):
        lines.append(f"{indent}  * {indicator['name']} {_mark(indicator)}")
    for activity in goal.get("activities", []):
        lines += _activity(activity, indent + "  ")
    for child in goal.get("children", []):
        lines += _goal(child, depth + 1)
    return lines


def proposal_text(proposal) -> str:
    plan = proposal.plan
    lines = [
        f"{proposal.filename}: {proposal.pages} s., {proposal.municipality}, {proposal.period or '–'}",
        "",
    ]
    lines.append(_("Mål") + ":")
    for goal in plan.get("goals", []):
        lines += _goal(goal, 1)
    if plan.get("special_initiatives"):
        lines += ["", _("Särskilda satsningar") + ":"]
        for activity in plan["special_initiatives"]:
            lines += _activity(activity, "  ")
    if plan.get("assignments"):
        lines += ["", _("Uppdrag") + ":"]
        for assignment in plan["assignments"]:
            lines.append(f"  - {assignment['title']} {_mark(assignment)}")
    if proposal.unplaced:
        lines += ["", _("Ej placerat") + ":"]
        for item in proposal.unplaced:
            lines.append(
                f"  - s. {item.page}, rad {item.line}: {' '.join(item.text.split())[:80]} – {item.reason}"
            )
    return "\n".join(lines) + "\n"
