from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja.meetings.models import BudgetMilestone, Meeting, MeetingItem
from styrkedja.planning.forms import PlanChildForm, PlanObjectForm, child_formset


class MeetingForm(PlanObjectForm):
    class Meta:
        model = Meeting
        fields = ["body", "date", "title"]


class MeetingItemForm(PlanChildForm):
    """What is presented at the meeting: a goal, an assignment or something said in words."""

    class Meta:
        model = MeetingItem
        fields = ["goal", "assignment", "text"]
        labels = {"text": _("eller fritext")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = self.fields["goal"].queryset.filter(
            plan=self.plan
        )  # not a vision area

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("goal") and cleaned.get("assignment"):
            raise forms.ValidationError(
                _("En punkt är ett mål eller ett uppdrag, inte båda: gör två punkter.")
            )
        if not any(cleaned.get(name) for name in ("goal", "assignment", "text")) and not cleaned.get(
            "DELETE"
        ):
            raise forms.ValidationError(
                _("Välj ett mål eller ett uppdrag, skriv en text, eller ta bort raden.")
            )
        return cleaned


MeetingItemFormSet = child_formset(
    Meeting, MeetingItem, MeetingItemForm, caption=_("Det som redovisas vid sammanträdet"), extra=3
)


class BudgetMilestoneForm(PlanObjectForm):
    class Meta:
        model = BudgetMilestone
        fields = ["title", "date", "when_text", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
