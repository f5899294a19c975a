"""A proposal for a goal's assessment, from its indicators and its activities' status.

Only a proposal: a person sets the assessment, and gives a reason when departing from it
(real reports judge a goal met despite one weak year). The scale has five steps; the plan's
summary groups them as achieved (uppnått, bedöms uppnås), partly (osäkert) and not
(bedöms inte uppnås, inte uppnått).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrkedja.activities.models import Activity
from styrkedja.followup.choices import Assessment, ProposalRule
from styrkedja.followup.models import AssessmentRules, AssessmentStep, FollowUpPeriod
from styrkedja.followup.selectors import StatusCounts, activity_statuses
from styrkedja.goals.models import Goal
from styrkedja.indicators.choices import Gender, TargetStatus
from styrkedja.indicators.models import Indicator
from styrkedja.indicators.selectors import (
    indicator_compared_value,
    indicator_target_status,
    municipality_values,
)

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


@dataclass(frozen=True)
class ScaleStep:
    """A step of a municipality's scale: what it means (``key``), its words and its symbol."""

    key: str
    label: str
    symbol: str = ""
    summary_word: str = ""  # "uppfyllda" in "12 av 25 delmål uppfyllda"

    @property
    def counted(self) -> bool:
        """Whether the step is a judgement; "kan inte bedömas" is counted apart."""
        return self.key != Assessment.NOT_ASSESSABLE

    @property
    def text(self) -> str:
        """The symbol and the words, as a report prints them: "● Uppfyllt"."""
        return f"{self.symbol} {self.label}".strip()


def assessment_steps(*, municipality_id: int) -> list[ScaleStep]:
    """The municipality's steps, best first and "kan inte bedömas" last; the five standard ones
    (without symbols) for a municipality that has not set a scale of its own."""
    steps = [
        ScaleStep(key, label, symbol, word)
        for key, label, symbol, word in AssessmentStep.objects.filter(municipality_id=municipality_id)
        .order_by("order", "pk")
        .values_list("key", "label", "symbol", "summary_word")
    ]
    return steps or [ScaleStep(key, str(Assessment(key).label)) for key in STANDARD_ORDER]


def assessment_scale(*, municipality_id: int) -> list[tuple[str, str]]:
    """The municipality's steps as (key, label), best first; the five standard ones by default."""
    return [(step.key, step.label) for step in assessment_steps(municipality_id=municipality_id)]


def assessment_label(*, municipality_id: int, key: str) -> str:
    """A step with its symbol in the municipality's words ("● Uppfyllt"); a step the scale no
    longer has in the standard words."""
    if not key:
        return ""
    steps = {step.key: step for step in assessment_steps(municipality_id=municipality_id)}
    return steps[key].text if key in steps else str(Assessment(key).label)


@dataclass(frozen=True)
class Rules:
    """What the summary counts and how a proposal is drawn (``AssessmentRules``, or the standard)."""

    counted_level_ids: frozenset = frozenset()  # empty: every level
    goal_noun: str = ""
    show_activity_sentence: bool = True
    proposal_rule: str = ProposalRule.STANDARD
    partly_threshold: int = 80

    def counts_level(self, level_id: int) -> bool:
        return not self.counted_level_ids or level_id in self.counted_level_ids


def assessment_rules(*, plan) -> Rules:
    """The plan's own rules where it has them, else its municipality's, else the standard."""
    rows = sorted(
        AssessmentRules.objects.filter(municipality_id=plan.municipality_id)
        .filter(Q(plan=plan) | Q(plan=None))
        .prefetch_related("counted_levels"),
        key=lambda row: row.plan_id is None,
    )
    return rules_of(rows[0] if rows else None)


def rules_of(row: AssessmentRules | None) -> Rules:
    """A row of rules (its counted levels prefetched) as Rules; the standard for None."""
    if row is None:
        return Rules()
    return Rules(
        counted_level_ids=frozenset(level.pk for level in row.counted_levels.all()),
        goal_noun=row.goal_noun,
        show_activity_sentence=row.show_activity_sentence,
        proposal_rule=row.proposal_rule,
        partly_threshold=row.partly_threshold,
    )


def _on_scale(key: str, scale: list[tuple[str, str]]) -> str:
    """A standard step as the nearest step the municipality's scale has (the more cautious on a tie)."""
    keys = [step for step, _label in scale if step in STANDARD_ORDER]  # never "kan inte bedömas"
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
    *,
    goals: list[Goal],
    period: FollowUpPeriod,
    scale: list[tuple[str, str]] | None = None,
    rules: Rules | None = None,
) -> dict[int, Proposal]:
    """The proposal for each of a plan's ``goals`` (by pk), in a fixed number of queries however
    many goals there are: the plan's activity statuses, the goals' activities, indicators and
    values are read once for all. ``scale`` and ``rules``: the municipality's, when the caller
    has them already."""
    if not goals:
        return {}
    scale = scale or assessment_scale(municipality_id=goals[0].municipality_id)
    rules = rules or assessment_rules(plan=period.plan)
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
    year = period.ends_on.year
    for goal in goals:
        own_indicators = indicators.get(goal.pk, [])
        if rules.proposal_rule == ProposalRule.STANDARD:
            proposal = _standard_proposal(
                indicators=_indicator_statuses(own_indicators, year),
                activities=StatusCounts.of([statuses.get(pk) for pk in activities.get(goal.pk, [])]),
                period=period,
            )
        elif rules.proposal_rule == ProposalRule.TARGET_SHARE:
            proposal = _target_share_proposal(own_indicators, year, threshold=rules.partly_threshold)
        else:
            most = rules.proposal_rule == ProposalRule.MOST_INDICATORS
            proposal = _indicator_count_proposal(_indicator_statuses(own_indicators, year), most=most)
        proposal.assessment = _on_scale(proposal.assessment, scale)
        proposal.label = dict(scale).get(proposal.assessment, "")
        proposals[goal.pk] = proposal
    return proposals


_NO_INDICATORS = _("Målet har inga indikatorer med värden att gå efter.")


def _indicator_count_proposal(indicators: Counter, *, most: bool) -> Proposal:
    """Uppnått when all (or, with ``most``, more than half) of the judged indicators meet their
    target, inte uppnått when none does, delvis between."""
    met = indicators[TargetStatus.MET]
    judged = met + indicators[TargetStatus.NOT_MET]
    if not judged:
        return Proposal("", [str(_NO_INDICATORS)])
    reasons = [
        ngettext(
            "%(met)s av %(n)s indikator når målvärdet.", "%(met)s av %(n)s indikatorer når målvärdet.", judged
        )
        % {"met": met, "n": judged}
    ]
    if met == judged or (most and met * 2 > judged):
        return Proposal(Assessment.ACHIEVED, reasons)
    if met == 0:
        return Proposal(Assessment.NOT_ACHIEVED, reasons)
    return Proposal(Assessment.UNCERTAIN, reasons)


# Kinds whose target is a number the value is measured against, and which way is better.
_HIGHER_KINDS = {"at_least", "greater_than"}
_LOWER_KINDS = {"at_most", "less_than"}


def _target_share(indicator: Indicator, year: int) -> Decimal | None:
    """How much of its target the indicator reaches at its latest value up to ``year`` (1 = all,
    capped there); an indicator whose target is no number counts 1 when met and 0 when not."""
    own = municipality_values(indicator=indicator, values=indicator.values.all())
    years = [y for y, value in own.items() if y <= year and value.value is not None]
    if not years:
        return None
    target = indicator.target_value
    if indicator.target_kind in _HIGHER_KINDS | _LOWER_KINDS and target is not None:
        # The number the target is judged by: the latest value, or its mean over the indicator's years.
        compared = indicator_compared_value(
            indicator=indicator, year=max(years), values=indicator.values.all()
        )
        if compared is None:
            return None
        value = compared.value
        if indicator.target_kind in _HIGHER_KINDS:
            share = value / target if target > 0 else Decimal(value >= target)
        else:
            share = target / value if value > 0 else Decimal(1)
        return min(max(share, Decimal(0)), Decimal(1))
    status = indicator_target_status(indicator=indicator, year=max(years), values=indicator.values.all())
    if status == TargetStatus.MET:
        return Decimal(1)
    if status == TargetStatus.NOT_MET:
        return Decimal(0)
    return None


def _target_share_proposal(indicators: list[Indicator], year: int, *, threshold: int) -> Proposal:
    """Uppnått at the whole target, delvis from ``threshold`` per cent of it, inte below; a goal of
    several indicators by their mean share."""
    shares = [share for indicator in indicators if (share := _target_share(indicator, year)) is not None]
    if not shares:
        return Proposal("", [str(_NO_INDICATORS)])
    mean = sum(shares) / len(shares)
    percent = int((mean * 100).to_integral_value(ROUND_HALF_UP))
    reasons = [
        ngettext(
            "Indikatorn når %(percent)s procent av målvärdet.",
            "Indikatorerna når i genomsnitt %(percent)s procent av sina målvärden.",
            len(shares),
        )
        % {"percent": percent}
    ]
    if mean >= 1:
        return Proposal(Assessment.ACHIEVED, reasons)
    if mean * 100 >= threshold:
        return Proposal(Assessment.UNCERTAIN, reasons)
    return Proposal(Assessment.NOT_ACHIEVED, reasons)


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
class LevelCounts:
    """How the goals of one level stand, step by step."""

    key: str
    name: str
    counted: bool  # whether the summary counts this level
    goals: int
    steps: list[tuple[str, str, int]]
    not_assessable: int

    def as_dict(self) -> dict:
        return {
            "level": self.key,
            "name": self.name,
            "counted": self.counted,
            "goals": self.goals,
            "steps": {key: count for key, _label, count in self.steps},
            "not_assessable": self.not_assessable,
            "unassessed": self.goals - self.not_assessable - sum(count for _k, _l, count in self.steps),
        }


@dataclass(frozen=True)
class AssessmentCounts:
    """How many of the counted goals stand at each step of the municipality's scale, in the
    scale's order; "kan inte bedömas" apart, and every level's own counts beside."""

    goals: int
    steps: list[tuple[str, str, int]]  # (step, the municipality's word for it, how many goals)
    not_assessable: int = 0
    noun: str = ""  # what the counted goals are called: "delmål"; empty: "mål"
    scale: list[ScaleStep] = field(default_factory=list)
    levels: list[LevelCounts] = field(default_factory=list)

    @property
    def assessed(self) -> int:
        return sum(count for _step, _label, count in self.steps)

    @property
    def unassessed(self) -> int:
        return self.goals - self.assessed - self.not_assessable

    def count(self, step: str) -> int:
        if step == Assessment.NOT_ASSESSABLE:
            return self.not_assessable
        return next((count for key, _label, count in self.steps if key == step), 0)

    def as_dict(self) -> dict:
        return {
            "goals": self.goals,
            "noun": self.noun or str(_("mål")),
            "steps": [
                {"key": step.key, "label": step.label, "symbol": step.symbol, "count": self.count(step.key)}
                for step in self.scale
            ],
            "not_assessable": self.not_assessable,
            "unassessed": self.unassessed,
            "levels": [level.as_dict() for level in self.levels],
        }


def goal_assessment_counts(*, plan, period: FollowUpPeriod, rules: Rules | None = None) -> AssessmentCounts:
    """How the plan's goals are assessed at ``period``, step by step (the newest report of each):
    in total over the levels the rules count, and per level.

    An outcome (uppnått) and a forecast (bedöms uppnås) are counted apart: a reader must not
    take a prognosis for a result."""
    from styrkedja.followup.selectors import goal_reports_current

    rules = rules or assessment_rules(plan=plan)
    # The levels come with the goals (a level without goals in the plan has nothing to count).
    rows = list(
        plan.goals.values_list(
            "pk", "level_id", "level__depth", "level__key", "level__name", "level__name_plural"
        )
    )
    goals = [(pk, level_id) for pk, level_id, *_level in rows]
    plan_levels = sorted(
        {(depth, level_id, key, name, plural) for _pk, level_id, depth, key, name, plural in rows}
    )
    reports = goal_reports_current(period=period, goals=[pk for pk, _level in goals])
    assessment = {pk: report.assessment for pk, report in reports.items() if report.assessment}
    scale = assessment_steps(municipality_id=plan.municipality_id)
    judged = [step for step in scale if step.counted]

    def tally(pks: list[int]) -> tuple[list[tuple[str, str, int]], int]:
        steps = Counter(assessment.get(pk) for pk in pks)
        return [(step.key, step.label, steps[step.key]) for step in judged], steps[Assessment.NOT_ASSESSABLE]

    levels, counted_pks, counted_names = [], [], []
    for _depth, level_pk, key, name, plural in plan_levels:
        pks = [pk for pk, level_id in goals if level_id == level_pk]
        counted = rules.counts_level(level_pk)
        if counted:
            counted_pks += pks
            counted_names.append(plural)
        steps, not_assessable = tally(pks)
        levels.append(LevelCounts(key, name, counted, len(pks), steps, not_assessable))
    steps, not_assessable = tally(counted_pks)
    noun = rules.goal_noun
    if not noun and rules.counted_level_ids and len(counted_names) == 1:
        noun = counted_names[0][:1].lower() + counted_names[0][1:]
    return AssessmentCounts(
        goals=len(counted_pks),
        steps=steps,
        not_assessable=not_assessable,
        noun=noun,
        scale=scale,
        levels=levels,
    )


def assessment_sentence(counts: AssessmentCounts) -> str:
    """The summary of goal fulfilment; empty when no goal is assessed.

    In the scale's own summary words when every step has one: "12 av 25 delmål uppfyllda, 5 delvis
    och 8 inte."; otherwise "Bedömning av 12 mål: Uppnått 4, Bedöms uppnås 1, Osäkert 4. 3 mål är
    ännu inte bedömda." What cannot be assessed, and what is not yet, are named apart."""
    if not counts.assessed and not counts.not_assessable:
        return ""
    noun = counts.noun or _("mål")
    judged = [step for step in counts.scale if step.counted]
    words = {step.key: step.summary_word for step in judged}
    if judged and all(words.values()):
        (key, _label, count), *rest = counts.steps
        head = _("%(n)s av %(goals)s %(noun)s %(word)s") % {
            "n": count,
            "goals": counts.goals,
            "noun": noun,
            "word": words[key],
        }
        sentence = _listed([head, *(f"{count} {words[key]}" for key, _label, count in rest)]) + "."
    else:
        tally = ", ".join(f"{label} {count}" for _step, label, count in counts.steps if count)
        sentence = ""
        if tally:
            sentence = _("Bedömning av %(goals)s %(noun)s: %(tally)s.") % {
                "goals": counts.goals,
                "noun": noun,
                "tally": tally,
            }
    if counts.not_assessable:
        step = next((step for step in counts.scale if not step.counted), None)
        word = step.summary_word if step and step.summary_word else (step.label if step else "").lower()
        sentence += " " + _("%(n)s %(noun)s: %(word)s.") % {
            "n": counts.not_assessable,
            "noun": noun,
            "word": word or str(Assessment.NOT_ASSESSABLE.label).lower(),
        }
    if counts.unassessed:
        sentence += " " + ngettext(
            "%(n)s %(noun)s är ännu inte bedömt.", "%(n)s %(noun)s är ännu inte bedömda.", counts.unassessed
        ) % {"n": counts.unassessed, "noun": noun}
    return sentence.strip()


def _listed(parts: list[str]) -> str:
    """ "a, b och c"."""
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s och %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}
