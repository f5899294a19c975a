from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.followup.choices import Assessment, ProposalRule, ReportStatus
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


class AssessmentScaleForm(forms.Form):
    """The municipality's scale: per standard step whether it is used, and its words and symbol."""

    def __init__(self, *args, steps: list, **kwargs):
        super().__init__(*args, **kwargs)
        current = {step.key: step for step in steps}
        for key in Assessment.values:
            step = current.get(key)
            self.fields[f"{key}-used"] = forms.BooleanField(
                label=_("Använd steget"), required=False, initial=step is not None
            )
            self.fields[f"{key}-label"] = forms.CharField(
                label=_("Kommunens benämning"),
                required=False,
                max_length=100,
                initial=step.label if step else "",
            )
            self.fields[f"{key}-symbol"] = forms.CharField(
                label=_("Symbol"), required=False, max_length=8, initial=step.symbol if step else ""
            )
            self.fields[f"{key}-summary_word"] = forms.CharField(
                label=_("Ord i sammanfattningen"),
                required=False,
                max_length=60,
                initial=step.summary_word if step else "",
                help_text=_("T.ex. ”uppfyllda” i ”12 av 25 delmål uppfyllda”."),
            )

    def groups(self) -> list[tuple[str, list]]:
        """(the step's standard meaning, its four fields), for a fieldset each."""
        return [
            (standard, [self[f"{key}-{name}"] for name in ("used", "label", "symbol", "summary_word")])
            for key, standard in Assessment.choices
        ]

    def steps(self) -> list[dict]:
        """The used steps, best first, as assessment_scale_set takes them."""
        return [
            {
                "key": key,
                "label": self.cleaned_data[f"{key}-label"] or str(standard),
                "symbol": self.cleaned_data[f"{key}-symbol"],
                "summary_word": self.cleaned_data[f"{key}-summary_word"],
            }
            for key, standard in Assessment.choices
            if self.cleaned_data[f"{key}-used"]
        ]


class AssessmentRulesForm(forms.Form):
    counted_levels = forms.ModelMultipleChoiceField(
        label=_("Räknade målnivåer"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nivåerna vars mål räknas i sammanfattningen. Ingen vald: alla nivåer."),
    )
    goal_noun = forms.CharField(
        label=_("Ord för målen"),
        required=False,
        max_length=60,
        help_text=_("T.ex. ”delmål”. Tomt: nivåns namn när en nivå räknas, annars ”mål”."),
    )
    show_activity_sentence = forms.BooleanField(
        label=_("Visa meningen om aktiviteterna i sammanfattningen"), required=False
    )
    proposal_rule = forms.ChoiceField(
        label=_("Regel för förslaget till bedömning"), choices=ProposalRule.choices
    )
    partly_threshold = forms.IntegerField(
        label=_("Gräns för delvis (procent av målvärdet)"),
        min_value=1,
        max_value=100,
        help_text=_("Med regeln ”andel av målvärdet”: från denna andel föreslås delvis uppfyllt."),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counted_levels"].queryset = levels
