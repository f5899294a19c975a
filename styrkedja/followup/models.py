"""Follow-up periods and the reports made at them.

Reports are history: a change is a new row, never an update, so the state of a
plan at any earlier moment can be read back. The current report of an object at
a period is its newest row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.followup.choices import Assessment, CommentTopic, PeriodState, ProposalRule, ReportStatus


class FollowUpPeriod(models.Model):
    """T1, T2, T3 or a month of a plan.

    A period is planned until a controller opens it for reporting, and read-only once
    closed; it may be reopened with a stated reason (kept in the audit log).
    """

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="periods", verbose_name=_("plan")
    )
    code = models.CharField(_("kod"), max_length=3, help_text=_("T1, T2, T3 eller M01–M12."))
    name = models.CharField(_("namn"), max_length=100)
    ends_on = models.DateField(_("avser per"))
    due_on = models.DateField(
        _("rapporteras senast"), null=True, blank=True, help_text=_("Sista dag för rapporteringen.")
    )
    description = models.TextField(_("beskrivning"), blank=True, max_length=text_limits.COMMENT)
    comment = models.TextField(_("kommentar"), blank=True, max_length=text_limits.COMMENT)
    opened_at = models.DateTimeField(_("öppnad"), null=True, blank=True)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)

    class Meta:
        verbose_name = _("uppföljningsperiod")
        verbose_name_plural = _("uppföljningsperioder")
        ordering = ["plan", "ends_on", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="period_unique_code")]

    def __str__(self) -> str:
        return f"{self.plan.title} {self.name}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_open(self) -> bool:
        """Open for reporting: opened and not closed."""
        return self.opened_at is not None and self.closed_at is None

    @property
    def state(self) -> str:
        if self.closed_at is not None:
            return PeriodState.CLOSED
        return PeriodState.OPEN if self.opened_at is not None else PeriodState.PLANNED

    def get_state_display(self) -> str:
        return str(PeriodState(self.state).label)

    @property
    def is_overdue(self) -> bool:
        """Open, and its last day to report has passed."""
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def is_tertial(self) -> bool:
        """T1–T3, where every activity and goal is expected to be reported (months are economy)."""
        return self.code.startswith("T")


class ReportBase(models.Model):
    period = models.ForeignKey(
        FollowUpPeriod, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("period")
    )
    comment = models.TextField(_("kommentar"), blank=True, max_length=text_limits.COMMENT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporterad av"),
    )
    created_at = models.DateTimeField(_("rapporterad"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    @property
    def author_name(self) -> str:
        """Who wrote the report, as pages name them; empty for a report read from a data file."""
        user = self.created_by
        return (user.get_full_name() or user.username) if user else ""


class StatusReportBase(ReportBase):
    """A report with a status (Ej inledd, Pågår, Klart): of an activity, an assignment or a survey."""

    status = models.CharField(_("nuläge"), max_length=20, choices=ReportStatus.choices)

    class Meta(ReportBase.Meta):
        abstract = True


class ActivityReport(StatusReportBase):
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="reports", verbose_name=_("aktivitet")
    )

    class Meta(StatusReportBase.Meta):
        verbose_name = _("aktivitetsrapport")
        verbose_name_plural = _("aktivitetsrapporter")
        indexes = [models.Index(fields=["activity", "period", "-created_at"], name="actreport_latest_idx")]

    def __str__(self) -> str:
        return f"{self.activity} – {self.period.code}: {self.get_status_display()}"


class GoalReport(ReportBase):
    goal = models.ForeignKey(
        "goals.Goal", on_delete=models.CASCADE, related_name="reports", verbose_name=_("mål")
    )
    assessment = models.CharField(_("bedömning"), max_length=20, choices=Assessment.choices, blank=True)
    proposed_assessment = models.CharField(
        _("föreslagen bedömning"),
        max_length=20,
        choices=Assessment.choices,
        blank=True,
        help_text=_("Vad indikatorerna och aktiviteternas status pekade på när bedömningen gjordes."),
    )
    reason = models.TextField(
        _("skäl till avvikelse"),
        blank=True,
        max_length=text_limits.REASON,
        help_text=_("Varför bedömningen avviker från förslaget."),
    )
    actions = models.TextField(
        _("åtgärder"),
        blank=True,
        max_length=text_limits.COMMENT,
        help_text=_("Vad som görs för att nå målet, till exempel där bedömningen är att det inte nås."),
    )

    class Meta(ReportBase.Meta):
        verbose_name = _("målrapport")
        verbose_name_plural = _("målrapporter")
        indexes = [models.Index(fields=["goal", "period", "-created_at"], name="goalreport_latest_idx")]

    def __str__(self) -> str:
        return f"{self.goal} – {self.period.code}"

    @property
    def assessment_text(self) -> str:
        """The assessment in the words of the municipality's scale."""
        from styrkedja.followup.assessment import assessment_label

        return assessment_label(municipality_id=self.goal.municipality_id, key=self.assessment)


class PeriodComment(ReportBase):
    """A comment that belongs to a section of the report rather than to one goal."""

    topic = models.CharField(_("avsnitt"), max_length=30, choices=CommentTopic.choices)

    class Meta(ReportBase.Meta):
        verbose_name = _("avsnittskommentar")
        verbose_name_plural = _("avsnittskommentarer")

    def __str__(self) -> str:
        return f"{self.period} – {self.get_topic_display()}"


class AssessmentStep(models.Model):
    """A step of a municipality's scale of goal fulfilment, in its own words.

    A scale is chosen among the five standard steps (``Assessment``), whose meaning the proposal
    and the summary rely on; a municipality without steps of its own uses all five.
    """

    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="assessment_steps",
        verbose_name=_("kommun"),
    )
    key = models.CharField(_("betyder"), max_length=20, choices=Assessment.choices)
    label = models.CharField(_("benämning"), max_length=100)
    symbol = models.CharField(
        _("symbol"), max_length=8, blank=True, help_text=_("Tecknet som visas före benämningen, t.ex. ●.")
    )
    summary_word = models.CharField(
        _("ord i sammanfattningen"),
        max_length=60,
        blank=True,
        help_text=_(
            "Ordet efter antalet i sammanfattningen, t.ex. ”uppfyllda” i ”12 av 25 delmål uppfyllda”."
        ),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("steg i bedömningsskalan")
        verbose_name_plural = _("bedömningsskala")
        ordering = ["municipality", "order"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="assessmentstep_unique_key")
        ]

    def __str__(self) -> str:
        return self.label


class AssessmentRules(models.Model):
    """How a municipality's goals are proposed an assessment and counted in the summary.

    A row without a plan is the municipality's; a row with one is that plan's, where it differs.
    Without any row the standard applies: every goal counted, the five-step proposal.
    """

    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="assessment_rules",
        verbose_name=_("kommun"),
    )
    plan = models.OneToOneField(
        "plans.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessment_rules",
        verbose_name=_("plan"),
    )
    counted_levels = models.ManyToManyField(
        "goals.GoalLevel",
        blank=True,
        related_name="+",
        verbose_name=_("räknade målnivåer"),
        help_text=_("Nivåerna vars mål räknas i sammanfattningen. Ingen vald: alla nivåer."),
    )
    goal_noun = models.CharField(
        _("ord för målen"),
        max_length=60,
        blank=True,
        help_text=_("T.ex. ”delmål”. Tomt: nivåns namn i plural när en nivå räknas, annars ”mål”."),
    )
    show_activity_sentence = models.BooleanField(_("visa meningen om aktiviteterna"), default=True)
    proposal_rule = models.CharField(
        _("regel för förslaget"), max_length=20, choices=ProposalRule.choices, default=ProposalRule.STANDARD
    )
    partly_threshold = models.PositiveSmallIntegerField(
        _("gräns för delvis (procent av målvärdet)"),
        default=80,
        help_text=_("Med regeln ”andel av målvärdet”: från denna andel föreslås delvis uppfyllt."),
    )

    class Meta:
        verbose_name = _("regler för målbedömning")
        verbose_name_plural = _("regler för målbedömning")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(plan=None),
                name="assessmentrules_one_per_municipality",
            ),
            models.CheckConstraint(
                condition=models.Q(partly_threshold__gte=1, partly_threshold__lte=100),
                name="assessmentrules_threshold_percent",
            ),
        ]

    def __str__(self) -> str:
        return str(self.plan or self.municipality)
