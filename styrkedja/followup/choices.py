from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ej inledd")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Klart")


# The documents write these variants too; they mean the same status.
STATUS_ALIASES = {
    "ej inledd": ReportStatus.NOT_STARTED,
    "ej inlett": ReportStatus.NOT_STARTED,
    "pågår": ReportStatus.ONGOING,
    "klart": ReportStatus.DONE,
    "klar": ReportStatus.DONE,
}


class Assessment(models.TextChoices):
    """The default five-step scale of goal fulfilment."""

    ACHIEVED = "achieved", _("Uppnått")
    LIKELY = "likely", _("Bedöms uppnås")
    UNCERTAIN = "uncertain", _("Osäkert")
    UNLIKELY = "unlikely", _("Bedöms inte uppnås")
    NOT_ACHIEVED = "not_achieved", _("Inte uppnått")
    # Outside the scale's order: a goal that cannot be judged (no statistics, a changed measure)
    # is counted apart, never as a poor result.
    NOT_ASSESSABLE = "not_assessable", _("Kan inte bedömas")


class ProposalRule(models.TextChoices):
    """How the proposal for a goal's assessment is drawn from its indicators (and activities)."""

    STANDARD = "standard", _("Indikatorer och aktiviteter (standard)")
    TARGET_SHARE = "target_share", _("Andel av målvärdet som nås")
    ALL_INDICATORS = "all_indicators", _("Alla indikatorer når målvärdet")
    MOST_INDICATORS = "most_indicators", _("De flesta indikatorerna når målvärdet")


class CommentTopic(models.TextChoices):
    SUMMARY = "summary", _("Sammanfattning")
    SPECIAL_INITIATIVES = "special_initiatives", _("Särskilda satsningar")
    USER_INVOLVEMENT = "user_involvement", _("Brukarinvolvering/kvalitetsuppföljning")


class PeriodState(models.TextChoices):
    """Derived from a period's opened and closed times; not stored."""

    PLANNED = "planned", _("Ej öppnad")
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")
