from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class WordTemplateForm(forms.Form):
    template = forms.FileField(
        label=_("Word-mall (.docx)"),
        help_text=_("Kommunens egen mall med rubrikformat, sidhuvud och sidfot. Högst 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )

    MAX_SIZE = 10 * 1024 * 1024

    def clean_template(self):
        upload = self.cleaned_data["template"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("Filen är större än 10 MB."))
        return upload
