from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.goals.models import Goal
from styrkedja.goals.services import GOAL_TEXT_FIELDS


class GoalTextForm(forms.ModelForm):
    """The goal's texts; ``fingerprint`` is what the texts were when the form was opened."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Goal
        fields = [*GOAL_TEXT_FIELDS, "responsible_unit"]
        widgets = {
            "title": forms.TextInput(attrs={"size": 60}),
            **{name: forms.Textarea(attrs={"rows": 4}) for name in GOAL_TEXT_FIELDS if name != "title"},
        }
        help_texts = {"baseline": _("Utgångsläget: värde, år, källa och rikets värde.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = self.fields["responsible_unit"]
        units.queryset = self.instance.municipality.units.order_by("order", "name")
        units.empty_label = _("Ingen: målet rapporteras av aktiviteternas enheter och controllern")
        for field in self.fields.values():
            if getattr(field, "max_length", None):  # every text says how long it may be
                field.help_text = text_limits.with_limit(field.help_text, field.max_length)
