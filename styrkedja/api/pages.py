"""The HTML pages of the API: the member's own tokens, and the API's documentation."""

from __future__ import annotations

from functools import lru_cache

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from drf_spectacular.generators import SchemaGenerator

from styrkedja.api.forms import ApiTokenForm
from styrkedja.api.selectors import api_tokens_of
from styrkedja.api.services import api_token_create, api_token_revoke
from styrkedja.web.access import member_required


@never_cache
@member_required
def tokens(request):
    """The user's tokens, and a form to make one. A new token's secret is shown on this answer only."""
    created, secret = None, ""
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                created, secret = api_token_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, texts in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, texts)
            else:
                form = ApiTokenForm()
    else:
        form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": list(api_tokens_of(user=request.user)),
        "created": created,
        "secret": secret,
        "docs_url": reverse("api:docs"),
    }
    return render(request, "api/tokens.html", context, status=422 if form.errors else 200)


@require_POST
@member_required
def token_revoke(request, pk: int):
    token = get_object_or_404(api_tokens_of(user=request.user), pk=pk)
    api_token_revoke(token=token, user=request.user)
    messages.success(
        request, _("Nyckeln ”%(name)s” är återkallad och fungerar inte längre.") % {"name": token.name}
    )
    return redirect("api:tokens")


METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache(maxsize=1)
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _schema_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _fields(schema: dict, components: dict) -> list[dict]:
    """The top-level fields of a request body, for the documentation's tables."""
    if "$ref" in schema:
        schema = components.get(_schema_name(schema["$ref"]), {})
    required = set(schema.get("required", []))
    rows = []
    for name, field in schema.get("properties", {}).items():
        kind = field.get("type") or (_schema_name(field["$ref"]) if "$ref" in field else "")
        if "allOf" in field or "oneOf" in field:
            kind = _("val")
        rows.append(
            {
                "name": name,
                "type": kind,
                "required": name in required,
                "description": field.get("description", ""),
            }
        )
    return rows


def documentation_context(schema: dict) -> dict:
    components = schema.get("components", {}).get("schemas", {})
    groups: dict[str, list] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            groups.setdefault((operation.get("tags") or [_("Övrigt")])[0], []).append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "body": _fields(body.get("schema", {}), components) if body else [],
                    "responses": [
                        {"code": code, "description": answer.get("description", "")}
                        for code, answer in sorted(operation.get("responses", {}).items())
                    ],
                    "secured": bool(operation.get("security")) and {} not in operation["security"],
                }
            )
    return {"info": schema.get("info", {}), "groups": list(groups.items())}


def documentation(request):
    """The API's documentation in Swedish, rendered here from its schema (no scripts, no CDN)."""
    context = documentation_context(_schema())
    context |= {
        "schema_url": request.build_absolute_uri(reverse("api:schema")),
        "example_url": request.build_absolute_uri(reverse("api:plan-list")),
        "tokens_url": reverse("api:tokens"),
    }
    return render(request, "api/documentation.html", context)
