"""The base of every form that edits an object of a plan.

Each domain keeps its own forms (``goals/forms.py``, ``economy/forms.py`` …) and builds them on
these bases, so that the rules every planning form shares hold in one place: every choice of a
unit, a goal or a partner is the plan's or the municipality's own (a choice nobody narrowed would
offer another municipality's), amounts are read the Swedish way ("95,7"), dates are picked as
dates, and a text says how long it may be.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.web.fields import DateField

# Choices of these models are the municipality's own; of PLAN_OWN, the plan's own.
MUNICIPALITY_OWN = {"tenancy.orgunit", "tenancy.partner", "goals.goallevel"}
PLAN_OWN = {"assignments.assignment", "economy.investmentproject", "meetings.meeting", "activities.activity"}
EVERYONE_S = {"goals.sustainabledevelopmentgoal"}


def scoped_choices(queryset: QuerySet, plan) -> QuerySet:
    """A choice field's objects narrowed to what the plan may name."""
    label = queryset.model._meta.label_lower
    if label in MUNICIPALITY_OWN:
        return queryset.filter(municipality=plan.municipality)
    if label in PLAN_OWN:
        return queryset.filter(plan=plan)
    if label == "goals.goal":  # the plan's goals and the vision areas that span plans, level by level
        goals = queryset.filter(municipality=plan.municipality).filter(Q(plan=plan) | Q(plan=None))
        return goals.select_related("level").order_by("level__depth", "order", "pk")
    if label in EVERYONE_S:
        return queryset
    raise ImproperlyConfigured(f"Say whose {label} a planning form may choose from.")


class PlanFieldsMixin:
    """Narrows the choices to the plan and makes numbers, dates and texts read the Swedish way."""

    def _fit_fields(self, plan) -> None:
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and not isinstance(field, DateField):
                # The project's date, ÅÅÅÅ-MM-DD, with the message that says so.
                self.fields[name] = field = DateField(
                    required=field.required, label=field.label, help_text=field.help_text
                )
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = scoped_choices(field.queryset, plan)
            if isinstance(field, forms.DecimalField):
                # A text box, not type=number: "95,7" is how a Swede writes it, and a number box
                # would drop the comma in some browsers.
                field.localize = True
                field.widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 10})
                field.widget.is_localized = True
            elif isinstance(field, forms.IntegerField):
                field.widget.attrs.setdefault("size", 6)
            if getattr(field, "max_length", None) and field.max_length > 300:
                field.help_text = text_limits.with_limit(field.help_text, field.max_length)

    def _clean_fields(self):
        super()._clean_fields()
        # As every way in keeps its texts: a line ends in a line feed, and no control character.
        for name, value in self.cleaned_data.items():
            if isinstance(value, str):
                self.cleaned_data[name] = text_limits.normalised(value)


class PlanObjectForm(PlanFieldsMixin, forms.ModelForm):
    """An object of a plan, with ``fingerprint``: what the object was when the form was opened."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self._fit_fields(plan)


class PlanChildForm(PlanFieldsMixin, forms.ModelForm):
    """A row of a table within an object's form: an indicator's value, a meeting's item."""

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self._fit_fields(plan)

    def validate_unique(self):
        super().validate_unique()
        # Django leaves out the constraints that name the row's parent (the inline key), so a row
        # like one already saved would pass the form and fail in the database: checked here.
        if self.instance.pk is None or self.has_changed():
            try:
                self.instance.validate_constraints(exclude=self._get_validation_exclusions())
            except ValidationError as error:
                self._update_errors(error)


class PlanChildFormSet(BaseInlineFormSet):
    """The rows of a table within an object's form, kept in the order they are shown."""

    caption = ""  # what the table is, said by each domain's formset

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, form_kwargs={"plan": plan}, **kwargs)

    def _construct_form(self, i, **kwargs):
        # The choices of a unit or a goal are the same on every row: read once, not once a row.
        form = super()._construct_form(i, **kwargs)
        cache = self.__dict__.setdefault("_choices", {})
        for name, field in form.fields.items():
            if isinstance(field, forms.ModelChoiceField) and name != "id":
                if name not in cache:
                    cache[name] = list(field.choices)
                field.choices = cache[name]
        return form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Ta bort")

    def save(self, commit=True):
        changed = super().save(commit=False)
        for obj in self.deleted_objects:
            obj.delete()
        ordered = any(field.name == "order" for field in self.model._meta.concrete_fields)
        position = 0
        for form in self.forms:
            obj = form.instance
            if form in self.deleted_forms or not (obj.pk or obj in changed):
                continue  # removed, or an empty row left empty
            if ordered:
                obj.order = position
                position += 1
            if ordered or obj in changed:
                obj.save()
        self.save_m2m()
        return changed


def child_formset(parent_model, model, form, *, caption, extra: int = 2):
    """The formset class for a table of rows within an object's form, with what the table is."""
    formset = inlineformset_factory(parent_model, model, form=form, formset=PlanChildFormSet, extra=extra)
    formset.caption = caption
    return formset
