"""The OpenAPI schema: every operation says its error answers, so that a client (and Schemathesis)
knows the shape of each."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_array_type, build_basic_type
from drf_spectacular.types import OpenApiTypes

ERROR_TEXTS = {
    "400": "Fel i det som skickades eller i en parameter.",
    "401": "Ingen eller en ogiltig API-nyckel.",
    "403": "Nyckeln eller rollen får inte detta.",
    "404": "Finns inte (i nyckelns kommun).",
}


def error_schema() -> dict:
    return {
        "type": "object",
        "properties": {
            "detail": build_basic_type(OpenApiTypes.STR),
            "errors": {
                "type": "object",
                "additionalProperties": build_array_type(build_basic_type(OpenApiTypes.STR)),
            },
        },
        "required": ["detail"],
    }


class StyrkedjaSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        public = not self.get_auth()
        codes = ["400", "404"] if public else ["400", "401", "403", "404"]
        for code in codes:
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": error_schema()}},
                    "description": ERROR_TEXTS[code],
                },
            )
        return responses


def swedish_descriptions(result, generator, request, public):
    """A hook of drf-spectacular: the path's id described in Swedish, as the rest of the schema."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "id" and parameter.get("description", "").startswith("A unique"):
                    parameter["description"] = "Objektets id."
    return result
