"""POST /api/v1/referrals and GET /api/v1/referrals/{id}: idempotency, field-named errors, the gate."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from vawg.accounts.models import User
from vawg.accounts.tests.factories import DistrictFactory
from vawg.api.services import api_token_create
from vawg.referrals.models import Referral, ReferralState
from vawg.referrals.services import referral_transition

pytestmark = pytest.mark.django_db

URL = "/api/v1/referrals"


def valid_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject": {"given_name": "Dana", "family_name": "Test", "date_of_birth": "1992-02-29", "gender": "female"},
        "forms_of_abuse": ["domestic-abuse"],
        "consent": "given",
        "safe_contact": {"channels": {"sms": "safe", "letter": "unsafe"}, "safe_from": "09:00", "safe_until": "17:00"},
        "risk_tool": "dara",
        "risk_grade": "high",
        "details": "Synthetic API test details.",
    }
    body.update(overrides)
    return body


def bearer(user: User) -> dict[str, str]:
    _, token = api_token_create(user=user, name="Test", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def post(headers: dict[str, str], body: dict[str, Any], **extra: str) -> Any:
    return Client().post(URL, json.dumps(body), content_type="application/json", **headers, **extra)


def errors_of(response: Any) -> dict[str, str]:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def test_it_creates_a_referral_and_answers_201(idva_a: User) -> None:
    response = post(bearer(idva_a), valid_body())

    assert response.status_code == 201
    data = response.json()
    referral = Referral.objects.get()
    assert data["id"] == str(referral.pk)
    assert data["reference"] == referral.reference
    assert data["state"] == "submitted"
    assert [row["state"] for row in data["state_history"]] == ["submitted"]
    assert data["routes"] and {"service_kind", "service_name", "organisation"} <= set(data["routes"][0])
    assert referral.risk_grade == "high" and referral.risk_score is None  # stored as reported
    body = json.dumps(data)
    for secret in ("Dana", "Synthetic API", "1992"):
        assert secret not in body


def test_it_returns_the_same_referral_for_the_same_idempotency_key(idva_a: User) -> None:
    headers = bearer(idva_a)

    first = post(headers, valid_body(), HTTP_IDEMPOTENCY_KEY="abc-123")
    second = post(headers, valid_body(), HTTP_IDEMPOTENCY_KEY="abc-123")

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Referral.objects.count() == 1


def test_it_creates_a_new_referral_for_a_new_key(idva_a: User) -> None:
    headers = bearer(idva_a)

    post(headers, valid_body(), HTTP_IDEMPOTENCY_KEY="one")
    post(headers, valid_body(), HTTP_IDEMPOTENCY_KEY="two")

    assert Referral.objects.count() == 2


def test_it_does_not_share_keys_between_callers(idva_a: User, police_b: User) -> None:
    mine = post(bearer(idva_a), valid_body(), HTTP_IDEMPOTENCY_KEY="same")
    theirs = post(bearer(police_b), valid_body(), HTTP_IDEMPOTENCY_KEY="same")

    assert theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (valid_body(subject={"given_name": ""}), "body.payload.subject"),
        (valid_body(forms_of_abuse=[]), "body.payload.forms_of_abuse"),
        (valid_body(forms_of_abuse=["kidnap"]), "body.payload.forms_of_abuse.0"),
        (valid_body(consent="maybe"), "body.payload.consent"),
        (valid_body(risk_score=25, risk_tool="safelives-dash"), "body.payload.risk_score"),
        (valid_body(details=""), "body.payload.details"),
        (valid_body(surprise=True), "body.payload.surprise"),
        (valid_body(consent="not-given-shared-with-lawful-basis"), "body.payload.lawful_basis"),
        (valid_body(risk_tool="safelives-dash", risk_grade="high"), "body.payload.risk_score"),
        (valid_body(risk_tool="dara", risk_score=10), "body.payload.risk_score"),
        (valid_body(subject={"given_name": "A", "district": "atlantis"}), "body.payload.subject.district"),
        (valid_body(safe_contact={"channels": {"sms": "safe"}, "safe_from": "09:00"}), "body.payload.safe_contact"),
    ],
)
def test_it_names_the_field_in_a_422(idva_a: User, body: dict[str, Any], field: str) -> None:
    response = post(bearer(idva_a), body)

    assert response.status_code == 422, response.content
    assert field in errors_of(response), errors_of(response)
    assert Referral.objects.count() == 0


def test_it_refuses_a_bad_idempotency_key(idva_a: User) -> None:
    response = post(bearer(idva_a), valid_body(), HTTP_IDEMPOTENCY_KEY="x" * 201)

    assert response.status_code == 422
    assert "header.Idempotency-Key" in errors_of(response)


def test_it_accepts_a_district_by_slug(idva_a: User) -> None:
    district = DistrictFactory(name="Watford", slug="watford")

    response = post(bearer(idva_a), valid_body(subject={"given_name": "E", "district": "watford"}))

    assert response.status_code == 201
    assert Referral.objects.get().district == district


def test_it_refuses_roles_that_cannot_refer(analyst: User, board_member: User, admin_user: User) -> None:
    for user in (analyst, board_member, admin_user):
        assert post(bearer(user), valid_body()).status_code == 403
    assert Referral.objects.count() == 0


def test_it_shows_the_referrer_the_outcome_and_hides_it_from_others(
    idva_a: User, police_b: User, outsider_c: User, analyst: User
) -> None:
    made = post(bearer(idva_a), valid_body()).json()
    url = f"{URL}/{made['id']}"

    assert Client().get(url, **bearer(idva_a)).status_code == 200
    for other in (police_b, outsider_c, analyst):
        assert Client().get(url, **bearer(other)).status_code == 404
    assert Client().get(f"{URL}/00000000-0000-0000-0000-000000000000", **bearer(idva_a)).status_code == 404


def test_it_shows_a_decline_reason_in_the_history(idva_a: User, agencies: Any) -> None:
    from vawg.accounts.roles import Role
    from vawg.accounts.tests.factories import user_with_role

    made = post(bearer(idva_a), valid_body()).json()
    referral = Referral.objects.get(pk=made["id"])
    triager = user_with_role(Role.IDVA, agencies.a, email="triager@example.invalid")
    referral_transition(referral=referral, to=ReferralState.TRIAGED, by=triager)
    referral_transition(referral=referral, to=ReferralState.DECLINED, by=triager, reason="Out of area")

    data = Client().get(f"{URL}/{made['id']}", **bearer(idva_a)).json()

    assert data["state"] == "declined"
    assert data["state_history"][-1]["reason"] == "Out of area"
    assert data["state_history"][0]["reason"] == ""
