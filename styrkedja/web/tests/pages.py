"""The table of the application's URLs, and the objects they name, for the tests that ask them all.

``test_every_url`` asks each URL as each kind of user (who may see what); ``test_query_counts``
counts the queries of each at one and at ten times the data. The table must name every URL
pattern of the application's namespaces: a new page without an entry fails
``test_the_table_covers_every_url``, so none is left unchecked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from styrkedja.activities.models import Activity, ActivityProposal
from styrkedja.assignments.models import Assignment
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.goals.models import Goal
from styrkedja.jobs.models import Job
from styrkedja.meetings.choices import MeetingBody
from styrkedja.meetings.models import Meeting, MeetingItem
from styrkedja.plan_import.editing import numbered
from styrkedja.plan_import.models import PlanImport
from styrkedja.planning.kinds import KINDS
from styrkedja.planning.services import fingerprint
from styrkedja.plans.models import Plan
from styrkedja.publishing.models import Publication
from styrkedja.surveys.models import UserSurvey
from styrkedja.tenancy.models import OrgUnit, Partner

NAMESPACES = {
    "accounts",
    "followup",
    "plans",
    "goals",
    "activities",
    "tenancy",
    "documents",
    "indicators",
    "workbook",
    "planning",
    "economy",
    "meetings",
    "assignments",
    "surveys",
    "approvals",
    "reminders",
    "publishing",
    "public",
    "opendata",
    "signin",
    "jobs",
    "plan_import",
}
PUBLIC = {"accounts:login", "accounts:logout"}
# Open to anyone, of any municipality, without logging in: the open data.
OPEN_DATA = {
    "opendata:index",
    "opendata:catalog",
    "opendata:package",
    "opendata:edition_zip",
    "opendata:edition_json",
}
PUBLIC |= OPEN_DATA
# The public pages of a municipality are open to everyone, signed in or not.
PUBLIC_PAGES = {"public:start", "public:accessibility", "public:edition", "public:goal", "public:document"}
PUBLIC |= PUBLIC_PAGES
# The log-in's own steps: a municipality's log-in page, and the code after the password.
PUBLIC |= {"signin:municipality_login", "signin:code"}


@dataclass
class Page:
    args: str  # the objects the URL names: "", plan, period, activity, goal, unit, partner, user, proposal,
    # kind (of planning, with the plan), kind_object (a goal as an object of planning), period_unit
    # (a unit's reports at the period), meeting or meeting_document (its underlag as Word), kommun
    # (the municipality's slug) or kommun_edition (with the plan and period: an edition's open data)
    method: str  # "get", "post" or "both"
    writes: bool  # does a POST change data?


PAGES = {
    "accounts:login": Page("", "both", False),
    "accounts:logout": Page("", "post", False),
    "accounts:password_change": Page("", "both", True),
    "accounts:password_changed": Page("", "get", False),
    "signin:code": Page("", "both", False),
    "signin:municipality_login": Page("kommun", "get", False),
    "signin:totp": Page("", "both", False),
    "signin:settings": Page("", "both", True),
    "followup:start": Page("", "get", False),
    "followup:report": Page("period", "get", False),
    "followup:activity_report": Page("activity", "both", True),
    "followup:goal_report": Page("goal", "both", True),
    "followup:assignment_report": Page("assignment", "both", True),
    "followup:survey_report": Page("survey", "both", True),
    "followup:periods": Page("plan", "get", False),
    "followup:period_detail": Page("period", "get", False),
    "followup:period_open": Page("period", "post", True),
    "followup:period_close": Page("period", "post", True),
    "followup:period_reopen": Page("period", "post", True),
    "reminders:send": Page("period", "post", True),
    "plans:list": Page("", "get", False),
    "plans:detail": Page("plan", "get", False),
    "plans:carry_over": Page("plan", "both", True),
    "plans:create": Page("", "both", True),
    "plans:adopt": Page("plan", "both", True),
    "plans:revision_open": Page("plan", "both", True),
    "plans:revision_close": Page("plan", "both", True),
    "plans:revision_discard": Page("plan", "post", True),
    "plans:changes": Page("plan", "get", False),
    "goals:detail": Page("goal", "get", False),
    "activities:detail": Page("activity", "get", False),
    "activities:proposals": Page("plan", "get", False),
    "activities:propose": Page("plan", "both", True),
    "activities:proposal_accept": Page("proposal", "post", True),
    "activities:proposal_decline": Page("proposal", "post", True),
    "tenancy:index": Page("", "get", False),
    "tenancy:units": Page("", "get", False),
    "tenancy:unit_create": Page("", "both", True),
    "tenancy:unit_edit": Page("unit", "both", True),
    "tenancy:partners": Page("", "get", False),
    "tenancy:partner_create": Page("", "both", True),
    "tenancy:partner_edit": Page("partner", "both", True),
    "tenancy:users": Page("", "get", False),
    "tenancy:user_create": Page("", "both", True),
    "tenancy:user_edit": Page("user", "both", True),
    "tenancy:user_password": Page("user", "post", True),
    "documents:list": Page("plan", "get", False),
    "documents:download": Page("document", "get", False),
    "documents:progress": Page("document", "get", False),
    "documents:progress_status": Page("document", "get", False),
    "documents:report_parts": Page("plan", "post", True),
    "documents:word_template": Page("", "both", True),
    "publishing:list": Page("plan", "get", False),
    "publishing:publish": Page("plan", "post", True),
    "publishing:withdraw": Page("publication", "post", True),
    "public:start": Page("kommun", "get", False),
    "public:accessibility": Page("kommun", "get", False),
    "public:edition": Page("edition", "get", False),
    "public:goal": Page("edition_goal", "get", False),
    "public:document": Page("edition_document", "get", False),
    "jobs:detail": Page("job", "get", False),
    "jobs:status": Page("job", "get", False),
    "plan_import:index": Page("", "both", True),
    "plan_import:review": Page("plan_import", "get", False),
    "plan_import:item": Page("plan_import_item", "both", True),
    "plan_import:units": Page("plan_import", "post", True),
    "plan_import:accept": Page("plan_import", "post", True),
    "plan_import:discard": Page("plan_import", "post", True),
    "plan_import:document": Page("plan_import", "get", False),
    "indicators:kolada_sync": Page("plan", "post", True),
    "indicators:kolada_settings": Page("", "both", True),
    "indicators:kolada_search": Page("", "get", False),
    "workbook:export": Page("plan", "get", False),
    "workbook:template": Page("", "get", False),
    "workbook:import": Page("", "both", True),
    "planning:index": Page("plan", "get", False),
    "planning:list": Page("kind", "get", False),
    "planning:create": Page("kind", "both", True),
    "planning:edit": Page("kind_object", "both", True),
    "planning:delete": Page("kind_object", "both", True),
    "planning:move": Page("kind_object", "post", True),
    "economy:overview": Page("plan", "get", False),
    "economy:followup": Page("period", "both", True),
    "economy:ledger_import": Page("period", "post", True),
    "economy:ledger_codes": Page("plan", "both", True),
    "economy:monthly_periods": Page("plan", "post", True),
    "meetings:calendar": Page("plan", "get", False),
    "meetings:detail": Page("meeting", "get", False),
    "meetings:underlag": Page("meeting_document", "get", False),
    "meetings:underlag_progress": Page("meeting_document", "get", False),
    "meetings:underlag_progress_status": Page("meeting_document", "get", False),
    "assignments:list": Page("plan", "get", False),
    "assignments:status_labels": Page("", "both", True),
    "followup:assessment_scale": Page("", "both", True),
    "followup:assessment_rules": Page("", "both", True),
    "followup:plan_assessment_rules": Page("plan", "both", True),
    "surveys:list": Page("plan", "get", False),
    "approvals:awaiting": Page("", "get", False),
    "approvals:setting": Page("", "both", True),
    "approvals:send": Page("period_unit", "post", True),
    "approvals:approve": Page("period_unit", "post", True),
    "approvals:return": Page("period_unit", "post", True),
    "opendata:settings": Page("", "both", True),
    "opendata:index": Page("kommun", "get", False),
    "opendata:catalog": Page("kommun", "get", False),
    "opendata:package": Page("kommun", "get", False),
    "opendata:edition_zip": Page("kommun_edition", "get", False),
    "opendata:edition_json": Page("kommun_edition", "get", False),
}


def named_patterns(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            names |= named_patterns(pattern, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            names.add(f"{namespace}:{pattern.name}")
    return names


@dataclass
class Objects:
    """One municipality's objects that the URLs name."""

    plan: Plan
    period: FollowUpPeriod
    activity: Activity | None
    goal: Goal
    unit: OrgUnit
    partner: Partner
    user_pk: int
    proposal: ActivityProposal | None = None  # an activity proposal awaiting a decision
    meeting: Meeting | None = None  # a KS or AU meeting of the plan (``meeting_for``)
    assignment: Assignment | None = None  # an uppdrag of the plan, of ``unit`` where there is one
    survey: UserSurvey | None = None  # a user survey of the plan, of ``unit`` where there is one
    publication: Publication | None = None  # a publication of the plan
    job: Job | None = None  # a background job of the plan, run (``job_for``)
    plan_import: PlanImport | None = None  # a document read in, under review (``plan_import_for``)

    def url(self, name: str) -> str:
        page = PAGES[name]
        plan_args = [self.plan.board.slug, self.plan.year]
        activity = self.activity.pk if self.activity else None  # a plan may have none
        args = {
            "": [],
            "plan": plan_args,
            "document": [*plan_args, "docx"],
            "period": [*plan_args, self.period.code],
            "activity": [activity, self.period.code] if name.startswith("followup") else None,
            "goal": [self.goal.pk, self.period.code] if name.startswith("followup") else [self.goal.pk],
            "unit": [self.unit.pk],
            "partner": [self.partner.pk],
            "user": [self.user_pk],
            # The planning pages are the same for every kind; each kind is asked in planning's tests.
            "kind": [*plan_args, "mal"],
            "kind_object": [*plan_args, "mal", self.goal.pk],
            "proposal": [self.proposal.pk if self.proposal else 0],
            "period_unit": [*plan_args, self.period.code, self.unit.pk],
            "meeting": [*plan_args, self.meeting.pk if self.meeting else 0],
            "meeting_document": [*plan_args, self.meeting.pk if self.meeting else 0, "docx"],
            "assignment": [self.assignment.pk if self.assignment else 0, self.period.code],
            "survey": [self.survey.pk if self.survey else 0, self.period.code],
            "publication": [*plan_args, self.publication.pk if self.publication else 0],
            "job": [self.job.pk if self.job else 0],
            "plan_import": [self.plan_import.pk if self.plan_import else 0],
            "plan_import_item": [self.plan_import.pk if self.plan_import else 0, "m1"],
            # The open data's and the public pages' addresses: the municipality, and the plan's
            # follow-up at the period (404 unless it is published).
            "kommun": [self.plan.municipality.slug],
            "kommun_edition": [self.plan.municipality.slug, *plan_args, self.period.code.lower()],
            "edition": [self.plan.municipality.slug, *plan_args, self.period.code.lower()],
            "edition_goal": [self.plan.municipality.slug, *plan_args, self.period.code.lower(), self.goal.pk],
            "edition_document": [self.plan.municipality.slug, *plan_args, self.period.code.lower(), "pdf"],
        }[page.args]
        if page.args == "activity" and args is None:
            args = [activity]
        return reverse(name, args=args)


def valid_post(name: str, objects: Objects) -> dict:
    """A POST that would succeed for someone allowed, so that a refusal is about permission alone."""
    goal = objects.goal
    activity = objects.activity.pk if objects.activity else None  # a plan may have none
    assignment = objects.assignment.pk if objects.assignment else None
    survey = objects.survey.pk if objects.survey else None
    return {
        "followup:activity_report": {f"a{activity}-status": "done", f"a{activity}-comment": "Klart."},
        "followup:goal_report": {
            f"g{goal.pk}-comment": "Kommentar",
            f"g{goal.pk}-assessment": "likely",
            f"g{goal.pk}-reason": "Arbetet går enligt plan.",
        },
        "followup:assignment_report": {
            f"u{assignment}-status": "ongoing",
            f"u{assignment}-comment": "Arbetet pågår.",
            f"u{assignment}-prognosis": "Genomförs under året.",
        },
        "assignments:status_labels": {"done": "Klart", "not_done": "Inte klart"},
        "followup:assessment_scale": {
            "achieved-used": "on",
            "achieved-label": "Uppfyllt",
            "achieved-symbol": "●",
            "uncertain-used": "on",
            "uncertain-label": "Delvis uppfyllt",
            "uncertain-symbol": "◐",
            "not_achieved-used": "on",
            "not_achieved-label": "Inte uppfyllt",
            "not_achieved-symbol": "○",
        },
        "followup:assessment_rules": {"proposal_rule": "target_share", "partly_threshold": "80"},
        "followup:plan_assessment_rules": {"proposal_rule": "all_indicators", "partly_threshold": "75"},
        "followup:survey_report": {
            f"s{survey}-status": "done",
            f"s{survey}-comment": "Genomförd i mars.",
            f"s{survey}-r-TOTAL_FORMS": "1",
            f"s{survey}-r-INITIAL_FORMS": "0",
            f"s{survey}-r-0-measure": "Nöjdhet",
            f"s{survey}-r-0-year": "2025",
            f"s{survey}-r-0-value": "76,9",
            f"s{survey}-r-0-national_value": "74,9",
            f"s{survey}-r-0-unit": "%",
        },
        "followup:period_reopen": {"reason": "Fel i rapporten"},
        "followup:period_close": {"confirm": "1"},
        "reminders:send": {"confirm": "1"},
        "plans:carry_over": {"activities": []},
        "publishing:publish": {"period": ""},
        "publishing:withdraw": {"reason": "Fel i tabellen."},
        "documents:report_parts": {"report_show_activity_tables": "on", "report_show_measure_tables": "on"},
        "planning:create": {"level": goal.level_id, "parent": goal.parent_id or "", "text": "Nytt mål"},
        "planning:edit": {
            "level": goal.level_id,
            "parent": goal.parent_id or "",
            "text": "Ändrat mål",
            "fingerprint": fingerprint(KINDS["mal"], goal),
        },
        "planning:delete": {"confirm": "1", "fingerprint": fingerprint(KINDS["mal"], goal)},
        "planning:move": {"direction": "down"},
        "activities:propose": {
            "title": "Ny aktivitet",
            "goal": goal.pk,
            "kind": "A",
            "responsible_unit": objects.unit.pk,
        },
        "activities:proposal_decline": {"comment": "Ryms inte i budgeten."},
        "plans:create": {"board": objects.plan.board.pk, "year": 2040},
        "plans:adopt": {"decided_by": "KS", "decided_on": "2024-12-10", "reference": "§ 210"},
        "plans:revision_open": {"reason": "Ny budgetram från KF."},
        "plans:revision_close": {"decided_by": "KS", "decided_on": "2024-12-11", "reference": "§ 88"},
        "tenancy:unit_create": {"name": "Ny enhet", "kind": "unit"},
        "tenancy:partner_create": {"name": "Ny part"},
        "indicators:kolada_settings": {"municipality_code": "0586", "comparison": "0580=Linköping"},
        "tenancy:user_create": {
            "username": "ny",
            "role": "reader",
            "password1": "Lång-och-säker-1",
            "password2": "Lång-och-säker-1",
        },
        "accounts:password_change": {},
        "approvals:setting": {"reports_need_approval": "on"},
        "opendata:settings": {"license": "cc-by-4.0", "contact_email": "data@mjolby.se"},
        "signin:settings": {
            "issuer": "https://login.mjolby.se",
            "client_id": "styrkedja",
            "secret": "hemlig-klienthemlighet",
            "groups_claim": "groups",
        },
        "approvals:return": {"comment": "Kommentaren om budgeten saknas."},
        **_plan_import_posts(objects),
        **_economy_posts(objects),
    }.get(name, {})


def assignment_for(objects: Objects) -> Assignment:
    """The plan's first assignment of ``objects.unit``; a plan without one gets one, as test data."""
    found = objects.plan.assignments.filter(responsible_unit=objects.unit).order_by("order", "pk").first()
    return found or Assignment.objects.create(
        plan=objects.plan,
        key="testuppdrag",
        title="Uppdrag för testerna",
        responsible_unit=objects.unit,
        order=99,
    )


def survey_for(objects: Objects) -> UserSurvey:
    """The plan's first survey of ``objects.unit``; a plan without one gets one, as test data."""
    found = objects.plan.surveys.filter(unit=objects.unit).order_by("order", "pk").first()
    return found or UserSurvey.objects.create(plan=objects.plan, unit=objects.unit, kind="Enkät för testerna")


def _economy_posts(objects: Objects) -> dict:
    """The economy's writes: a sector's lines at the period, a ledger code, and a ledger file (an
    upload: a file object, which the test client sends as multipart)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    sector = objects.plan.sector_budgets.order_by("order", "pk").first()
    line = sector.lines.order_by("order", "pk").first() if sector else None
    posts = {
        "economy:ledger_import": {
            "ledger": SimpleUploadedFile("huvudbok.csv", b"Kod;Utfall;Prognos\n", content_type="text/csv")
        }
    }
    if line is not None:
        # Every line as it is reported now (based on its current row, so that no conflict is
        # found), the first one changed.
        from styrkedja.economy.selectors import economy_followup

        followup = economy_followup(plan=objects.plan, period=objects.period)
        reported = next(s for s in followup.sectors if s.sector_budget.pk == sector.pk)
        post = {"sector": sector.pk, "comment": "Prognosen håller."}
        if reported.current:
            post["comment_based_on"] = reported.current.pk
        for row in reported.lines:
            if row.current:
                post[f"l{row.line.pk}-based_on"] = row.current.pk
                post[f"l{row.line.pk}-outcome"] = (
                    row.current.outcome if row.current.outcome is not None else ""
                )
                post[f"l{row.line.pk}-forecast"] = (
                    row.current.forecast if row.current.forecast is not None else ""
                )
                post[f"l{row.line.pk}-comment"] = row.current.comment
        post |= {f"l{line.pk}-outcome": "12,5", f"l{line.pk}-forecast": "1 234,5"}
        posts["economy:followup"] = post
        posts["economy:ledger_codes"] = {"code": "4711", "line": line.pk}
    return posts


def job_for(objects: Objects) -> Job:
    """A fetch from Kolada of the plan, run, for the URLs that name a job (made directly, as test data)."""
    return Job.objects.create(
        municipality=objects.plan.municipality,
        kind="kolada_sync",
        plan=objects.plan,
        state="done",
        outcome={"level": "info", "message": "Ingen av planens indikatorer är kopplad till Kolada."},
    )


def plan_import_for(objects: Objects) -> PlanImport:
    """A document read in and under review, proposing a goal with an activity of ``objects.unit``
    (made directly, without reading, as test data)."""
    plan = {
        "board": "",
        "year": 2024,
        "title": "",
        "budget_period": [2024, 2026],
        "periods": [{"code": "T3", "name": "T3", "ends_on": "2024-12-31"}],
        "goals": [
            {
                "key": "kf_1",
                "level": objects.goal.level.key,
                "number": "1",
                "text": "Ett inläst mål.",
                "activities": [
                    {
                        "title": "En inläst aktivitet",
                        "kind": "A",
                        "responsible": objects.unit.name,
                        "collaborators": [],
                        "reports": [{"period": "T3", "status": "Pågår"}],
                        "_review": {"page": 1, "line": 9, "confidence": 0.5, "note": "Osäker."},
                    }
                ],
                "_review": {"page": 1, "line": 3, "confidence": 0.95, "note": ""},
            }
        ],
    }
    return PlanImport.objects.create(
        municipality=objects.plan.municipality,
        filename="plan.txt",
        content_type="text/plain",
        content=b"Ett inl\xc3\xa4st m\xc3\xa5l.",
        proposal={
            "municipality": objects.plan.municipality.slug,
            "period": "T3",
            "filename": "plan.txt",
            "pages": 1,
            "plan": numbered(plan),
            "unplaced": [],
        },
    )


def _plan_import_posts(objects: Objects) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    if objects.plan_import is None:
        return {}
    version = objects.plan_import.version
    return {
        "plan_import:index": {"document": SimpleUploadedFile("plan.txt", "Nämndspecifikt mål 1\n".encode())},
        "plan_import:item": {"action": "save", "version": version, "number": "1", "text": "Rättat mål."},
        "plan_import:units": {
            "prefix": "0",
            "action": "match",
            "match-0-name": objects.unit.name,
            "match-0-unit": objects.unit.pk,
            "match-0-version": version,
        },
        "plan_import:accept": {
            "version": version,
            "board": objects.plan.board.pk,
            "year": 2099,
            "title": "Inläst plan",
        },
    }


def proposal_for(objects: Objects) -> ActivityProposal:
    """An activity proposal of the plan for ``objects.unit``, awaiting a decision, for the URLs
    that name one (made directly, without the audit log, as test data)."""
    return ActivityProposal.objects.create(
        plan=objects.plan,
        goal=objects.goal,
        title="Föreslagen aktivitet",
        kind="A",
        responsible_unit=objects.unit,
    )


def meeting_for(objects: Objects) -> Meeting:
    """The plan's first KS or AU meeting, or else a KS meeting that hears ``objects.goal`` (made
    directly, as test data), for the URLs that name one."""
    meeting = (
        objects.plan.meetings.filter(body__in=[MeetingBody.KS, MeetingBody.AU]).order_by("date", "pk").first()
    )
    if meeting is None:
        meeting = Meeting.objects.create(
            plan=objects.plan, body=MeetingBody.KS, date=objects.period.ends_on + datetime.timedelta(days=14)
        )
        MeetingItem.objects.create(meeting=meeting, goal=objects.goal)
    return meeting
