"""What a municipality has made public: a plan or a follow-up, fixed at the moment it was published.

A publication holds its content (``snapshot``, the data the public pages, the open data and the
public API are made from) and its documents as rendered then, so that later edits of the plan do
not show until it is published again. Publications are history: publishing again adds a row, and
withdrawing marks one with who, when and why. What the public sees of a plan or follow-up (an
*edition*) is its newest publication, unless that one is withdrawn.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.publishing.editions import edition_of


class Publication(models.Model):
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="publications",
        verbose_name=_("kommun"),
    )
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="publications", verbose_name=_("plan")
    )
    # Empty: the plan itself (once adopted); otherwise the follow-up at this period (once closed).
    period = models.ForeignKey(
        "followup.FollowUpPeriod",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("uppföljning"),
    )
    snapshot = models.JSONField(_("innehåll"), editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicerad av"),
    )
    published_at = models.DateTimeField(_("publicerad"), auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återkallad av"),
    )
    withdrawn_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    withdrawal_reason = models.TextField(
        _("skäl för återkallandet"), blank=True, max_length=text_limits.COMMENT
    )

    class Meta:
        verbose_name = _("publicering")
        verbose_name_plural = _("publiceringar")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawal_reason=""),
                name="publication_withdrawn_with_reason",
            ),
        ]

    def __str__(self) -> str:
        edition = self.period.name if self.period_id else _("plan")
        return f"{self.plan} {edition} ({self.published_at:%Y-%m-%d})"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def edition(self) -> str:
        """The edition's part of public addresses: "plan", or the period's code in lower case ("t3")."""
        return edition_of(self.snapshot["period"] if self.period_id else None)


class PublishedDocument(models.Model):
    """A document of a publication (PDF, Word …) as rendered when it was published."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="documents", verbose_name=_("publicering")
    )
    format = models.CharField(_("format"), max_length=10)
    filename = models.CharField(_("filnamn"), max_length=200)
    content_type = models.CharField(_("innehållstyp"), max_length=100)
    # In the database, not in files: a publication is whole or not at all (one transaction), every
    # server of an installation reads the same, and a backup of the database holds it.
    content = models.BinaryField(_("innehåll"))
    size = models.PositiveIntegerField(_("storlek"))

    class Meta:
        verbose_name = _("publicerat dokument")
        verbose_name_plural = _("publicerade dokument")
        ordering = ["publication_id", "format"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "format"], name="publisheddocument_unique_format")
        ]

    def __str__(self) -> str:
        return self.filename


class PublicVersion(models.Model):
    """A number that each publication and withdrawal of the municipality raises.

    The public pages are cached under it: a new number is a new cache, on every server at once,
    since each reads the number from the database."""

    municipality = models.OneToOneField(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="public_version",
        verbose_name=_("kommun"),
    )
    number = models.PositiveIntegerField(_("nummer"), default=0)

    class Meta:
        verbose_name = _("publik version")
        verbose_name_plural = _("publika versioner")

    def __str__(self) -> str:
        return f"{self.municipality} {self.number}"
