from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SectionKey(models.TextChoices):
    """Where a piece of free prose sits in the plan document."""

    INTRO = "intro", _("Inledning/sammanfattning")
    GOALS_INTRO = "goals_intro", _("Inledning till målen")
    ASSIGNMENTS_NOTE = "assignments_note", _("Om uppdragen")
    SECTOR = "sector", _("Sektorns verksamhet")
    ECONOMY_NOTE = "economy_note", _("Om ekonomin")
    INVESTMENTS_NOTE = "investments_note", _("Om investeringsplanen")
    USER_INVOLVEMENT = "user_involvement", _("Brukarinvolvering")
    FOLLOWUP_PLAN = "followup_plan", _("Plan för uppföljning")
    CONTACT = "contact", _("Kontaktuppgifter")
    OTHER = "other", _("Övrigt")
