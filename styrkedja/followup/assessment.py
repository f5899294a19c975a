"""A proposal for a goal's assessment, from its indicators and its activities' status.

Only a proposal: a person sets the assessment, and gives a reason when departing from it
(real reports judge a goal met despite one weak year). The scale has five steps; the plan's
summary groups them as achieved (uppnått, bedöms uppnås), partly (osäkert) and not
(bedöms inte uppnås, inte uppnått).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrkedja.activities.models import Activity
from styrkedja.followup.choices import Assessment
from styrkedja.followup.models import AssessmentStep, FollowUpPeriod
from styrkedja.followup.selectors import StatusCounts, activity_statuses
from styrkedja.goals.models import Goal
from styrkedja.indicators.choices import Gender, TargetStatus
from styrkedja.indicators.models import Indicator
from styrkedja.indicators.selectors import indicator_target_status

ACHIEVED = {Assessment.ACHIEVED, Assessment.LIKELY}
PARTLY = {Assessment.UNCERTAIN}
NOT_ACHIEVED = {Assessment.UNLIKELY, Assessment.NOT_ACHIEVED}


STANDARD_ORDER = [
    Assessment.ACHIEVED,
    Assessment.LIKELY,
    Assessment.UNCERTAIN,
    Assessment.UNLIKELY,
    Assessment.NOT_ACHIEVED,
]


def assessment_scale(*, municipality_id: int) -> list[tuple[str, str]]:
    """The municipality's steps as (key, label), best first; the five standard ones by default."""
    steps = list(
        AssessmentStep.objects.filter(municipality_id=municipality_id)
        .order_by("order")
        .values_list("key", "label")
    )
    return steps or [(key, str(Assessment(key).label)) for key in STANDARD_ORDER]


def assessment_label(*, municipality_id: int, key: str) -> str:
    if not key:
        return ""
    return dict(assessment_scale(municipality_id=municipality_id)).get(key, str(Assessment(key).label))


def _on_scale(key: str, scale: list[tuple[str, str]]) -> str:
    """A standard step as the nearest step the municipality's scale has (the more cautious on a tie)."""
    keys = [step for step, _label in scale]
    if not key or key in keys:
        return key
    position = STANDARD_ORDER.index(key)
    return min(
        keys, key=lambda step: (abs(STANDARD_ORDER.index(step) - position), -STANDARD_ORDER.index(step))
    )


@dataclass
class Proposal:
    assessment: str  # a step of the municipality's scale, or "" when there is nothing to go on
    reasons: list[str] = field(default_factory=list)
    label: str = ""


def _indicator_statuses(indicators: list, year: int) -> Counter:
    """Met / not met per indicator (values prefetched), at the latest year with a value up to ``year``."""
    counts: Counter = Counter()
    for indicator in indicators:
        years = sorted(
            {
                value.year
                for value in indicator.values.all()
                if value.scope == "municipality"
                and value.year <= year
                and value.value is not None
                and value.gender == Gender.TOTAL
            }
        )
        if not years:
            continue
        status = indicator_target_status(indicator=indicator, year=years[-1], values=indicator.values.all())
        if status in (TargetStatus.MET, TargetStatus.NOT_MET):
            counts[status] += 1
    return counts


def goal_assessment_proposal(*, goal: Goal, period: FollowUpPeriod) -> Proposal:
    """A step of the municipality's scale, from the standard one the indicators and activities suggest."""
    return goal_assessment_proposals(goals=[goal], period=period)[goal.pk]


def goal_assessment_proposals(
    *, goals: list[Goal], period: FollowUpPeriod, scale: list[tuple[str, str]] | None = None
) -> dict[int, Proposal]:
    """The proposal for each of a plan's ``goals`` (by pk), in a fixed number of queries however
    many goals there are: the plan's activity statuses, the goals' activities, indicators and
    values are read once for all. ``scale``: the municipality's, when the caller has it already."""
    if not goals:
        return {}
    scale = scale or assessment_scale(municipality_id=goals[0].municipality_id)
    statuses = activity_statuses(plan=period.plan, period=period)
    activities: dict[int, list[int]] = {}
    for goal_id, pk in Activity.objects.filter(goal__in=goals).order_by("pk").values_list("goal_id", "pk"):
        activities.setdefault(goal_id, []).append(pk)
    indicators: dict[int, list] = {}
    for indicator in (
        Indicator.objects.filter(goal__in=goals).prefetch_related("values").order_by("order", "pk")
    ):
        indicators.setdefault(indicator.goal_id, []).append(indicator)
    proposals = {}
    for goal in goals:
        own = StatusCounts.of([statuses.get(pk) for pk in activities.get(goal.pk, [])])
        proposal = _standard_proposal(
            indicators=_indicator_statuses(indicators.get(goal.pk, []), period.ends_on.year),
            activities=own,
            period=period,
        )
        proposal.assessment = _on_scale(proposal.assessment, scale)
        proposal.label = dict(scale).get(proposal.assessment, "")
        proposals[goal.pk] = proposal
    return proposals


def _standard_proposal(*, indicators: Counter, activities: StatusCounts, period: FollowUpPeriod) -> Proposal:
    """At the year's end an outcome (uppnått … inte uppnått); before it a prognosis (bedöms …)."""
    reasons = []
    judged = indicators[TargetStatus.MET] + indicators[TargetStatus.NOT_MET]
    if judged:
        reasons.append(
            ngettext(
                "%(met)s av %(n)s indikator når målvärdet.",
                "%(met)s av %(n)s indikatorer når målvärdet.",
                judged,
            )
            % {"met": indicators[TargetStatus.MET], "n": judged}
        )
    if activities.total:
        reasons.append(
            ngettext(
                "%(done)s av %(n)s aktivitet är klar, %(ongoing)s pågår.",
                "%(done)s av %(n)s aktiviteter är klara, %(ongoing)s pågår.",
                activities.total,
            )
            % {"done": activities.done, "n": activities.total, "ongoing": activities.ongoing}
        )
    if not judged and not activities.total:
        return Proposal("", [_("Målet har varken indikatorer med värden eller aktiviteter att gå efter.")])

    met_share = indicators[TargetStatus.MET] / judged if judged else None
    done_share = activities.done / activities.total if activities.total else None
    moving_share = (activities.done + activities.ongoing) / activities.total if activities.total else None
    year_end = (period.ends_on.month, period.ends_on.day) == (12, 31)
    if year_end:
        if (met_share is None or met_share == 1) and (done_share is None or done_share >= 0.8):
            return Proposal(Assessment.ACHIEVED, reasons)
        if (met_share is None or met_share == 0) and (done_share is None or done_share < 0.5):
            return Proposal(Assessment.NOT_ACHIEVED, reasons)
        return Proposal(Assessment.UNCERTAIN, reasons)
    if (met_share is None or met_share >= 0.5) and (moving_share is None or moving_share >= 0.8):
        return Proposal(Assessment.LIKELY, reasons)
    if (met_share is None or met_share == 0) and (moving_share is None or moving_share < 0.5):
        return Proposal(Assessment.UNLIKELY, reasons)
    return Proposal(Assessment.UNCERTAIN, reasons)


@dataclass(frozen=True)
class AssessmentCounts:
    """How many goals stand at each step of the municipality's scale, in the scale's order."""

    goals: int
    steps: list[tuple[str, str, int]]  # (step, the municipality's word for it, how many goals)

    @property
    def assessed(self) -> int:
        return sum(count for _step, _label, count in self.steps)

    def count(self, step: str) -> int:
        return next((count for key, _label, count in self.steps if key == step), 0)


def goal_assessment_counts(*, plan, period: FollowUpPeriod) -> AssessmentCounts:
    """How the plan's goals are assessed at ``period``, step by step (the newest report of each).

    An outcome (uppnått) and a forecast (bedöms uppnås) are counted apart: a reader must not
    take a prognosis for a result."""
    from styrkedja.followup.selectors import goal_reports_current

    goals = list(plan.goals.values_list("pk", flat=True))
    reports = goal_reports_current(period=period, goals=goals)
    steps = Counter(report.assessment for report in reports.values() if report.assessment)
    scale = assessment_scale(municipality_id=plan.municipality_id)
    return AssessmentCounts(goals=len(goals), steps=[(key, label, steps[key]) for key, label in scale])


def assessment_sentence(counts: AssessmentCounts) -> str:
    """E.g. "Bedömning av 12 mål: Uppnått 4, Bedöms uppnås 1, Osäkert 4. 3 mål är ännu inte bedömda.";
    empty when no goal is assessed."""
    if not counts.assessed:
        return ""
    tally = ", ".join(f"{label} {count}" for _step, label, count in counts.steps if count)
    sentence = _("Bedömning av %(goals)s mål: %(tally)s.") % {"goals": counts.goals, "tally": tally}
    unassessed = counts.goals - counts.assessed
    if unassessed:
        sentence += " " + ngettext(
            "%(n)s mål är ännu inte bedömt.", "%(n)s mål är ännu inte bedömda.", unassessed
        ) % {"n": unassessed}
    return sentence
