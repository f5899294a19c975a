"""A municipality's own Word template (its graphic profile), used for the Word documents it makes;
and the documents made and kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja.documents.choices import RenderFormat, RenderState


class WordTemplate(models.Model):
    municipality = models.OneToOneField(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="word_template",
        verbose_name=_("kommun"),
    )
    name = models.CharField(_("filnamn"), max_length=200)
    content = models.BinaryField(_("innehåll"))
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )

    class Meta:
        verbose_name = _("Word-mall")
        verbose_name_plural = _("Word-mallar")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.name}"


class RenderedDocument(models.Model):
    """A document of a plan (at a period, in a format) made once for a state of the plan's data and
    kept in the default storage, with the render of it that is under way or failed last.

    ``data_version`` fingerprints what the kept file shows (see documents.kept): a request whose
    data give another fingerprint finds the file stale and starts a new render.
    """

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="rendered_documents", verbose_name=_("plan")
    )
    # Empty for the plan document; a follow-up report is the plan's at a period.
    period = models.ForeignKey(
        "followup.FollowUpPeriod",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("period"),
    )
    # Set for a meeting's underlag (then period is empty): the meeting's own document of the plan.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sammanträde"),
    )
    format = models.CharField(_("format"), max_length=10, choices=RenderFormat.choices)
    data_version = models.CharField(_("dataversion"), max_length=64, blank=True)
    file = models.FileField(_("fil"), upload_to="documents/", max_length=300, blank=True)
    size = models.PositiveIntegerField(_("storlek (byte)"), default=0)
    rendered_at = models.DateTimeField(_("skapad"), null=True, blank=True)
    render_seconds = models.FloatField(_("tid att skapa (sekunder)"), default=0)
    # The render asked for last: its state, the fingerprint of the data it was asked for, its task.
    state = models.CharField(
        _("läge"), max_length=10, choices=RenderState.choices, default=RenderState.PENDING
    )
    wanted_version = models.CharField(_("önskad dataversion"), max_length=64, blank=True)
    task_id = models.CharField(_("uppgift"), max_length=64, blank=True)
    failure = models.TextField(_("fel"), blank=True)
    asked_at = models.DateTimeField(_("beställd"), null=True, blank=True)

    class Meta:
        verbose_name = _("skapat dokument")
        verbose_name_plural = _("skapade dokument")
        ordering = ["plan", "period", "format", "id"]
        constraints = [
            # One per kind, as NULLs are distinct to a single unique constraint.
            models.UniqueConstraint(
                fields=["plan", "format"],
                condition=models.Q(period=None, meeting=None),
                name="rendered_plan_document_once",
            ),
            models.UniqueConstraint(
                fields=["plan", "period", "format"],
                condition=models.Q(period__isnull=False),
                name="rendered_followup_document_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "format"],
                condition=models.Q(meeting__isnull=False),
                name="rendered_meeting_document_once",
            ),
            models.CheckConstraint(
                condition=models.Q(period=None) | models.Q(meeting=None),
                name="rendered_document_of_a_period_or_a_meeting",
            ),
        ]

    def __str__(self) -> str:
        period = f" {self.period.code}" if self.period_id else ""
        meeting = f" {self.meeting}" if self.meeting_id else ""
        return f"{self.plan}{period}{meeting} ({self.format})"
