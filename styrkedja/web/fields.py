"""Form fields that every app's forms share."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DateField(forms.DateField):
    """A date written ÅÅÅÅ-MM-DD (the browser's date picker sends that too; the Swedish input
    formats, styrkedja/formats/sv, read nothing else); anything else, such as 05/12/2023, is refused
    with the form to use rather than read one way or the other."""

    default_error_messages = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2025-05-12.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)
