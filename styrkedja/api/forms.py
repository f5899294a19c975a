from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrkedja.api.choices import TokenAccess
from styrkedja.api.services import MAX_DAYS

DEFAULT_DAYS = 90


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=100,
        help_text=_("Vad nyckeln används till, t.ex. ”Ekonomisystemet”."),
    )
    expires_on = forms.DateField(
        label=_("Gäller till och med"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("ÅÅÅÅ-MM-DD, högst %(days)s dagar framåt.") % {"days": MAX_DAYS},
    )
    access = forms.ChoiceField(
        label=_("Behörighet"),
        choices=TokenAccess.choices,
        initial=TokenAccess.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Nyckeln får aldrig mer än din roll: en läsare kan inte skriva ens med en skrivande nyckel."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial", {"expires_on": timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)}
        )
        super().__init__(*args, **kwargs)
