"""What every app's views do with a form: take the POST, and show a service's refusal in the form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form


def posted(request):
    """The form's data: the POST, or None for a form shown empty."""
    return request.POST if request.method == "POST" else None


def add_service_errors(form: Form, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """A service's refusal shown in the form, at the field it names (``rename``: the form's name for
    a field the service calls otherwise), or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = (rename or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)
