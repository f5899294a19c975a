"""Errors in one shape: {"detail": "…", "errors": {field: [..]}}, in Swedish, never a 500 for bad input."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler


def _texts(detail) -> list[str]:
    if isinstance(detail, dict):
        return [text for value in detail.values() for text in _texts(value)]
    if isinstance(detail, list):
        return [text for value in detail for text in _texts(value)]
    return [str(detail)]


def api_exception_handler(error, context):
    if isinstance(error, DjangoValidationError):
        error = exceptions.ValidationError(
            error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        )
    response = exception_handler(error, context)
    if response is None:
        return None
    if isinstance(error, exceptions.ValidationError):
        detail = error.detail if isinstance(error.detail, dict) else {"non_field_errors": error.detail}
        body = {
            "detail": " ".join(_texts(detail)),
            "errors": {field: _texts(texts) for field, texts in detail.items()},
        }
        response.data = body
        return response
    if isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"])}
    return response
