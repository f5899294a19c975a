from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja.opendata.choices import License


class OpenDataSettingsForm(forms.Form):
    license = forms.ChoiceField(
        label=_("Licens"),
        choices=License.choices,
        widget=forms.RadioSelect,
        help_text=_("Licensen gäller alla kommunens öppna data: filerna, README och datakatalogen."),
    )
    contact_email = forms.EmailField(
        label=_("E-post för frågor om datamängderna"),
        required=True,
        help_text=_(
            "Visas i datakatalogen (DCAT-AP-SE kräver en kontaktpunkt), till exempel kommun@mjolby.se."
        ),
        error_messages={
            "required": _("Ange en e-postadress för frågor om datamängderna."),
            "invalid": _("E-postadressen är inte giltig: skriv den som namn@kommun.se."),
        },
    )
