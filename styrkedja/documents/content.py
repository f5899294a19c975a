"""What the plan document and the follow-up report say, as blocks, in the seeds' order of sections.

The follow-up report (like Mjölby's T3 report): summary written from the reports, the goals of
each level with Nuläge, Motivering, the activity table with the status at the period and the
goal's comment, the special initiatives, the user surveys and the follow-up schedule. A plan may
leave out the activity tables and the charts, and add a measure table per goal with a summary of
goal fulfilment per goal area (``Plan.report_show_*``).
The plan document (like Valdemarsvik's verksamhetsplan): the goals with their result goals,
indicators, way and follow-up, the assignments, the sectors with their frames and line
budgets, the investment plan, the plan for follow-up and the calendar.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from styrkedja.activities.models import Activity
from styrkedja.assignments.document import followup_assignment_blocks
from styrkedja.charts.indicator import indicator_chart
from styrkedja.charts.numbers import swedish_number
from styrkedja.documents.blocks import (
    Block,
    BulletList,
    Document,
    Figure,
    Heading,
    Paragraph,
    Table,
    paragraphs,
)
from styrkedja.documents.goal_areas import area_table, goal_area_chart, goal_area_counts
from styrkedja.economy.choices import FrameKind
from styrkedja.economy.document import economy_section
from styrkedja.economy.selectors import budget_check, fmt
from styrkedja.followup.assessment import assessment_sentence, assessment_steps
from styrkedja.followup.choices import Assessment, CommentTopic
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.selectors import activity_reports_current, goal_reports_current, plan_summary
from styrkedja.followup.texts import summary_sentence
from styrkedja.goals.models import Goal
from styrkedja.indicators.choices import TargetStatus
from styrkedja.indicators.models import Indicator
from styrkedja.indicators.selectors import indicator_target_status, municipality_values
from styrkedja.plans.choices import SectionKey
from styrkedja.plans.models import Plan
from styrkedja.plans.selectors import plan_decisions
from styrkedja.surveys.selectors import survey_results_until


class Numbering:
    """Chapter numbers 1., 2., … and their sections 2.1, 2.1.1, as the reports number them."""

    def __init__(self):
        self.counters: list[int] = []

    def next(self, level: int) -> str:
        del self.counters[level:]
        while len(self.counters) < level:
            self.counters.append(0)
        self.counters[level - 1] += 1
        number = ".".join(str(n) for n in self.counters)
        return f"{number}." if level == 1 else number


def _sections(plan: Plan, key: str) -> list:
    return [section for section in plan.sections.all() if section.key == key and section.sector_id is None]


def _comment(period: FollowUpPeriod, topic: str) -> str:
    comments = [c for c in period.periodcomments.all() if c.topic == topic]
    return comments[-1].comment if comments else ""


def decision_lines(plan: Plan) -> list[str]:
    """The plan's adoption and revisions as the documents print them under the title; a draft says so."""
    decisions = plan_decisions(plan=plan)
    if not decisions:
        return [_("Utkast – planen är inte beslutad.")]
    adoption, lines = decisions[0], []
    lines.append(_("Beslutad av %(decision)s") % {"decision": adoption.citation})
    for revision in decisions[1:]:
        if revision.is_open:
            lines.append(
                _("Under revision sedan %(day)s: %(reason)s")
                % {"day": revision.opened_at.date().isoformat(), "reason": revision.reason}
            )
            continue
        day = revision.decided_on.isoformat() if revision.decided_on else ""
        who = " ".join(part for part in (revision.decided_by, revision.reference) if part)
        lines.append(
            _("Reviderad %(day)s, %(who)s: %(reason)s") % {"day": day, "who": who, "reason": revision.reason}
        )
    return lines


# The activity table ------------------------------------------------------------------------------


def _activity_title(activity: Activity) -> str:
    return f"{activity.title} ({activity.kind})" if activity.kind else activity.title


def _collaborators(activity: Activity) -> str:
    return ", ".join(str(c) for c in activity.collaborators.all())


# A comment longer than this is printed under the table, as paragraphs that may break across pages:
# in a narrow cell it would stretch one row over pages and tear the table apart.
LONG_IN_A_CELL = 800


def activity_table(
    activities: list[Activity], period: FollowUpPeriod, reports: dict, heading: Heading
) -> list[Block]:
    """The report's table of activities with their status at the period, named by the heading above
    it; then each comment too long for a cell, under the table."""
    header = [
        _("Aktivitet och kort beskrivning. P=projekt, A=aktivitet, F=förstudie. Nuläge markeras med Ej "
          "inledd, Pågår eller Klart"),
        _("Nuläge %(period)s") % {"period": period.code},
        _("Ansvarig"),
        _("Samverkan med /kommentar"),
    ]  # fmt: skip
    rows, below = [], []
    for activity in activities:
        report = reports.get(activity.pk)
        status = report.get_status_display() if report else _("Ej rapporterad")
        comment = report.comment if report else ""
        if len(comment) > LONG_IN_A_CELL:
            parts = paragraphs(comment)
            parts[0].label = _("Kommentar till ”%(title)s”:") % {"title": activity.title}
            below += parts
            comment = _("Kommentaren står under tabellen.")
        # On lines of their own: run together, "Alla förvaltningar Riktlinjerna för …" reads as one.
        together = "\n".join(part for part in (_collaborators(activity), comment) if part)
        rows.append([_activity_title(activity), status, activity.responsible_unit.name, together or "-"])
    table = Table(caption="", header=header, rows=rows, row_headers=True, labelled_by=heading.anchor)
    return [table, *below]


def _plan_activity_table(activities: list[Activity], caption: str) -> Table:
    header = [_("Aktivitet och kort beskrivning"), _("Typ"), _("Ansvarig"), _("Samverkan med")]
    rows = [
        [activity.title, activity.get_kind_display() if activity.kind else "–",
         activity.responsible_unit.name, _collaborators(activity) or "-"]
        for activity in activities
    ]  # fmt: skip
    return Table(caption=caption, header=header, rows=rows, row_headers=True)


# Goals ---------------------------------------------------------------------------------------------


def goal_heading(goal: Goal) -> str:
    heading = goal.level.heading_for(goal.number)
    return f"{heading}: {goal.title}" if goal.title else heading


def goal_texts(goal: Goal, *, plan_document: bool) -> list[Block]:
    blocks: list[Block] = []
    text = " ".join(part.strip() for part in (goal.text, goal.measurable) if part.strip())
    if text:
        blocks += paragraphs(text)
    for number, part in enumerate(paragraphs(goal.baseline)):
        # The label is printed once; a baseline of several parts keeps its own words for the rest.
        blocks.append(Paragraph(part.text, label=_("Nuläge:") if number == 0 else ""))
    if goal.motivation.strip():
        blocks.append(Paragraph(_("Motivering"), style="subheading"))
        blocks += paragraphs(goal.motivation)
    children = goal.subgoals
    if plan_document and children:
        # The goals of the level below, as a list under that level's name ("Resultatmål").
        blocks.append(Paragraph(children[0].level.name_plural, style="subheading"))
        blocks.append(BulletList([" ".join(child.text.split()) for child in children]))
    indicators = list(goal.indicators.all())
    if plan_document and indicators:
        blocks.append(Paragraph(_("Indikatorer och mått"), style="subheading"))
        items = []
        for indicator in indicators:
            item = " ".join(indicator.name.split())
            if indicator.source:
                item += " " + _("Källa: %(source)s") % {"source": indicator.source}
            items.append(item)
        blocks.append(BulletList(items))
    if plan_document and goal.way_forward.strip():
        blocks.append(Paragraph(_("Vägen till målet"), style="subheading"))
        blocks += paragraphs(goal.way_forward)
    if plan_document and goal.followup_text.strip():
        blocks.append(Paragraph(_("Uppföljning"), style="subheading"))
        blocks += paragraphs(goal.followup_text)
    return blocks


# The measure table ---------------------------------------------------------------------------------

# An indicator's target status as the measure table prints it: a symbol and the words.
TARGET_SYMBOLS = {TargetStatus.MET: "✓", TargetStatus.NOT_MET: "✗", TargetStatus.NO_DATA: "–"}


def _value_text(value) -> str:
    """A value as a Swedish document prints it ("31,3"); a missing one as a dash."""
    return swedish_number(value.value) if value is not None else "–"


def target_status_text(indicator: Indicator, year: int) -> str:
    """The indicator's target status in ``year`` as symbol and words: "✓ Uppnått", "✗ Ej uppnått",
    "– Värde saknas"; a dash alone for a target only a person can judge."""
    status = indicator_target_status(indicator=indicator, year=year, values=indicator.values.all())
    if status is None:
        return "–"
    return f"{TARGET_SYMBOLS[status]} {TargetStatus(status).label}"


def measure_table(goal: Goal, year: int, heading: Heading) -> Table:
    """A row per indicator: the municipality's values two years back, the year before and the year,
    the target as printed and whether it is met; named by the heading above it."""
    header = [
        _("Mått"),
        str(year - 2),
        str(year - 1),
        _("Målvärde"),
        _("Utfall %(year)s") % {"year": year},
        _("Bedömning"),
    ]
    rows = []
    for indicator in goal.indicators.all():
        own = municipality_values(indicator=indicator, values=indicator.values.all())
        name = " ".join(indicator.name.split())
        if indicator.unit:
            name += f" ({indicator.unit})"
        rows.append(
            [
                name,
                _value_text(own.get(year - 2)),
                _value_text(own.get(year - 1)),
                " ".join(indicator.target.split()) or "–",
                _value_text(own.get(year)),
                target_status_text(indicator, year),
            ]
        )
    return Table(caption="", header=header, rows=rows, numeric={1, 2, 4}, row_headers=True,
                 labelled_by=heading.anchor)  # fmt: skip


def goal_area_summary(plan: Plan, goal_reports: dict, *, charts: bool) -> list[Block]:
    """How many goals of each goal area stand at each step: a table, and with ``charts`` the bars."""
    steps, areas = goal_area_counts(plan=plan, goals=goals_with_subgoals(plan), reports=goal_reports)
    if not areas:
        return []
    title = _("Måluppfyllelse per målområde")
    chart = goal_area_chart(steps=steps, areas=areas, title=title) if charts else None
    blocks: list[Block] = []
    if chart is not None:
        blocks.append(Figure(svg=chart.svg, title=chart.title, caption=chart.description))
        header, rows = list(chart.headers), [list(row) for row in chart.rows]
    else:
        header, rows = area_table(steps, areas)
    numeric = set(range(1, len(header)))
    blocks.append(Table(caption=title, header=header, rows=rows, numeric=numeric, row_headers=True))
    return blocks


def indicator_figures(goal: Goal) -> list[Block]:
    """Each indicator's values over the years against the nation, as a chart with its words."""
    figures: list[Block] = []
    for indicator in goal.indicators.all():
        chart = indicator_chart(indicator=indicator, municipality_name=goal.municipality.name)
        if chart is not None:
            figures.append(Figure(svg=chart.svg, title=chart.title, caption=chart.description))
    return figures


def goals_with_subgoals(plan: Plan) -> list[Goal]:
    """Every goal of the plan, read in one query with what the documents print of it, each given
    ``subgoals`` (its children, in order): the tree is as deep as the municipality's levels, and
    a query per goal would make a large plan's document slow."""
    goals = list(
        plan.goals.select_related("level", "municipality")
        .prefetch_related(
            "indicators__values",
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("responsible_unit")
                .prefetch_related("collaborators__unit", "collaborators__partner")
                .order_by("order", "id"),
            ),
        )
        .order_by("level__depth", "order", "id")
    )
    children: dict[int, list[Goal]] = {}
    for goal in sorted(goals, key=lambda goal: (goal.order, goal.pk)):
        children.setdefault(goal.parent_id, []).append(goal)
    for goal in goals:
        goal.subgoals = children.get(goal.pk, [])
    return goals


def _goals_by_level(plan: Plan) -> list[tuple[object, list[Goal]]]:
    """The plan's goals that head a section (those without a parent in the plan), per level."""
    levels: dict[int, tuple[object, list[Goal]]] = {}
    for goal in goals_with_subgoals(plan):
        if goal.parent_id is None:
            levels.setdefault(goal.level_id, (goal.level, []))[1].append(goal)
    return list(levels.values())


# The follow-up report ------------------------------------------------------------------------------


def followup_document(*, plan: Plan, period: FollowUpPeriod) -> Document:
    numbering = Numbering()
    blocks: list[Block] = []
    summary = plan_summary(plan=plan, period=period)
    activities = list(
        plan.activities.select_related("responsible_unit").prefetch_related(
            "collaborators__unit", "collaborators__partner"
        )
    )
    reports = activity_reports_current(period=period, activities=activities)
    goal_reports = goal_reports_current(period=period)
    comment_heading = _("Kommentar %(period)s") % {"period": period.code}

    blocks.append(Heading(1, _("Sammanfattning"), numbering.next(1)))
    for section in _sections(plan, SectionKey.INTRO):
        blocks += paragraphs(section.body)
    sentence = summary_sentence(summary)
    extra = _comment(period, CommentTopic.SUMMARY)
    blocks.append(Paragraph(f"{sentence} {extra}".strip()))
    goals_assessed = assessment_sentence(summary.assessments)  # counted once, with the summary
    if goals_assessed:
        blocks.append(Paragraph(goals_assessed))
    if plan.report_show_measure_tables:
        blocks += goal_area_summary(plan, goal_reports, charts=plan.report_show_charts)
    blocks.append(
        Paragraph(
            _(
                "I kommande avsnitt redovisas statusuppdatering och kommentarer till respektive aktivitet "
                "uppdelat på de politiska målen som de ska bidra till."
            )
        )
    )

    # The scale's steps by key, read once: each goal's assessment is printed with its symbol.
    steps = {step.key: step for step in assessment_steps(municipality_id=plan.municipality_id)}
    for level, goals in _goals_by_level(plan):
        blocks.append(Heading(1, level.name_plural, numbering.next(1)))
        for goal in goals:
            blocks += _followup_goal(
                goal, period, numbering, reports, goal_reports, comment_heading, depth=2, steps=steps
            )

    special = [a for a in activities if a.is_special_initiative and a.goal_id is None]
    if special:
        blocks.append(Heading(1, _("Särskilda satsningar"), numbering.next(1)))
        heading = Heading(2, _("Uppföljning av aktiviteter och projekt"), numbering.next(2))
        blocks += [heading, *activity_table(special, period, reports, heading)]
        comment = _comment(period, CommentTopic.SPECIAL_INITIATIVES)
        if comment:
            blocks.append(Heading(2, comment_heading, numbering.next(2)))
            blocks += paragraphs(comment)

    blocks += followup_assignment_blocks(plan=plan, period=period, numbering=numbering)
    blocks += economy_section(plan=plan, period=period, numbering=numbering)
    blocks += _user_involvement(plan, period, numbering, comment_heading)
    blocks += _followup_schedule(plan, numbering)
    blocks += _contact(plan)
    title = _("Uppföljning av %(title)s, %(period)s") % {"title": plan.title.lower(), "period": period.name}
    return Document(
        title=title,
        subtitle=f"{plan.board} · {plan.municipality}",
        municipality=plan.municipality.name,
        board=str(plan.board),
        blocks=blocks,
        decisions=decision_lines(plan),
    )


def _followup_goal(
    goal, period, numbering, reports, goal_reports, comment_heading, depth: int, *, steps: dict
) -> list[Block]:
    blocks: list[Block] = [Heading(depth, goal_heading(goal), numbering.next(depth))]
    blocks += goal_texts(goal, plan_document=False)
    plan = period.plan
    activities = list(goal.activities.all())
    if activities and plan.report_show_activity_tables:
        heading = Heading(depth + 1, _("Uppföljning av aktiviteter och projekt"), numbering.next(depth + 1))
        blocks += [heading, *activity_table(activities, period, reports, heading)]
    measures = plan.report_show_measure_tables and bool(goal.indicators.all())
    if measures:
        heading = Heading(depth + 1, _("Mått"), numbering.next(depth + 1))
        blocks += [heading, measure_table(goal, period.ends_on.year, heading)]
        if plan.report_show_charts:
            blocks += indicator_figures(goal)  # each under the table, where there is a series to show
    report = goal_reports.get(goal.pk)
    if report and (report.comment or report.assessment or report.actions):
        blocks.append(Heading(depth + 1, comment_heading, numbering.next(depth + 1)))
        blocks += _goal_report_blocks(report, steps, analysis_label=plan.report_show_measure_tables)
    if not measures and plan.report_show_charts:
        blocks += indicator_figures(goal)
    for child in goal.subgoals:
        blocks += _followup_goal(
            child, period, numbering, reports, goal_reports, comment_heading, depth + 1, steps=steps
        )
    return blocks


def _goal_report_blocks(report, steps: dict, *, analysis_label: bool) -> list[Block]:
    """The goal's assessment (symbol and words), the reason where it departs from the proposal, the
    analysis (the comment) and the actions (Åtgärder)."""
    blocks: list[Block] = []
    if report.assessment:
        step = steps.get(report.assessment)
        blocks.append(Paragraph(step.text if step else report.assessment_text, label=_("Bedömning:")))
        departs = report.proposed_assessment and report.proposed_assessment != report.assessment
        if departs and report.reason:
            proposed = steps.get(report.proposed_assessment)
            label = _("Skäl till avvikelse från förslaget ”%(proposal)s”:") % {
                "proposal": proposed.label if proposed else Assessment(report.proposed_assessment).label
            }
            blocks.append(Paragraph(" ".join(report.reason.split()), label=label))
    analysis = paragraphs(report.comment)
    if analysis and analysis_label:
        analysis[0].label = _("Analys:")
    blocks += analysis
    if report.actions.strip():
        blocks.append(Paragraph(_("Åtgärder"), style="subheading"))
        blocks += paragraphs(report.actions)
    return blocks


def _user_involvement(plan: Plan, period: FollowUpPeriod, numbering: Numbering, comment_heading: str) -> list:
    # The results known when the plan was made and those reported at the period or before it.
    results_until = Prefetch(
        "results", queryset=survey_results_until(period=period).order_by("measure", "year", "id")
    )
    surveys = list(plan.surveys.select_related("unit").prefetch_related("reports", results_until))
    sections = _sections(plan, SectionKey.USER_INVOLVEMENT)
    comment = _comment(period, CommentTopic.USER_INVOLVEMENT)
    if not (surveys or sections or comment):
        return []
    heading = sections[0].heading if sections else _("Brukarinvolvering/kvalitetsuppföljning")
    blocks: list[Block] = [Heading(1, heading, numbering.next(1))]
    for section in sections:
        blocks += paragraphs(section.body)
    if surveys:
        rows = []
        for survey in surveys:
            at_period = [r for r in survey.reports.all() if r.period_id == period.pk]
            status = at_period[-1].get_status_display() if at_period else "–"
            said = " ".join(at_period[-1].comment.split()) if at_period else ""
            rows.append([survey.unit.name, survey.kind, survey.contact, status, said])
        header = [_("Verksamhet"), _("Typ av undersökning"), _("Kontaktperson"), _("Nuläge"), _("Kommentar")]
        blocks.append(Table(_("Planerade undersökningar"), header, rows, row_headers=True))
        results = [(survey, result) for survey in surveys for result in survey.results.all()]
        if results:
            rows = [
                [result.measure, survey.kind, str(result.year), _number(result.value, result.unit),
                 _number(result.national_value, result.unit) if result.national_value is not None else "–"]
                for survey, result in results
            ]  # fmt: skip
            header = [_("Mått"), _("Undersökning"), _("År"), _("Resultat"), _("Riket")]
            blocks.append(
                Table(_("Resultat av undersökningarna"), header, rows, numeric={3, 4}, row_headers=True)
            )
    if comment:
        blocks.append(Heading(2, comment_heading, numbering.next(2)))
        blocks += paragraphs(comment)
    return blocks


def _number(value, unit: str) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return f"{text} {unit}".strip()


def _followup_schedule(plan: Plan, numbering: Numbering) -> list[Block]:
    sections = _sections(plan, SectionKey.FOLLOWUP_PLAN)
    heading = sections[0].heading if len(sections) == 1 else _("Uppföljning")
    blocks: list[Block] = [Heading(1, heading, numbering.next(1))]
    if len(sections) == 1:
        blocks += paragraphs(sections[0].body)
    rows = [
        [
            period.name,
            date_format(period.ends_on, "j F"),
            period.comment or ("–" if not period.is_closed else ""),
        ]
        for period in plan.periods.all()
        if period.is_tertial
    ]
    header = [_("Uppföljning av aktivitetsplan"), _("Datum"), _("Kommentar")]
    blocks.append(Table(_("Uppföljningar"), header, rows, row_headers=True))
    return blocks


def _contact(plan: Plan) -> list[Block]:
    blocks: list[Block] = []
    for section in _sections(plan, SectionKey.CONTACT):
        blocks.append(Paragraph(section.heading, style="subheading"))
        blocks += [
            Paragraph(line.strip(), style="small") for line in section.body.splitlines() if line.strip()
        ]
    return blocks


# The plan document ---------------------------------------------------------------------------------


def plan_document(*, plan: Plan) -> Document:
    blocks: list[Block] = []
    intro = _sections(plan, SectionKey.INTRO)
    for section in intro:
        blocks.append(Heading(1, section.heading or plan.title))
        blocks += paragraphs(section.body)
    for section in _sections(plan, SectionKey.GOALS_INTRO):
        blocks.append(Heading(1, section.heading))
        blocks += paragraphs(section.body)
    if not _sections(plan, SectionKey.GOALS_INTRO):
        blocks.append(Heading(1, _("Mål")))
    for _level, goals in _goals_by_level(plan):
        for goal in goals:
            blocks += _plan_goal(goal, depth=2)
    special = list(
        plan.activities.filter(goal__isnull=True, is_special_initiative=True)
        .select_related("responsible_unit")
        .prefetch_related("collaborators__unit", "collaborators__partner")
    )
    if special:
        blocks.append(Heading(1, _("Särskilda satsningar")))
        blocks.append(_plan_activity_table(special, _("Särskilda satsningar")))
    blocks += _assignments(plan)
    economy = budget_check(plan=plan)  # the sector tables and the investment plan, read once
    blocks += _sectors(plan, economy)
    blocks += _investments(plan, economy.investments)
    for section in _sections(plan, SectionKey.FOLLOWUP_PLAN):
        blocks.append(Heading(1, section.heading or _("Plan för uppföljning")))
        blocks += paragraphs(section.body)
    blocks += _calendar(plan)
    blocks += _contact(plan)
    return Document(
        title=plan.title,
        subtitle=f"{plan.board} · {plan.municipality}",
        municipality=plan.municipality.name,
        board=str(plan.board),
        blocks=blocks,
        decisions=decision_lines(plan),
    )


def _plan_goal(goal: Goal, *, depth: int) -> list[Block]:
    """A goal's section of the plan: its texts, indicators and activities, then those of its subgoals
    that say more than their goal text (which the list of subgoals already shows)."""
    blocks: list[Block] = [Heading(min(depth, 6), goal_heading(goal))]
    blocks += goal_texts(goal, plan_document=True)
    blocks += indicator_figures(goal)
    activities = list(goal.activities.all())
    if activities:
        blocks.append(Paragraph(_("Aktiviteter och projekt"), style="subheading"))
        blocks.append(_plan_activity_table(activities, goal_heading(goal)))
    for child in goal.subgoals:
        if _says_more_than_its_text(child):
            blocks += _plan_goal(child, depth=depth + 1)
    return blocks


def _says_more_than_its_text(goal: Goal) -> bool:
    texts = (goal.measurable, goal.baseline, goal.motivation, goal.way_forward, goal.followup_text)
    return any(text.strip() for text in texts) or bool(goal.indicators.all()) or bool(goal.activities.all())


def _assignments(plan: Plan) -> list[Block]:
    assignments = list(plan.assignments.order_by("order"))
    notes = _sections(plan, SectionKey.ASSIGNMENTS_NOTE)
    if not assignments and not notes:
        return []
    heading = notes[0].heading if notes else _("Uppdrag från kommunfullmäktige")
    blocks: list[Block] = [Heading(1, heading)]
    if assignments:
        rows = [[" ".join(a.title.split()), " ".join(a.description.split())] for a in assignments]
        blocks.append(Table(_("Uppdrag"), [_("Uppdrag"), _("Kommentar")], rows, row_headers=True))
    for note in notes:
        blocks += paragraphs(note.body)
    return blocks


def _sectors(plan: Plan, check) -> list[Block]:
    sector_sections = [section for section in plan.sections.all() if section.sector_id]
    economy_notes = _sections(plan, SectionKey.ECONOMY_NOTE)
    blocks: list[Block] = []
    for number, sector in enumerate(check.sectors):
        unit = sector.sector_budget.sector
        blocks.append(Heading(1, unit.name))
        for section in sector_sections:
            if section.sector_id == unit.pk:
                if section.heading:
                    blocks.append(Heading(2, section.heading))
                blocks += paragraphs(section.body)
        frames = sorted(sector.sector_budget.frames.all(), key=lambda frame: frame.year)
        if frames:
            heading = economy_notes[0].heading if economy_notes else _("Sektorns ekonomiska ram")
            blocks.append(Heading(2, heading))
            header = [f"{frame.get_kind_display()} {frame.year}" for frame in frames]
            blocks.append(
                Table(_("%(sector)s, ram (Mnkr)") % {"sector": unit.name}, [_("Mnkr"), *header],
                      [[_("Netto"), *[_frame_amount(plan, sector, frame) for frame in frames]]],
                      numeric=set(range(1, len(frames) + 1)), row_headers=True)
            )  # fmt: skip
            if number == 0:
                for note in economy_notes:
                    blocks += paragraphs(note.body)
        if sector.lines:
            year = plan.year
            header = [
                _("Budget %(year)s (Mnkr)") % {"year": year},
                _("Intäkter"),
                _("Kostnader"),
                _("Netto %(year)s") % {"year": year},
                _("Netto %(year)s") % {"year": year - 1},
            ]
            rows = [[line.name, *[_line_amount(sector, line, column) for column in AMOUNT_COLUMNS]]
                    for line in sector.lines]  # fmt: skip
            # The sum as printed: where the document's sum and its lines disagree, the document's
            # stands, with what the lines give and the mark beside it.
            sums = [
                _checked(
                    sector.sums[column] if sector.printed[column] is None else sector.printed[column],
                    sector.sum_mismatches.get(column),
                )
                for column in AMOUNT_COLUMNS
            ]
            rows.append([_("Summa"), *sums])
            caption = _("%(sector)s, driftbudget") % {"sector": unit.name}
            blocks.append(Table(caption, header, rows, numeric={1, 2, 3, 4}, row_headers=True))
    return blocks


AMOUNT_COLUMNS = ("income", "cost", "net", "net_previous")


def _amount(value) -> str:
    """An amount in Mnkr; a blank where the document prints none (a blank is not a zero)."""
    return fmt(value) if value is not None else ""


def _checked(value, mismatch) -> str:
    """An amount, or where its lines give another figure both figures and the mark, in words:
    "95,7 — raderna ger 97,7 (Stämmer inte)", so that it survives every format and is read out."""
    return mismatch.text if mismatch else _amount(value)


def _line_amount(sector, line, column: str) -> str:
    mismatch = sector.line_mismatches.get(line.pk) if column == "net" else None
    return _checked(getattr(line, column), mismatch)


def _frame_amount(plan: Plan, sector, frame) -> str:
    is_budget = frame.year == plan.year and frame.kind == FrameKind.BUDGET
    return _checked(frame.amount, sector.frame_mismatch if is_budget else None)


def _investments(plan: Plan, check) -> list[Block]:
    notes = _sections(plan, SectionKey.INVESTMENTS_NOTE)
    if check is None and not notes:
        return []
    blocks: list[Block] = [Heading(1, notes[0].heading if notes else _("Investeringar"))]
    if check is not None:
        header = [_("Projekt (Mnkr)"), *[str(year) for year in check.years]]
        rows = [
            ["\u2003" * row.depth + row.project.name,
             *[_checked(row.amounts[year], check.group_mismatches.get((row.project.pk, year)))
               for year in check.years]]
            for row in check.rows
        ]  # fmt: skip
        rows.append([_("Summa"), *[_checked(check.printed.get(year, check.sums[year]),
                                            check.total_mismatches.get(year))
                                   for year in check.years]])  # fmt: skip
        numeric = set(range(1, len(check.years) + 1))
        caption = _("Investeringsplan %(first)s–%(last)s") % {
            "first": check.years[0],
            "last": check.years[-1],
        }
        blocks.append(Table(caption, header, rows, numeric=numeric, row_headers=True))
    for note in notes:
        blocks += paragraphs(note.body)
    if check is not None:
        names = {row.project.pk: row.project.name for row in check.rows}
        for row in check.rows:
            items = list(row.project.specification.all())
            if not items:
                continue
            group = names.get(row.project.parent_id)
            title = f"{group}: {row.project.name}" if group else row.project.name
            blocks.append(Paragraph(title, style="subheading"))
            for item in items:
                text = _("%(item)s Belopp: %(amount)s tkr.") % {
                    "item": " ".join(item.name.split()),
                    "amount": _thousands(item.amount_tkr),
                }
                blocks.append(Paragraph(text))
    return blocks


def _thousands(amount) -> str:
    """Whole tkr with a space between thousands, as the documents print them: 1 750."""
    return f"{amount:,.0f}".replace(",", "\u00a0")


def meeting_item_text(item) -> str:
    """What is presented at a meeting: a goal by its number and title (or the beginning of its text,
    cut at a word and marked), an assignment by its title in full."""
    if item.goal_id:
        goal = item.goal
        return f"{goal.level.name} {goal.number}: {goal.title or _words(goal.text)}".replace(
            " :", ":"
        ).strip()
    if item.assignment_id:
        return item.assignment.title
    return item.text


def _words(text: str, most: int = 200) -> str:
    """The text, or its first words up to ``most`` characters with an ellipsis: never a cut word."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + " …"


def _calendar(plan: Plan) -> list[Block]:
    meetings = list(
        plan.meetings.prefetch_related("items__goal__level", "items__assignment").order_by("date")
    )
    milestones = list(plan.budget_milestones.order_by("order"))
    blocks: list[Block] = []
    if meetings:
        blocks.append(Heading(1, _("Kalender")))
        rows = []
        for meeting in meetings:
            items = "; ".join(meeting_item_text(item) for item in meeting.items.all())
            rows.append([date_format(meeting.date, "j F Y"), meeting.get_body_display(), items])
        blocks.append(
            Table(_("Sammanträden och vad som redovisas"), [_("Datum"), _("Organ"), _("Redovisas")], rows)
        )
    if milestones:
        blocks.append(Heading(2 if meetings else 1, _("Budgetprocessen")))
        rows = [[m.title, m.when_text, m.description] for m in milestones]
        blocks.append(
            Table(_("Budgetprocessen"), [_("Steg"), _("När"), _("Beskrivning")], rows, row_headers=True)
        )
    return blocks
