from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.meetings.choices import MeetingBody


class Meeting(models.Model):
    """A meeting of KF, KS or AU at which goals or assignments of a plan are presented."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("plan")
    )
    body = models.CharField(_("organ"), max_length=2, choices=MeetingBody.choices)
    date = models.DateField(_("datum"))
    title = models.CharField(_("rubrik"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["plan", "date", "body"]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.date:%Y-%m-%d}"


class MeetingItem(models.Model):
    """What is presented at a meeting: a goal, an assignment or something described in words."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("sammanträde")
    )
    goal = models.ForeignKey(
        "goals.Goal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_items",
        verbose_name=_("mål"),
    )
    assignment = models.ForeignKey(
        "assignments.Assignment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_items",
        verbose_name=_("uppdrag"),
    )
    text = models.CharField(_("text"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("punkt")
        verbose_name_plural = _("punkter")
        ordering = ["meeting", "order"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(goal__isnull=False, assignment__isnull=True)
                    | models.Q(goal__isnull=True, assignment__isnull=False)
                    | (models.Q(goal__isnull=True, assignment__isnull=True) & ~models.Q(text=""))
                ),
                name="meetingitem_goal_or_assignment_or_text",
            )
        ]

    def __str__(self) -> str:
        return str(self.goal or self.assignment or self.text)


class BudgetMilestone(models.Model):
    """A step of the budget process (Budgetberedning, Budget KS, Budget KF …)."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="budget_milestones", verbose_name=_("plan")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    when_text = models.CharField(
        _("när"), max_length=200, blank=True, help_text=_("Som dokumentet anger det.")
    )
    date = models.DateField(_("datum"), null=True, blank=True)
    description = models.TextField(_("beskrivning"), blank=True, max_length=text_limits.COMMENT)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("milstolpe i budgetprocessen")
        verbose_name_plural = _("budgetprocessen")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.title} {self.when_text}".strip()
