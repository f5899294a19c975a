"""Writing an indicator's value through the API by the planning pages' own way: the indicator's form
with its table of values, saved by ``planning.services.plan_object_save``. So a value from the API
meets the same checks (a value or the reason it is missing, one row per year and comparison, a
plan that may be changed) and lands in the audit log as the page's would."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.planning.kinds import KINDS
from styrkedja.planning.services import plan_object_save

KIND = KINDS["indikatorer"]
ROW_FIELDS = ("year", "scope", "label", "gender", "value", "missing_reason", "rank", "rank_of", "note")
KEY = ("year", "scope", "label", "gender")


def _as_typed(value) -> str:
    """A value as a person would type it in the form: nothing for None, a decimal comma."""
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    return str(value)


def _form_data(indicator: Indicator, form_class) -> dict:
    fields = [name for name in form_class._meta.fields]
    data = {}
    for name, value in model_to_dict(indicator, fields=fields).items():
        if value is not False:  # an unticked box is left out, as a browser leaves it out
            data[name] = _as_typed(value)
    return data


def indicator_value_set(*, indicator: Indicator, values: dict, user) -> IndicatorValue:
    """Add the indicator's value for a year and comparison, or change the one there is. ``values``
    holds the row's fields (``ROW_FIELDS``); the year, scope, label and gender name the row."""
    plan = indicator.goal.plan
    formset_class = KIND.children[0]
    prefix = formset_class.fk.remote_field.get_accessor_name()
    data = _form_data(indicator, KIND.form)
    rows = list(indicator.values.order_by("pk"))
    wanted = {name: values.get(name) for name in ROW_FIELDS}
    wanted["label"] = wanted["label"] or ""
    replaced = False
    for index, row in enumerate(rows):
        row_values = model_to_dict(row, fields=ROW_FIELDS)
        if all(row_values[name] == wanted[name] for name in KEY):
            row_values, replaced = wanted, True
        data[f"{prefix}-{index}-id"] = str(row.pk)
        data[f"{prefix}-{index}-indicator"] = str(indicator.pk)
        data |= {f"{prefix}-{index}-{name}": _as_typed(value) for name, value in row_values.items()}
    count = len(rows)
    if not replaced:
        data |= {f"{prefix}-{count}-{name}": _as_typed(value) for name, value in wanted.items()}
        data[f"{prefix}-{count}-indicator"] = str(indicator.pk)
        count += 1
    data |= {
        f"{prefix}-TOTAL_FORMS": str(count),
        f"{prefix}-INITIAL_FORMS": str(len(rows)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    form = KIND.form(data, instance=indicator, plan=plan)
    formset = formset_class(data, instance=indicator, plan=plan, prefix=prefix)
    if not form.is_valid():
        raise ValidationError(
            {field: list(texts) for field, texts in form.errors.items()}
            or _("Indikatorn kan inte sparas som den är; rätta den på planeringssidan först.")
        )
    if not formset.is_valid():
        errors: dict[str, list[str]] = {}
        for row_form in formset.forms:
            for field, texts in row_form.errors.items():
                errors.setdefault(field if field != "__all__" else "non_field_errors", []).extend(texts)
        for text in formset.non_form_errors():
            errors.setdefault("non_field_errors", []).append(text)
        raise ValidationError(errors)
    plan_object_save(kind=KIND, plan=plan, form=form, formsets=[formset], seen=None, user=user)
    return IndicatorValue.objects.get(indicator=indicator, **{name: wanted[name] for name in KEY})
