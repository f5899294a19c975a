"""The public pages of a municipality: its published plans and follow-ups, for anyone, without log-in.

Every page reads a publication's snapshot (and the publication's row and the municipality's
name), never the plan's own tables, so that nothing unpublished can show. The pages are kept in
the cache (``cache.public_page``); nothing on them depends on who asks, so none has a form token.
"""

from __future__ import annotations

import datetime
import io
import json

from django.db.models.fields.json import KeyTransform
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from styrkedja.public import selectors
from styrkedja.public.cache import public_page
from styrkedja.publishing.editions import edition_of
from styrkedja.publishing.models import Publication
from styrkedja.publishing.selectors import publication_public_get, publications_public

# The day the accessibility statement was last reviewed (DIGG asks for it).
STATEMENT_REVIEWED = datetime.date(2026, 12, 2)


def _not_found(request, municipality, message: str):
    return render(
        request, "public/not_found.html", {"municipality": municipality, "message": message}, status=404
    )


def _edition_name(snapshot: dict) -> str:
    period = snapshot.get("period")
    return period["name"] if period else _("Plan")


@require_safe
@public_page
def start(request, municipality):
    """The published editions, grouped by plan (in the order ``publications_public`` gives)."""
    public = publications_public(municipality=municipality)
    parts = _snapshot_parts(public)
    plans: list[dict] = []
    for publication in public:
        plan, period = parts[publication.pk]
        if not plans or (plans[-1]["plan"]["board"]["slug"], plans[-1]["plan"]["year"]) != (
            plan["board"]["slug"],
            plan["year"],
        ):
            plans.append({"plan": plan, "editions": []})
        plans[-1]["editions"].append(
            {
                "publication": publication,
                "period": period,
                "edition": edition_of(period),
            }
        )
    return render(request, "public/start.html", {"municipality": municipality, "plans": plans})


def _snapshot_parts(publications) -> dict[int, tuple[dict, dict | None]]:
    """The plan and period parts of the publications' snapshots, in one query: the list of
    publications comes without its snapshots, which hold every goal and chart."""
    rows = (
        Publication.objects.filter(pk__in=[publication.pk for publication in publications])
        .annotate(plan_part=KeyTransform("plan", "snapshot"), period_part=KeyTransform("period", "snapshot"))
        .values_list("pk", "plan_part", "period_part")
    )
    return {pk: (_json(plan), _json(period)) for pk, plan, period in rows}


def _json(value):
    # A JSON key's value comes decoded on some databases and as text on others.
    return json.loads(value) if isinstance(value, str) else value


def _publication(municipality, board: str, year: int, edition: str):
    return publication_public_get(municipality=municipality, board=board, year=year, edition=edition)


# A plan's texts that introduce a table of the plan document (its surveys, its follow-up schedule):
# on the public page, without their table, they would promise what does not follow.
TABLE_INTRODUCTIONS = ("user_involvement", "followup_plan")
DONE = "done"  # the status key of a finished activity


def _texts(snapshot: dict) -> list[dict]:
    """What the edition says in prose: a follow-up its own texts, a plan the plan's."""
    if snapshot.get("period"):
        return [{"heading": c["heading"], "body": c["text"]} for c in snapshot.get("comments", [])]
    return [s for s in snapshot.get("sections", []) if s.get("key") not in TABLE_INTRODUCTIONS]


def _goal_rows(snapshot: dict, goals: list[dict]) -> list[dict]:
    units = selectors.units_by_id(snapshot=snapshot)
    levels = selectors.level_names(snapshot=snapshot)
    return [
        {
            "goal": goal,
            # Indented under the goals above it in the plan, not by its level: two levels side by
            # side (Mjölby's council goals and the board's own) are both at the top.
            "indent": len(selectors.goal_ancestors(snapshot=snapshot, goal=goal)),
            "level_name": levels.get(goal.get("level"), ""),
            "unit": units.get(goal.get("unit")),
            # The goal in its own words, where its heading is only its level and number.
            "text": "" if goal.get("title") else next((t["text"] for t in goal.get("texts", [])), ""),
            "activities": len(goal.get("activities", [])),
            "done": sum(
                1 for a in goal.get("activities", []) if (a.get("status") or {}).get("key") == "done"
            ),
        }
        for goal in goals
    ]


@require_safe
@public_page
def edition(request, municipality, board: str, year: int, edition: str):
    publication = _publication(municipality, board, year, edition)
    if publication is None:
        return _not_found(request, municipality, _("Den här planen eller uppföljningen är inte publicerad."))
    snapshot = publication.snapshot
    wanted = selectors.GoalFilter.from_query(request.GET)
    goals = selectors.goals_filtered(snapshot=snapshot, wanted=wanted)
    summary = snapshot.get("summary")
    activities = (summary or {}).get("activities")
    context = {
        "municipality": municipality,
        "publication": publication,
        "snapshot": snapshot,
        "plan": snapshot["plan"],
        "period": snapshot.get("period"),
        "edition_name": _edition_name(snapshot),
        "summary": summary,
        "assessed": any(goal.get("assessment") for goal in snapshot.get("goals", [])),
        "texts": _texts(snapshot),
        "activities_sentence": _activities_sentence(activities) if activities else "",
        "wanted": wanted,
        "options": selectors.filter_options(snapshot=snapshot),
        "rows": _goal_rows(snapshot, goals),
        "hits": selectors.hits_sentence(count=len(goals), wanted=wanted),
        "documents": list(publication.documents.defer("content")),  # sizes, not the files
        # Activities outside the goals, and the board's assignments: shown only unfiltered.
        "special_initiatives": [] if wanted.active else _rows(snapshot, "special_initiatives"),
        "assignments": [] if wanted.active else _rows(snapshot, "assignments"),
    }
    return render(request, "public/edition.html", context)


def _rows(snapshot: dict, key: str) -> list[dict]:
    units = selectors.units_by_id(snapshot=snapshot)
    return [{"item": item, "unit": units.get(item.get("unit"))} for item in snapshot.get(key) or []]


def _activities_sentence(activities: dict) -> str:
    return _("%(done)d av %(total)d aktiviteter klara (%(percent)d %%)") % {
        "done": activities.get("done", 0),
        "total": activities.get("total", 0),
        "percent": activities.get("done_percent", 0),
    }


@require_safe
@public_page
def goal(request, municipality, board: str, year: int, edition: str, goal_id: int):
    publication = _publication(municipality, board, year, edition)
    if publication is None:
        return _not_found(request, municipality, _("Den här planen eller uppföljningen är inte publicerad."))
    snapshot = publication.snapshot
    found = selectors.goal_get(snapshot=snapshot, goal_id=goal_id)
    if found is None:
        return _not_found(request, municipality, _("Målet finns inte i den publicerade planen."))
    units = selectors.units_by_id(snapshot=snapshot)
    context = {
        "municipality": municipality,
        "publication": publication,
        "snapshot": snapshot,
        "plan": snapshot["plan"],
        "period": snapshot.get("period"),
        "edition_name": _edition_name(snapshot),
        "goal": found,
        "level_name": selectors.level_names(snapshot=snapshot).get(found.get("level"), ""),
        "unit": units.get(found.get("unit")),
        "ancestors": selectors.goal_ancestors(snapshot=snapshot, goal=found),
        "children": _goal_rows(snapshot, selectors.goal_children(snapshot=snapshot, goal=found)),
        "activities": [
            {"activity": activity, "unit": units.get(activity.get("unit"))}
            for activity in found.get("activities", [])
        ],
    }
    return render(request, "public/goal.html", context)


@require_safe
@public_page
def document(request, municipality, board: str, year: int, edition: str, format: str):
    """The document as stored when it was published: nothing is rendered on request."""
    publication = _publication(municipality, board, year, edition)
    if publication is None:
        raise Http404
    stored = publication.documents.filter(format=format).first()
    if stored is None:
        raise Http404
    return FileResponse(
        io.BytesIO(bytes(stored.content)),
        as_attachment=True,
        filename=stored.filename,
        content_type=stored.content_type,
    )


@require_safe
@public_page
def accessibility(request, municipality):
    return render(
        request,
        "public/accessibility.html",
        {"municipality": municipality, "reviewed": STATEMENT_REVIEWED},
    )
