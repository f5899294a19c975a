from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class WorkbookImportForm(forms.Form):
    workbook = forms.FileField(
        label=_("Arbetsbok (.xlsx)"),
        help_text=_("En arbetsbok i Styrkedjas format, till exempel en ifylld mall. Högst 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    replace = forms.BooleanField(
        label=_("Ersätt planen om den redan finns"),
        help_text=_(
            "Allt i den befintliga planen, också rapporternas historik, ersätts då av arbetsbokens innehåll. "
            "Det som fanns sparas i historiken."
        ),
        required=False,
    )

    MAX_SIZE = 20 * 1024 * 1024

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("Filen är större än 20 MB."))
        return upload
