from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.followup.choices import Assessment, ReportStatus
from styrkedja.web.fields import DateField


class BasedOnField(forms.IntegerField):
    """The report row the form was filled in from (empty: there was none), to detect lost updates."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)


class ActivityReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=text_limits.with_limit(
            _("Vad har gjorts, vad återstår? Texten kan komma med i rapporten."), text_limits.COMMENT
        ),
    )
    based_on = BasedOnField()


class GoalReportForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=text_limits.with_limit(
            _("Kommentar till målet för perioden, till exempel om aktiviteterna som helhet."),
            text_limits.COMMENT,
        ),
    )
    assessment = forms.ChoiceField(
        label=_("Bedömning av måluppfyllelse"),
        choices=[("", _("Ingen bedömning")), *Assessment.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Skäl, om bedömningen avviker från förslaget"),
        required=False,
        max_length=text_limits.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=text_limits.with_limit("", text_limits.REASON),
    )
    actions = forms.CharField(
        label=_("Åtgärder"),
        required=False,
        max_length=text_limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=text_limits.with_limit(
            _("Vad som görs för att nå målet. Texten kommer med i uppföljningsrapporten."),
            text_limits.COMMENT,
        ),
    )
    based_on = BasedOnField()

    def __init__(self, *args, scale: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if scale is not None:  # the municipality's own steps
            self.fields["assessment"].choices = [("", _("Ingen bedömning")), *scale]


class PeriodOpenForm(forms.Form):
    due_on = DateField(
        label=_("Rapporteras senast"),
        required=False,
        help_text=_("Sista dag för rapporteringen (valfritt), ÅÅÅÅ-MM-DD."),
    )


class PeriodReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till att perioden öppnas igen"),
        max_length=text_limits.REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=text_limits.with_limit(_("Skälet sparas i ändringsloggen."), text_limits.REASON),
    )
    due_on = DateField(
        label=_("Ny sista dag för rapporteringen"),
        required=False,
        help_text=_("ÅÅÅÅ-MM-DD. Tomt: som förut."),
    )
