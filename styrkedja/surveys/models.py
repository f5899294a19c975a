from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja.followup.models import StatusReportBase


class UserSurvey(models.Model):
    """A planned citizen or customer survey (brukarinvolvering/kvalitetsuppföljning)."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="surveys", verbose_name=_("plan")
    )
    unit = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.PROTECT, related_name="surveys", verbose_name=_("verksamhet")
    )
    kind = models.CharField(_("typ av undersökning"), max_length=200)
    contact = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("brukarundersökning")
        verbose_name_plural = _("brukarundersökningar")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.unit} – {self.kind}"


class SurveyReport(StatusReportBase):
    survey = models.ForeignKey(
        UserSurvey, on_delete=models.CASCADE, related_name="reports", verbose_name=_("undersökning")
    )

    class Meta(StatusReportBase.Meta):
        verbose_name = _("undersökningsrapport")
        verbose_name_plural = _("undersökningsrapporter")

    def __str__(self) -> str:
        return f"{self.survey} – {self.period.code}"


class SurveyResult(models.Model):
    survey = models.ForeignKey(
        UserSurvey, on_delete=models.CASCADE, related_name="results", verbose_name=_("undersökning")
    )
    measure = models.CharField(_("mått"), max_length=300)
    year = models.PositiveIntegerField(_("år"))
    value = models.DecimalField(_("resultat"), max_digits=12, decimal_places=2)
    national_value = models.DecimalField(_("riket"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("enhet"), max_length=20, blank=True)
    # The follow-up period the result was reported at; none for a result known when the plan was
    # made. A period's report shows the results reported at it and before it.
    period = models.ForeignKey(
        "followup.FollowUpPeriod",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_results",
        verbose_name=_("rapporterat vid"),
    )

    class Meta:
        verbose_name = _("undersökningsresultat")
        verbose_name_plural = _("undersökningsresultat")
        ordering = ["survey", "measure", "year"]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}: {self.value}"
