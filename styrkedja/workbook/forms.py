from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja.workbook.choices import ImportMode


class WorkbookImportForm(forms.Form):
    workbook = forms.FileField(
        label=_("Arbetsbok (.xlsx)"),
        help_text=_("En arbetsbok i Styrkedjas format, till exempel en ifylld mall. Högst 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    mode = forms.ChoiceField(
        label=_("Om planen redan finns"),
        choices=ImportMode.choices,
        initial=ImportMode.CREATE,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Uppdatera läser bara bladen Aktivitetsrapporter och Målrapporter: en ändrad rapport blir en "
            "ny rad i historiken, som när den skrivs i Styrkedja. Ersätt gör planen lik arbetsboken: det "
            "som finns kvar behåller sin historik, det som saknas tas bort och det nya läggs till. "
            "Rapporter i en stängd period ändras aldrig."
        ),
    )

    MAX_SIZE = 20 * 1024 * 1024

    def clean_mode(self):
        return self.cleaned_data["mode"] or ImportMode.CREATE

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("Filen är större än 20 MB."))
        return upload
