"""The OpenAPI document lists the answers the API really gives: 400 for a body that is not JSON,
422 for a parameter that does not parse, 429 for unauthenticated floods.

The operations are read from the document itself, so an operation added later is checked too."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from vawg.accounts.models import User
from vawg.api.api import api
from vawg.api.openapi import answers_for, complete
from vawg.api.tests.conftest import bearer

PATH_PARAMETER = re.compile(r"\{[^}]+\}")
NOT_AN_ID = "not-an-id"


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield method.upper(), path, operation


OPERATIONS = sorted((method, path) for method, path, _ in _operations())
WITH_BODY = sorted((method, path) for method, path, op in _operations() if "requestBody" in op)
WITH_PATH_PARAMETER = sorted((method, path) for method, path, _ in _operations() if PATH_PARAMETER.search(path))


def _operation(method: str, path: str) -> dict[str, Any]:
    return api.get_openapi_schema()["paths"][path][method.lower()]


@pytest.fixture
def token(idva_a: User, make_token: Callable[..., str]) -> str:
    return make_token(idva_a)


def test_it_finds_operations_of_each_kind_to_check() -> None:
    assert WITH_BODY
    assert WITH_PATH_PARAMETER


@pytest.mark.parametrize(("method", "path"), WITH_BODY)
def test_it_lists_and_gives_400_for_a_body_that_is_not_json(
    method: str, path: str, client: Client, agencies: Any, token: str
) -> None:
    url = PATH_PARAMETER.sub("00000000-0000-4000-8000-000000000000", path)

    response = client.generic(method, url, "{not json", content_type="application/json", **bearer(token))

    assert response.status_code == 400
    assert response.json()["detail"]
    assert "400" in {str(code) for code in _operation(method, path)["responses"]}


@pytest.mark.parametrize(("method", "path"), WITH_PATH_PARAMETER)
def test_it_lists_and_gives_422_for_a_path_parameter_that_does_not_parse(
    method: str, path: str, client: Client, agencies: Any, token: str
) -> None:
    url = PATH_PARAMETER.sub(NOT_AN_ID, path)

    response = client.generic(method, url, "{}", content_type="application/json", **bearer(token))

    assert response.status_code == 422
    assert any(error["field"].startswith("path.") for error in response.json()["errors"])
    assert "422" in {str(code) for code in _operation(method, path)["responses"]}


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_it_lists_429_for_every_operation(method: str, path: str) -> None:
    assert "429" in {str(code) for code in _operation(method, path)["responses"]}


def test_it_keeps_an_answer_an_operation_declares_itself() -> None:
    own = {"description": "Our own words"}
    schema: Any = {"paths": {"/x/{id}": {"post": {"requestBody": {}, "responses": {422: own}}}}}

    responses = complete(schema)["paths"]["/x/{id}"]["post"]["responses"]

    assert responses[422] is own
    assert set(responses) == {400, 422, 429}


@pytest.mark.parametrize(
    ("operation", "codes"),
    [
        ({}, {429}),
        ({"parameters": [{"in": "query"}]}, {422, 429}),
        ({"requestBody": {}}, {400, 422, 429}),
        ({"parameters": [], "requestBody": {}}, {400, 422, 429}),
    ],
)
def test_it_adds_the_answers_each_kind_of_operation_can_give(operation: dict[str, Any], codes: set[int]) -> None:
    assert set(answers_for(operation)) == codes


def test_it_serves_the_completed_document(client: Client, db: None) -> None:
    document = client.get("/api/v1/openapi.json").json()

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "429" in operation["responses"], f"{method.upper()} {path}"
