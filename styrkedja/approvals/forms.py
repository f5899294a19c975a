from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits


class ApprovalSettingForm(forms.Form):
    reports_need_approval = forms.BooleanField(
        label=_("Enheternas rapporter godkänns innan controllern tar del av dem"),
        required=False,
        help_text=_(
            "En enhets rapportör skickar enhetens rapporter till chefen för enheten ovanför "
            "(rapportörerna där, annars controllern), som godkänner dem eller returnerar dem med en "
            "kommentar. Bara godkända enheter räknas som klara på periodens sida."
        ),
    )


class ApprovalDecisionForm(forms.Form):
    """Approve or return: ``seen`` is the send the approver read."""

    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApprovalReturnForm(ApprovalDecisionForm):
    comment = forms.CharField(
        label=_("Vad ska enheten ändra?"),
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=text_limits.with_limit(_("Krävs när rapporterna returneras."), text_limits.COMMENT),
        error_messages={"required": _("Skriv vad enheten ska ändra innan rapporterna returneras.")},
    )
