from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits


class PublishForm(forms.Form):
    # Empty: the plan itself; otherwise the code of the period whose follow-up is published.
    period = forms.CharField(required=False, max_length=3, widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sparas med återkallandet, till exempel ”Fel i tabellen över budgeten”."),
        error_messages={"required": _("Ange varför publiceringen återkallas.")},
    )
