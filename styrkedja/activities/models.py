from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.activities.choices import ActivityKind, Priority, ProposalState


class Activity(models.Model):
    """An activity, project or pre-study of a plan, under a goal or as a särskild satsning."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="activities", verbose_name=_("plan")
    )
    goal = models.ForeignKey(
        "goals.Goal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("mål"),
    )
    title = models.TextField(_("aktivitet och kort beskrivning"), max_length=text_limits.TITLE)
    kind = models.CharField(_("typ"), max_length=2, choices=ActivityKind.choices, blank=True)
    is_special_initiative = models.BooleanField(_("särskild satsning"), default=False)
    priority = models.CharField(_("prioritet"), max_length=20, choices=Priority.choices, blank=True)
    responsible_unit = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.PROTECT, related_name="activities", verbose_name=_("ansvarig")
    )
    co_responsible_units = models.ManyToManyField(
        "tenancy.OrgUnit", blank=True, related_name="co_activities", verbose_name=_("medansvariga")
    )
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    planned_start = models.DateField(_("planerad start"), null=True, blank=True)
    planned_end = models.DateField(_("planerat slut"), null=True, blank=True)
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_to",
        verbose_name=_("överförd från"),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["plan", "order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(goal__isnull=False) | models.Q(is_special_initiative=True),
                name="activity_has_goal_or_is_special",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_start__isnull=True)
                | models.Q(planned_end__isnull=True)
                | models.Q(planned_start__lte=models.F("planned_end")),
                name="activity_planned_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:120]


class ActivityCollaborator(models.Model):
    """One entry of "Samverkan med": a unit, an outside partner, or free text such as "Alla förvaltningar"."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="collaborators", verbose_name=_("aktivitet")
    )
    unit = models.ForeignKey(
        "tenancy.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enhet"),
    )
    partner = models.ForeignKey(
        "tenancy.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("extern part"),
    )
    text = models.CharField(_("fritext"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("samverkanspart")
        verbose_name_plural = _("samverkan med")
        ordering = ["activity", "order"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(unit__isnull=False, partner__isnull=True, text="")
                    | models.Q(unit__isnull=True, partner__isnull=False, text="")
                    | (models.Q(unit__isnull=True, partner__isnull=True) & ~models.Q(text=""))
                ),
                name="collaborator_exactly_one_of_unit_partner_text",
            )
        ]

    def __str__(self) -> str:
        if self.unit_id:
            return self.unit.label
        if self.partner_id:
            return self.partner.name
        return self.text


class ActivityProposal(models.Model):
    """A rapportör's proposal of a new activity for their unit: not part of the plan until a
    controller accepts it, when the activity is made (``activity``); a declined one says why."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="activity_proposals", verbose_name=_("plan")
    )
    goal = models.ForeignKey(
        "goals.Goal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activity_proposals",
        verbose_name=_("mål"),
    )
    is_special_initiative = models.BooleanField(_("särskild satsning"), default=False)
    title = models.TextField(_("aktivitet och kort beskrivning"), max_length=text_limits.TITLE)
    kind = models.CharField(_("typ"), max_length=2, choices=ActivityKind.choices, blank=True)
    responsible_unit = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarig")
    )
    co_responsible_units = models.ManyToManyField(
        "tenancy.OrgUnit", blank=True, related_name="+", verbose_name=_("medansvariga")
    )
    motivation = models.TextField(_("motivering"), blank=True, max_length=text_limits.COMMENT)
    planned_start = models.DateField(_("planerad start"), null=True, blank=True)
    planned_end = models.DateField(_("planerat slut"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("föreslagen av"),
    )
    proposed_at = models.DateTimeField(_("föreslagen"), auto_now_add=True)
    state = models.CharField(
        _("läge"), max_length=10, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutad av"),
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decision_comment = models.TextField(
        _("kommentar till beslutet"), blank=True, max_length=text_limits.COMMENT
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("aktiviteten som skapades"),
    )

    class Meta:
        verbose_name = _("aktivitetsförslag")
        verbose_name_plural = _("aktivitetsförslag")
        ordering = ["plan", "-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(goal__isnull=False) | models.Q(is_special_initiative=True),
                name="activityproposal_has_goal_or_is_special",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_start__isnull=True)
                | models.Q(planned_end__isnull=True)
                | models.Q(planned_start__lte=models.F("planned_end")),
                name="activityproposal_planned_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ProposalState.DECLINED) | ~models.Q(decision_comment=""),
                name="activityproposal_declined_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:120]
