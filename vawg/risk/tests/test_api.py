"""POST /api/v1/risk/dash/assess: the exact response, 422s that name the field, 401, and nothing stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.test import Client

from vawg.accounts.models import User
from vawg.api.services import api_token_create
from vawg.audit.models import AuditEntry

URL = "/api/v1/risk/dash/assess"
ALL_NO = {str(n): "no" for n in range(1, 25)}


@pytest.fixture
def token(idva_a: User) -> str:
    return api_token_create(user=idva_a, name="Risk tests", by=idva_a)[1]


@pytest.fixture
def call(token: str) -> Callable[..., Any]:
    def post(body: object, *, raw: str | None = None, auth: bool = True) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if auth else {}
        data = raw if raw is not None else json.dumps(body)
        return Client().post(URL, data, content_type="application/json", **headers)

    return post


def answers(*yes: int, **overrides: str) -> dict[str, str]:
    return {**ALL_NO, **{str(n): "yes" for n in yes}, **overrides}


def errors(response: Any) -> list[str]:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "Invalid input"
    return [error["field"] for error in body["errors"]]


def test_it_assesses_a_checklist(call: Callable[..., Any]) -> None:
    response = call(
        {
            "answers": answers(2, 6, 8, 12, 15, 16),
            "professional_judgement": {"raise_to_high": True, "rationale": "Strangulation and stalking"},
            "incidents_last_12_months": 3,
            "last_marac_referral_date": "2025-09-01",
            "assessment_date": "2026-06-01",
        }
    )

    assert response.status_code == 200
    assert response.json() == {
        "score": 6,
        "level": "high",
        "marac_eligible": True,
        "marac_criteria": ["professional_judgement", "potential_escalation", "repeat"],
        "thresholds_version": "herts-default-2026-1",
        "prompts": ["s_dash", "strangulation", "separation", "stalking", "victim_fear", "cluster_of_three"],
    }


@pytest.mark.parametrize(
    ("yes", "level", "criteria"),
    [
        (range(1, 10), "standard", []),
        (range(1, 11), "medium", []),
        (range(1, 14), "medium", []),
        (range(1, 15), "high", ["visible_high_risk"]),
    ],
)
def test_it_bands_the_score(call: Callable[..., Any], yes: range, level: str, criteria: list[str]) -> None:
    body = call({"answers": answers(*yes), "assessment_date": "2026-06-01"}).json()
    assert (body["score"], body["level"], body["marac_criteria"], body["marac_eligible"]) == (
        len(yes),
        level,
        criteria,
        bool(criteria),
    )


def test_it_does_not_lower_a_high_score_when_judgement_is_not_raised(call: Callable[..., Any]) -> None:
    body = call(
        {"answers": answers(*range(1, 17)), "professional_judgement": {"raise_to_high": False, "rationale": ""}}
    ).json()
    assert body["level"] == "high"
    assert body["marac_criteria"] == ["visible_high_risk"]


def test_it_takes_today_in_london_as_the_default_assessment_date(call: Callable[..., Any]) -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): the referral of 30 June 2025 is 366 days before.
    body = {"answers": ALL_NO, "last_marac_referral_date": "2025-06-30"}
    with time_machine.travel(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), tick=False):
        assert call(body).json()["marac_criteria"] == []
    with time_machine.travel(datetime(2026, 6, 30, 22, 30, tzinfo=UTC), tick=False):
        assert call(body).json()["marac_criteria"] == ["repeat"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": {k: v for k, v in ALL_NO.items() if k != "17"}}, "body.answers.17"),
        ({"answers": {**ALL_NO, "25": "yes"}}, "body.answers.25"),
        ({"answers": {**ALL_NO, "0": "no"}}, "body.answers.0"),
        ({"answers": answers(**{"3": "maybe"})}, "body.answers.3"),
        ({"answers": answers(**{"9": "YES"})}, "body.answers.9"),
        ({"answers": {**ALL_NO, "5": True}}, "body.answers.5"),
        ({"answers": {**ALL_NO, "5": None}}, "body.answers.5"),
        ({"answers": "all no"}, "body.answers"),
        ({}, "body.answers"),
        (
            {"answers": ALL_NO, "professional_judgement": {"raise_to_high": True}},
            "body.professional_judgement.rationale",
        ),
        (
            {"answers": ALL_NO, "professional_judgement": {"raise_to_high": True, "rationale": "   "}},
            "body.professional_judgement.rationale",
        ),
        (
            {"answers": ALL_NO, "professional_judgement": {"raise_to_high": "yes", "rationale": "x"}},
            "body.professional_judgement.raise_to_high",
        ),
        (
            {"answers": ALL_NO, "professional_judgement": {"raise_to_high": True, "rationale": "x", "lower": True}},
            "body.professional_judgement.lower",
        ),
        (
            {"answers": ALL_NO, "professional_judgement": {"rationale": "x"}},
            "body.professional_judgement.raise_to_high",
        ),
        ({"answers": ALL_NO, "incidents_last_12_months": -1}, "body.incidents_last_12_months"),
        ({"answers": ALL_NO, "incidents_last_12_months": "3"}, "body.incidents_last_12_months"),
        ({"answers": ALL_NO, "incidents_last_12_months": 2.5}, "body.incidents_last_12_months"),
        ({"answers": ALL_NO, "last_marac_referral_date": "01/06/2026"}, "body.last_marac_referral_date"),
        ({"answers": ALL_NO, "last_marac_referral_date": "2026-02-30"}, "body.last_marac_referral_date"),
        ({"answers": ALL_NO, "assessment_date": "2026-06-01T00:00:00"}, "body.assessment_date"),
        ({"answers": ALL_NO, "assessment_date": 1780000000}, "body.assessment_date"),
        ({"answers": ALL_NO, "assessment_date": "1999-01-01"}, "body.assessment_date"),  # no thresholds then
        ({"answers": ALL_NO, "assesment_date": "2026-06-01"}, "body.assesment_date"),  # a typo is not ignored
    ],
)
def test_it_names_the_field_of_bad_input(call: Callable[..., Any], body: dict[str, Any], field: str) -> None:
    assert field in errors(call(body))


def test_it_names_every_bad_answer_at_once(call: Callable[..., Any]) -> None:
    bad = {k: v for k, v in ALL_NO.items() if k not in ("17", "18")}
    assert sorted(errors(call({"answers": {**bad, "2": "maybe"}}))) == [
        "body.answers.17",
        "body.answers.18",
        "body.answers.2",
    ]


def test_it_never_echoes_the_input_in_errors(call: Callable[..., Any]) -> None:
    response = call({"answers": answers(**{"3": "CANARY-VALUE"}), "CANARY-KEY-x": 1})
    assert response.status_code == 422
    assert b"CANARY-VALUE" not in response.content


@pytest.mark.parametrize(("raw", "status"), [("", 422), ("[]", 422), ("not json", 400)])
def test_it_refuses_a_body_that_is_not_an_object(call: Callable[..., Any], raw: str, status: int) -> None:
    response = call(None, raw=raw)
    assert response.status_code == status
    assert "detail" in response.json()


def test_it_needs_a_token(call: Callable[..., Any]) -> None:
    response = call({"answers": ALL_NO}, auth=False)
    assert response.status_code == 401
    assert response.json() == {"detail": "Send a valid API token"}


def test_it_refuses_other_methods(token: str) -> None:
    response = Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 405


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_it_stores_nothing_but_the_audit_entry_of_the_call(call: Callable[..., Any], token: str) -> None:
    before = _row_counts()
    last_seq = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    response = call(
        {
            "answers": answers(*range(1, 16)),
            "professional_judgement": {"raise_to_high": True, "rationale": "CANARY rationale"},
            "incidents_last_12_months": 5,
            "last_marac_referral_date": "2026-01-01",
        }
    )

    assert response.status_code == 200
    after = _row_counts()
    assert {label: after[label] - before[label] for label in before if after[label] != before[label]} == {
        "audit.AuditEntry": 1
    }
    entry = AuditEntry.objects.get(seq__gt=last_seq)
    assert entry.action == "api.call.serve"
    assert entry.details == {"method": "POST", "path": URL, "status": 200}
    assert "CANARY" not in json.dumps(entry.details)
