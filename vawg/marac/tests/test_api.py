"""GET /api/v1/marac/returns: the SafeLives field names exactly, the known fixture's figures, 422s that
name the field, 403 without marac.view_return and 401 without a token."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from vawg.accounts.models import User
from vawg.api.services import api_token_create
from vawg.marac.tests.returns_fixture import (
    EXPECTED_Q1,
    EXPECTED_Q2,
    build_return_fixture,
    documented_return_fields,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/marac/returns"
# The field names are the ones docs/domain/marac.md lists, plus the period and the rate.
FIELDS = documented_return_fields() | {"from", "to", "cases_per_10k_adult_women"}
AGENCIES = {"police", "idva", "health", "children_social_care", "housing", "adult_social_care", "probation", "other"}


@pytest.fixture(autouse=True)
def _july_2026() -> Any:
    with time_machine.travel(datetime(2026, 7, 15, 9, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def get() -> Callable[..., Any]:
    def call(user: User | None, **params: object) -> Any:
        headers = {}
        if user is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user, name='Returns', by=user)[1]}"
        return Client().get(URL, params, **headers)

    return call


def errors(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "Invalid input"
    return {error["field"]: error["message"] for error in body["errors"]}


def test_it_returns_the_known_fixture_with_the_safelives_field_names(get: Callable[..., Any], analyst: User) -> None:
    fixture = build_return_fixture()

    q2 = get(analyst, **{"from": "2026-04-01", "to": "2026-06-30", "area": fixture.area.pk})
    q1 = get(analyst, **{"from": "2026-01-01", "to": "2026-03-31", "area": fixture.area.pk})

    assert q2.status_code == 200
    assert set(q2.json()) == FIELDS
    assert set(q2.json()["referrals_by_agency"]) == AGENCIES
    assert q2.json() == EXPECTED_Q2
    assert q1.json() == EXPECTED_Q1
    assert "no-store" in q2["Cache-Control"]


def test_it_returns_every_area_and_the_last_complete_quarter_by_default(
    get: Callable[..., Any], marac_coordinator: User
) -> None:
    build_return_fixture()

    body = get(marac_coordinator).json()

    assert (body["from"], body["to"]) == ("2026-04-01", "2026-06-30")
    assert body["cases_discussed"] == 6
    assert body["meeting_dates"] == ["2026-05-14", "2026-05-20", "2026-06-11"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2026-13-01", "to": "2026-06-30"}, "query.from", "Enter a real date in the format YYYY-MM-DD"),
        ({"from": "01/04/2026", "to": "2026-06-30"}, "query.from", "Enter a date in the format YYYY-MM-DD"),
        ({"from": "2026-04-01", "to": "2026-06-31"}, "query.to", "Enter a real date in the format YYYY-MM-DD"),
        ({"from": "2026-07-01", "to": "2026-06-30"}, "query.to", "to must be the same as or after from"),
        ({"from": "2026-04-01"}, "query.to", "Send both from and to, or neither"),
        ({"to": "2026-04-01"}, "query.from", "Send both from and to, or neither"),
        ({"from": "2010-01-01", "to": "2026-06-30"}, "query.to", "Ask for 5 years or less at a time"),
        ({"from": "9999-12-01", "to": "9999-12-31"}, "query.from", "Year must be between 1900 and 2099"),
        ({"from": "2026-01-01", "to": "9999-12-31"}, "query.to", "Year must be between 1900 and 2099"),
        ({"area": "not-an-id"}, "query.area", ""),
        ({"area": "00000000-0000-0000-0000-000000000000"}, "query.area", "No MARAC area has this id"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(
    get: Callable[..., Any], analyst: User, params: dict[str, str], field: str, message: str
) -> None:
    found = errors(get(analyst, **params))

    assert field in found
    assert message in found[field]


def test_it_refuses_callers_without_the_return_permission(
    get: Callable[..., Any], board_member: User, idva_a: User, admin_user: User
) -> None:
    for user in (board_member, idva_a, admin_user):
        response = get(user)
        assert response.status_code == 403
        assert response.json() == {"detail": "You do not have permission"}


def test_it_refuses_callers_without_a_token(get: Callable[..., Any]) -> None:
    response = get(None, **{"from": "2026-04-01", "to": "2026-06-30"})

    assert response.status_code == 401


def test_it_documents_the_operation_in_the_openapi_schema() -> None:
    schema = Client().get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/marac/returns"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"from", "to", "area"}
    # 429: the API-wide answer to unauthenticated floods (vawg/api/openapi.py).
    assert set(operation["responses"]) == {"200", "401", "403", "422", "429"}
