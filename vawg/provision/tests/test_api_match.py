"""``POST /api/v1/accommodation/match``: the stateless matcher over the API (vawg/provision/api/match.py)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import Client

from vawg.accounts.models import User
from vawg.api.services import api_token_create
from vawg.audit.models import AuditEntry
from vawg.provision.api.match import MAX_UNITS

pytestmark = pytest.mark.django_db

URL = "/api/v1/accommodation/match"
EXAMPLE: dict[str, Any] = {
    "on": "2026-12-05",
    "household": {
        "adults": 1,
        "children": [{"age": 7, "sex": "male"}],
        "survivor_age": 34,
        "survivor_gender": "female",
    },
    "needs": {"wheelchair": False, "pets": False, "nrpf": False},
    "preferences": {"languages": ["pl"], "specialisms": ["black-minoritised"]},
    "excluded_districts": ["watford"],
    "units": [
        {
            "id": "u1",
            "district": "stevenage",
            "available_from": "2026-12-01",
            "max_household": 3,
            "max_children": 2,
            "boys_max_age": 12,
            "genders": ["female"],
            "min_age": 18,
            "wheelchair": True,
            "pets": False,
            "nrpf_accepted": True,
            "languages": ["en", "pl"],
            "specialisms": [],
        }
    ],
}


def _unit(**changes: Any) -> dict[str, Any]:
    return {**EXAMPLE["units"][0], **changes}


def _post(user: User | None, body: Any, client: Client | None = None) -> Any:
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user, name='Test', by=user)[1]}"
    raw = body if isinstance(body, str) else json.dumps(body)
    return (client or Client()).post(URL, raw, content_type="application/json", **headers)


def test_it_matches_the_documented_example(idva_a: User) -> None:
    response = _post(idva_a, EXAMPLE)
    assert response.status_code == 200
    assert response.json() == {"matches": [{"id": "u1", "preferences_met": ["language"]}], "excluded": []}


def test_it_orders_matches_and_lists_every_reason_in_order(idva_a: User) -> None:
    body = copy.deepcopy(EXAMPLE)
    body["units"] = [
        _unit(id="late-none", available_from="2026-12-04", languages=[]),
        _unit(id="early-none", available_from="2026-12-01", languages=[]),
        _unit(id="both", available_from="2026-12-05", specialisms=["black-minoritised"]),
        _unit(id="watford", district="watford", max_household=1, genders=["male"]),
        _unit(id="later", available_from="2026-12-06", boys_max_age=None),
        _unit(id="never", available_from=None, boys_max_age=6, min_age=40),
    ]
    body["needs"] = {"wheelchair": True, "pets": False, "nrpf": False}
    body["units"][1]["wheelchair"] = False
    found = _post(idva_a, body).json()
    assert found["matches"] == [
        {"id": "both", "preferences_met": ["language", "specialism"]},
        {"id": "late-none", "preferences_met": []},
    ]
    assert found["excluded"] == [
        {"id": "early-none", "reasons": ["wheelchair"]},
        {"id": "watford", "reasons": ["household-size", "gender", "excluded-district"]},
        {"id": "later", "reasons": ["not-available"]},
        {"id": "never", "reasons": ["boys-age", "min-age", "not-available"]},
    ]


def test_it_takes_a_body_without_preferences_or_districts_to_avoid(idva_a: User) -> None:
    body = {key: value for key, value in EXAMPLE.items() if key not in ("preferences", "excluded_districts")}
    assert _post(idva_a, body).json()["matches"] == [{"id": "u1", "preferences_met": []}]


def test_it_answers_an_empty_list_of_units(idva_a: User) -> None:
    assert _post(idva_a, {**EXAMPLE, "units": []}).json() == {"matches": [], "excluded": []}


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    body = copy.deepcopy(EXAMPLE)
    target: Any = body
    for part in path[:-1]:
        target = target[part]
    if value is _MISSING:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return body


_MISSING = object()

# (what is wrong, where, the value, the field the 422 names)
BAD: list[tuple[str, tuple[Any, ...], Any, str]] = [
    ("date with a one-digit day", ("on",), "2026-12-5", "body.on"),
    ("a timestamp for a date", ("on",), "2026-12-05T10:00:00", "body.on"),
    ("a date that does not exist", ("on",), "2026-02-30", "body.on"),
    ("a number for a date", ("on",), 20261205, "body.on"),
    ("on missing", ("on",), _MISSING, "body.on"),
    ("adults as a string", ("household", "adults"), "1", "body.household.adults"),
    ("no adult", ("household", "adults"), 0, "body.household.adults"),
    ("a negative age", ("household", "children", 0, "age"), -1, "body.household.children.0.age"),
    ("a child of 18", ("household", "children", 0, "age"), 18, "body.household.children.0.age"),
    ("a child's sex not female or male", ("household", "children", 0, "sex"), "boy", "body.household.children.0.sex"),
    ("a survivor of 15", ("household", "survivor_age"), 15, "body.household.survivor_age"),
    ("an unknown gender", ("household", "survivor_gender"), "woman", "body.household.survivor_gender"),
    ("household missing", ("household",), _MISSING, "body.household"),
    ("a need left out", ("needs", "nrpf"), _MISSING, "body.needs.nrpf"),
    ("a need as 0", ("needs", "pets"), 0, "body.needs.pets"),
    ("an unknown language", ("preferences", "languages"), ["klingon"], "body.preferences.languages.0"),
    ("an unknown specialism", ("preferences", "specialisms"), ["anything"], "body.preferences.specialisms.0"),
    ("a district that is not a string", ("excluded_districts",), [3], "body.excluded_districts.0"),
    ("units missing", ("units",), _MISSING, "body.units"),
    ("a negative max_children", ("units", 0, "max_children"), -1, "body.units.0.max_children"),
    ("max_household of 0", ("units", 0, "max_household"), 0, "body.units.0.max_household"),
    ("a bad available_from", ("units", 0, "available_from"), "01/12/2026", "body.units.0.available_from"),
    ("boys_max_age left out", ("units", 0, "boys_max_age"), _MISSING, "body.units.0.boys_max_age"),
    ("no gender taken", ("units", 0, "genders"), [], "body.units.0.genders"),
    ("wheelchair as 1", ("units", 0, "wheelchair"), 1, "body.units.0.wheelchair"),
    ("an empty id", ("units", 0, "id"), "", "body.units.0.id"),
    ("an address", ("units", 0, "address"), "1 Canary Row", "body.units.0.address"),
    ("a misspelt top-level key", ("excluded_district",), ["watford"], "body.excluded_district"),
]


@pytest.mark.parametrize(("path", "value", "field"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_it_refuses_bad_input_naming_the_field(idva_a: User, path: tuple[Any, ...], value: Any, field: str) -> None:
    response = _post(idva_a, _with(path, value))
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]
    assert "Canary" not in response.content.decode()  # the value sent is never echoed back


def test_it_refuses_two_units_with_one_id(idva_a: User) -> None:
    body = {**EXAMPLE, "units": [_unit(id="same"), _unit(id="other"), _unit(id="same")]}
    response = _post(idva_a, body)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body.units.2.id", "message": "Give each unit its own id"}]


def test_it_refuses_more_units_than_the_cap_with_a_clear_message(idva_a: User) -> None:
    units = [{"id": str(number)} for number in range(MAX_UNITS + 1)]  # refused before each unit is checked
    response = _post(idva_a, {**EXAMPLE, "units": units})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body.units", "message": f"Send at most {MAX_UNITS:,} units in one call"}
    ]


def test_it_takes_as_many_units_as_the_cap(idva_a: User) -> None:
    units = [_unit(id=f"u{number}") for number in range(MAX_UNITS)]
    response = _post(idva_a, {**EXAMPLE, "units": units})
    assert response.status_code == 200
    assert len(response.json()["matches"]) == MAX_UNITS


def test_it_answers_a_body_too_large_with_413_not_a_server_error(idva_a: User) -> None:
    response = _post(idva_a, {**EXAMPLE, "padding": "x" * 3_000_000})
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large"}


def test_it_refuses_a_body_that_is_not_an_object(idva_a: User) -> None:
    assert _post(idva_a, [EXAMPLE]).status_code == 422


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("idva_a", 200),
        ("outsider_c", 200),  # housing officer: provision.request_accommodation
        ("social_worker", 200),
        ("accommodation_manager", 200),  # provision.keep_units
        ("police_b", 403),
        ("analyst", 403),
        ("commissioner", 403),
        ("admin", 403),
        ("anonymous", 401),
    ],
)
def test_it_lets_only_those_who_find_or_keep_places_match(
    personas: dict[str, User | None], persona: str, status: int
) -> None:
    assert _post(personas[persona], EXAMPLE).status_code == status


def test_it_stores_nothing_and_audits_only_the_call(idva_a: User) -> None:
    token = api_token_create(user=idva_a, name="Test", by=idva_a)[1]
    before = AuditEntry.objects.count()
    response = Client().post(
        URL, json.dumps(EXAMPLE), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    entries = list(AuditEntry.objects.order_by("seq")[before:])
    assert [entry.action for entry in entries] == ["api.call.serve"]
    recorded = json.dumps(entries[0].details)
    assert "stevenage" not in recorded and "survivor" not in recorded and "watford" not in recorded
