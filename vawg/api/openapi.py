"""The OpenAPI document lists every answer the API gives, not only those an operation declares.

django-ninja documents what each operation declares. Three answers come from elsewhere and
apply to whole classes of operation, so they are added here once rather than by each router:

- 400 for an operation with a request body: a body that is not JSON ("Bad request");
- 422 for an operation with parameters or a body: a path, query or body value that does not
  parse or validate (``{"detail": "Invalid input", "errors": [{"field", "message"}]}``);
- 429 for every operation: a call without a usable token over the per-address limit
  (vawg/api/middleware.py), with ``Retry-After``.

A new operation gets them without anyone remembering to declare them; an operation that
declares its own answer for one of these codes keeps it.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

ERROR_REF = "#/components/schemas/ErrorOut"
VALIDATION_ERROR_REF = "#/components/schemas/ValidationErrorOut"
METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options"})


def _answer(description: str, ref: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


BAD_REQUEST = _answer("Bad request: the body is not JSON", ERROR_REF)
INVALID = _answer("Invalid input: a parameter or body field does not parse or validate", VALIDATION_ERROR_REF)
TOO_MANY = _answer("Too many requests without a usable token from this address: retry after a minute", ERROR_REF)


def answers_for(operation: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The answers the API gives for ``operation`` (an OpenAPI operation object) beyond those it declares."""
    extra: dict[int, dict[str, Any]] = {429: TOO_MANY}
    has_body = "requestBody" in operation
    if has_body:
        extra[400] = BAD_REQUEST
    if has_body or operation.get("parameters"):
        extra[422] = INVALID
    return extra


def complete(schema: OpenAPISchema) -> OpenAPISchema:
    """``schema`` with every operation's undeclared API-wide answers added (in place, and returned)."""
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, answer in answers_for(operation).items():
                # ninja keys declared answers by int; the JSON document turns every key into a string.
                if code not in responses and str(code) not in responses:
                    responses[code] = answer
    return schema


class PartnershipAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document also lists the API-wide answers (400, 422, 429)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        return complete(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))
