"""A rapportör proposes a new activity for the own unit; a controller accepts or declines it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from styrkedja.activities.choices import ProposalState
from styrkedja.activities.models import Activity, ActivityProposal
from styrkedja.activities.services import (
    activity_proposal_accept,
    activity_proposal_decline,
    activity_propose,
)
from styrkedja.audit.models import AuditEntry
from styrkedja.plans.models import PlanDecision
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.tenancy.choices import UnitKind
from styrkedja.tenancy.models import OrgUnit

TITLE = "Inför digital signering av avtal"


@pytest.fixture
def plan(db):
    return plan_get_by_name(name="mjolby/ks/2025")  # a draft: no decision yet


@pytest.fixture
def own_unit(plan):
    return plan.municipality.units.get(name="Kommunledningskontoret")  # the demo rapportör's


@pytest.fixture
def other_unit(plan):
    return plan.municipality.units.get(name="Ekonomiavd.")


def _form(plan, unit, **changes) -> dict:
    data = {
        "title": TITLE,
        "goal": plan.goals.order_by("pk").first().pk,
        "kind": "P",
        "responsible_unit": unit.pk,
        "motivation": "Sparar tid och papper.",
        "planned_start": "2025-03-01",
        "planned_end": "2025-10-31",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _propose(plan, user, unit, **changes) -> ActivityProposal:
    fields = {
        "title": TITLE,
        "goal": plan.goals.order_by("pk").first(),
        "kind": "A",
        "responsible_unit": unit,
        "motivation": "Behövs.",
    }
    fields.update(changes)
    return activity_propose(plan=plan, user=user, **fields)


def _propose_url(plan) -> str:
    return reverse("activities:propose", args=[plan.board.slug, plan.year])


def _list_url(plan) -> str:
    return reverse("activities:proposals", args=[plan.board.slug, plan.year])


# Proposing


def test_a_reporter_proposes_an_activity_for_the_own_unit(client_as, members, plan, own_unit, other_unit):
    activities_before = Activity.objects.count()
    co_unit = other_unit
    response = client_as("mjolby-rapportor").post(
        _propose_url(plan), _form(plan, own_unit, co_responsible_units=[co_unit.pk])
    )

    assert response.status_code == 302
    assert response["Location"] == _list_url(plan)
    proposal = ActivityProposal.objects.get(plan=plan)
    assert proposal.title == TITLE
    assert proposal.kind == "P"
    assert proposal.responsible_unit == own_unit
    assert list(proposal.co_responsible_units.all()) == [co_unit]
    assert proposal.planned_start == datetime.date(2025, 3, 1)
    assert proposal.planned_end == datetime.date(2025, 10, 31)
    assert proposal.state == ProposalState.PROPOSED
    assert proposal.proposed_by == members["mjolby-rapportor"]
    # Not part of the plan: no activity is made.
    assert Activity.objects.count() == activities_before
    entry = AuditEntry.objects.get(action="activities.proposal.created", object_id=str(proposal.pk))
    assert entry.user == members["mjolby-rapportor"]
    assert entry.data["title"] == [None, TITLE]
    assert entry.data["responsible_unit"] == [None, "Kommunledningskontoret"]
    assert entry.data["co_responsible_units"] == [None, ["Ekonomiavd."]]


def test_a_unit_below_the_own_unit_may_be_proposed_for(members, plan, own_unit):
    below = OrgUnit.objects.create(
        municipality=plan.municipality, name="Kansliet", kind=UnitKind.UNIT, parent=own_unit
    )
    proposal = _propose(plan, members["mjolby-rapportor"], below)
    assert proposal.responsible_unit == below


def test_a_reporter_may_not_propose_for_another_unit(client_as, members, plan, other_unit):
    response = client_as("mjolby-rapportor").post(_propose_url(plan), _form(plan, other_unit))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["responsible_unit"] == [
        "Du kan bara föreslå aktiviteter för dina egna enheter och enheterna under dem. Välj en av dem."
    ]
    assert 'id="id_responsible_unit_error"' in response.content.decode()
    assert not ActivityProposal.objects.exists()
    # The service says the same when asked directly.
    with pytest.raises(ValidationError) as refused:
        _propose(plan, members["mjolby-rapportor"], other_unit)
    assert "dina egna enheter" in refused.value.message_dict["responsible_unit"][0]
    assert not ActivityProposal.objects.exists()


def test_the_form_offers_a_reporter_only_the_own_units(client_as, plan):
    response = client_as("mjolby-rapportor").get(_propose_url(plan))
    form = response.context["form"]
    assert [unit.name for unit in form.fields["responsible_unit"].queryset] == ["Kommunledningskontoret"]
    assert "---------" not in str(form["responsible_unit"])  # the only unit, chosen already
    # A controller may choose any unit of the municipality.
    form = client_as("mjolby-controller").get(_propose_url(plan)).context["form"]
    assert form.fields["responsible_unit"].queryset.count() == plan.municipality.units.count()


def test_a_reader_may_not_propose_nor_see_the_proposals(client_as, plan, own_unit):
    client = client_as("mjolby-lasare")
    assert client.get(_propose_url(plan)).status_code == 403
    assert client.post(_propose_url(plan), _form(plan, own_unit)).status_code == 403
    assert client.get(_list_url(plan)).status_code == 403
    assert not ActivityProposal.objects.exists()


def test_another_municipalitys_plan_is_not_found(client_as, plan, own_unit):
    client = client_as("valdemarsvik-rapportor")
    assert client.get(_propose_url(plan)).status_code == 404
    assert client.post(_propose_url(plan), _form(plan, own_unit)).status_code == 404
    assert not ActivityProposal.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "Skriv vad aktiviteten är, med en kort beskrivning."),
        (
            {"goal": None},
            "goal",
            "Välj det mål aktiviteten hör till, eller markera den som särskild satsning.",
        ),
        (
            {"planned_start": datetime.date(2025, 6, 1), "planned_end": datetime.date(2025, 5, 1)},
            "planned_end",
            "Det planerade slutet kan inte ligga före den planerade starten.",
        ),
        ({"kind": "X"}, "kind", "Välj en av typerna i listan."),
    ],
)
def test_a_proposal_is_checked_field_by_field(members, plan, own_unit, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        _propose(plan, members["mjolby-rapportor"], own_unit, **changes)
    assert refused.value.message_dict[field] == [message]
    assert not ActivityProposal.objects.exists()
    assert not AuditEntry.objects.filter(action="activities.proposal.created").exists()


def test_the_end_before_the_start_is_said_at_the_field_of_the_form(client_as, plan, own_unit):
    response = client_as("mjolby-rapportor").post(
        _propose_url(plan), _form(plan, own_unit, planned_start="2025-06-01", planned_end="2025-05-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["planned_end"] == [
        "Det planerade slutet kan inte ligga före den planerade starten."
    ]
    assert not ActivityProposal.objects.exists()


def test_a_goal_of_another_plan_is_refused(members, plan, own_unit):
    other_goal = plan_get_by_name(name="mjolby/ks/2024").goals.first()
    with pytest.raises(ValidationError) as refused:
        _propose(plan, members["mjolby-rapportor"], own_unit, goal=other_goal)
    assert refused.value.message_dict["goal"] == ["Välj ett av planens mål."]


def test_a_special_initiative_needs_no_goal(members, plan, own_unit):
    proposal = _propose(plan, members["mjolby-rapportor"], own_unit, goal=None, is_special_initiative=True)
    assert proposal.goal is None and proposal.is_special_initiative


# The list


def test_a_reporter_sees_the_own_units_proposals_and_a_controller_all(client_as, members, plan, other_unit):
    own = _propose(
        plan, members["mjolby-rapportor"], plan.municipality.units.get(name="Kommunledningskontoret")
    )
    others = _propose(plan, members["mjolby-controller"], other_unit, title="Ny budgetmodell")

    reporter_page = client_as("mjolby-rapportor").get(_list_url(plan)).content.decode()
    assert own.title in reporter_page
    assert "Ny budgetmodell" not in reporter_page
    assert "Godkänn" not in reporter_page

    controller_page = client_as("mjolby-controller").get(_list_url(plan)).content.decode()
    assert own.title in controller_page and "Ny budgetmodell" in controller_page
    assert controller_page.count(">Godkänn</button>") == 2
    assert f'for="id_p{others.pk}_comment"' in controller_page


def test_the_plan_page_links_to_proposing_and_to_the_proposals(client_as, members, plan, own_unit):
    url = reverse("plans:detail", args=[plan.board.slug, plan.year])
    assert "Föreslå aktivitet" in client_as("mjolby-rapportor").get(url).content.decode()
    assert "Förslag (0)" in client_as("mjolby-controller").get(url).content.decode()
    reader_page = client_as("mjolby-lasare").get(url).content.decode()
    assert "Föreslå aktivitet" not in reader_page and "Förslag (" not in reader_page

    _propose(plan, members["mjolby-rapportor"], own_unit)
    _propose(plan, members["mjolby-rapportor"], own_unit, title="Ännu en")
    assert "Förslag (2)" in client_as("mjolby-controller").get(url).content.decode()


# Accepting


def test_accepting_makes_exactly_one_activity_last_in_the_plan(
    client_as, members, plan, own_unit, other_unit
):
    proposal = _propose(
        plan,
        members["mjolby-rapportor"],
        own_unit,
        kind="F",
        co_responsible_units=[other_unit],
        planned_start=datetime.date(2025, 2, 1),
        planned_end=datetime.date(2025, 12, 1),
    )
    last_order = max(plan.activities.values_list("order", flat=True))
    before = set(plan.activities.values_list("pk", flat=True))
    page_before = client_as("mjolby-lasare").get(reverse("plans:detail", args=["ks", 2025])).content.decode()
    assert TITLE not in page_before  # a proposal is not shown as an activity

    response = client_as("mjolby-controller").post(reverse("activities:proposal_accept", args=[proposal.pk]))

    assert response.status_code == 302 and response["Location"] == _list_url(plan)
    (new_pk,) = set(plan.activities.values_list("pk", flat=True)) - before
    activity = Activity.objects.get(pk=new_pk)
    assert activity.title == TITLE
    assert activity.goal == proposal.goal and not activity.is_special_initiative
    assert activity.kind == "F"
    assert activity.responsible_unit == own_unit
    assert list(activity.co_responsible_units.all()) == [other_unit]
    assert (activity.planned_start, activity.planned_end) == (
        datetime.date(2025, 2, 1),
        datetime.date(2025, 12, 1),
    )
    assert activity.order == last_order + 1
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED
    assert proposal.activity == activity
    assert proposal.decided_by == members["mjolby-controller"] and proposal.decided_at is not None

    created = AuditEntry.objects.get(action="activities.activity.created", object_id=str(activity.pk))
    assert created.user == members["mjolby-controller"]
    assert created.data["title"] == [None, TITLE]
    assert created.data["responsible_unit"] == [None, "Kommunledningskontoret"]
    assert created.data["co_responsible_units"] == [None, ["Ekonomiavd."]]
    assert created.data["planned_start"] == [None, "2025-02-01"]
    accepted = AuditEntry.objects.get(action="activities.proposal.accepted", object_id=str(proposal.pk))
    assert accepted.data["state"] == ["Föreslagen", "Godkänd"]

    # The activity is the plan's now: on the plan page, and its own page.
    page = client_as("mjolby-lasare").get(reverse("plans:detail", args=["ks", 2025])).content.decode()
    assert reverse("activities:detail", args=[activity.pk]) in page
    assert client_as("mjolby-lasare").get(reverse("activities:detail", args=[activity.pk])).status_code == 200


def test_a_proposal_is_accepted_once(client_as, members, plan, own_unit):
    proposal = _propose(plan, members["mjolby-rapportor"], own_unit)
    activity_proposal_accept(proposal=proposal, user=members["mjolby-controller"])
    count = Activity.objects.count()

    with pytest.raises(ValidationError, match="redan godkänt"):
        activity_proposal_accept(proposal=proposal, user=members["mjolby-administrator"])
    response = client_as("mjolby-administrator").post(
        reverse("activities:proposal_accept", args=[proposal.pk])
    )
    assert response.status_code == 409
    assert "Förslaget är redan godkänt: aktiviteten finns i planen." in response.content.decode()
    # Nor can an accepted one be declined.
    with pytest.raises(ValidationError, match="redan godkänt"):
        activity_proposal_decline(proposal=proposal, user=members["mjolby-controller"], comment="Nej")
    assert Activity.objects.count() == count
    assert AuditEntry.objects.filter(action="activities.proposal.accepted").count() == 1


def test_a_stale_copy_of_the_proposal_is_not_accepted_twice(members, plan, own_unit):
    """Two controllers with the same proposal open: the second one's copy still says "proposed"."""
    proposal = _propose(plan, members["mjolby-rapportor"], own_unit)
    stale = ActivityProposal.objects.get(pk=proposal.pk)
    activity_proposal_accept(proposal=proposal, user=members["mjolby-controller"])
    with pytest.raises(ValidationError, match="redan godkänt"):
        activity_proposal_accept(proposal=stale, user=members["mjolby-administrator"])
    assert ActivityProposal.objects.get(pk=proposal.pk).activity.proposals.count() == 1
    assert plan.activities.filter(title=TITLE).count() == 1


def test_accepting_is_refused_on_an_adopted_plan_without_an_open_revision(client_as, members, plan, own_unit):
    proposal = _propose(plan, members["mjolby-rapportor"], own_unit)
    PlanDecision.objects.create(
        plan=plan, number=0, snapshot={}, decided_by="KS", reference="§ 12", closed_at=timezone.now()
    )
    count = Activity.objects.count()

    response = client_as("mjolby-controller").post(reverse("activities:proposal_accept", args=[proposal.pk]))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Planen är beslutad (KS § 12) och ändras inte i efterhand." in page
    assert Activity.objects.count() == count
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED and proposal.activity is None
    assert not AuditEntry.objects.filter(action="activities.proposal.accepted").exists()

    # With a revision open, it is accepted.
    PlanDecision.objects.create(plan=plan, number=1, reason="Nya aktiviteter")
    activity_proposal_accept(proposal=proposal, user=members["mjolby-controller"])
    assert Activity.objects.count() == count + 1


def test_only_managers_decide(client_as, members, plan, own_unit):
    proposal = _propose(plan, members["mjolby-rapportor"], own_unit)
    for username in ("mjolby-rapportor", "mjolby-lasare"):
        client = client_as(username)
        assert client.post(reverse("activities:proposal_accept", args=[proposal.pk])).status_code == 403
        assert (
            client.post(
                reverse("activities:proposal_decline", args=[proposal.pk]), {"comment": "Nej"}
            ).status_code
            == 403
        )
    with pytest.raises(ValidationError):
        activity_proposal_accept(proposal=proposal, user=members["mjolby-rapportor"])
    # Another municipality's controller does not find it.
    client = client_as("valdemarsvik-controller")
    assert client.post(reverse("activities:proposal_accept", args=[proposal.pk])).status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED


# Declining


def test_declining_needs_a_comment(client_as, members, plan, own_unit):
    proposal = _propose(plan, members["mjolby-rapportor"], own_unit)
    client = client_as("mjolby-controller")
    url = reverse("activities:proposal_decline", args=[proposal.pk])

    response = client.post(url, {"comment": "   "})

    assert response.status_code == 422
    page = response.content.decode()
    assert "Skriv varför förslaget avslås: rapportören ser det." in page
    assert f'id="id_p{proposal.pk}_comment_error"' in page
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED
    with pytest.raises(ValidationError) as refused:
        activity_proposal_decline(proposal=proposal, user=members["mjolby-controller"], comment="")
    assert refused.value.message_dict["comment"] == ["Skriv varför förslaget avslås: rapportören ser det."]

    count = Activity.objects.count()
    response = client.post(url, {"comment": "Ryms inte i budgeten."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED
    assert proposal.decision_comment == "Ryms inte i budgeten."
    assert proposal.decided_by == members["mjolby-controller"]
    assert proposal.activity is None and Activity.objects.count() == count
    entry = AuditEntry.objects.get(action="activities.proposal.declined", object_id=str(proposal.pk))
    assert entry.data == {
        "state": ["Föreslagen", "Avslagen"],
        "decision_comment": [None, "Ryms inte i budgeten."],
    }

    # The rapportör reads why; a declined proposal cannot be accepted afterwards.
    assert "Ryms inte i budgeten." in client_as("mjolby-rapportor").get(_list_url(plan)).content.decode()
    with pytest.raises(ValidationError, match="redan avslaget"):
        activity_proposal_accept(proposal=proposal, user=members["mjolby-controller"])


def test_proposals_are_never_activities_before_they_are_accepted(members, plan, own_unit):
    before = list(plan.activities.values_list("pk", flat=True))
    proposal = _propose(plan, members["mjolby-rapportor"], own_unit)
    _propose(plan, members["mjolby-rapportor"], own_unit, title="Avslås")
    activity_proposal_decline(
        proposal=ActivityProposal.objects.get(title="Avslås"),
        user=members["mjolby-controller"],
        comment="Nej.",
    )
    assert list(plan.activities.values_list("pk", flat=True)) == before
    assert not Activity.objects.filter(title__in=[TITLE, "Avslås"]).exists()
    activity_proposal_accept(proposal=proposal, user=members["mjolby-controller"])
    assert Activity.objects.filter(title=TITLE).count() == 1
    assert not Activity.objects.filter(title="Avslås").exists()
