from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.assignments.choices import AssignmentStatus
from styrkedja.assignments.models import Assignment
from styrkedja.followup.forms import BasedOnField
from styrkedja.planning.forms import PlanObjectForm


class AssignmentForm(PlanObjectForm):
    """An uppdrag from the council: what, the goal it serves, and who carries it out."""

    class Meta:
        model = Assignment
        fields = ["title", "description", "goal", "responsible_unit"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = self.fields["goal"].queryset.filter(
            plan=self.plan
        )  # not a vision area


class AssignmentReportForm(forms.Form):
    """Where an uppdrag stands at a period, as an AU meeting hears it."""

    status = forms.ChoiceField(label=_("Nuläge"), choices=AssignmentStatus.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Genomfört arbete"),
        required=False,
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=text_limits.with_limit(_("Vad har gjorts i uppdraget hittills?"), text_limits.COMMENT),
    )
    prognosis = forms.CharField(
        label=_("Prognos"),
        required=False,
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=text_limits.with_limit(_("Blir uppdraget genomfört, och när?"), text_limits.COMMENT),
    )
    corrective_actions = forms.CharField(
        label=_("Korrigerande åtgärder"),
        required=False,
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=text_limits.with_limit(
            _("Om uppdraget inte ser ut att bli genomfört: vad görs åt det?"), text_limits.COMMENT
        ),
    )
    based_on = BasedOnField()

    def __init__(self, *args, labels: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if labels is not None:  # the municipality's own words
            self.fields["status"].choices = list(labels.items())


class AssignmentStatusLabelsForm(forms.Form):
    """The municipality's word for each of the four statuses; empty keeps the standard word."""

    def __init__(self, *args, labels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for key, standard in AssignmentStatus.choices:
            self.fields[key] = forms.CharField(
                label=standard,
                required=False,
                max_length=60,
                initial=labels.get(key, ""),
                help_text=_("Kommunens ord för statusen ”%(standard)s”. Tomt: ”%(standard)s”.")
                % {"standard": standard},
            )
