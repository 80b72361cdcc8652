"""The API's operations, its errors, its schema and its audit trail."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern

from vawg.accounts.models import Organisation, OrganisationType, User
from vawg.accounts.roles import Role, permissions_for_roles
from vawg.accounts.tests.factories import DistrictFactory, MembershipFactory, OrganisationFactory
from vawg.api.api import api
from vawg.api.models import ApiToken
from vawg.api.tests.conftest import api_calls, bearer
from vawg.audit.models import AuditEntry

CANARY = "CANARY 12 Refuge Road, SG1 9ZZ"


@pytest.fixture
def token(idva_a: User, make_token: Callable[..., str]) -> str:
    return make_token(idva_a)


@pytest.fixture
def refuge(agencies: Any, settings: Any) -> Organisation:
    # vawg/settings_test.py's key decodes to 31 bytes (reported to the lead); use a valid one here.
    settings.FIELD_ENCRYPTION_KEYS = "t1:" + base64.urlsafe_b64encode(b"k" * 32).decode()
    district = DistrictFactory(name="Stevenage", slug="stevenage")
    org = OrganisationFactory(
        name="Safe Haven Refuge", type=OrganisationType.REFUGE_PROVIDER, confidential_address=CANARY
    )
    org.districts.add(district)
    return org


# --- /me ----------------------------------------------------------------------------------------


def test_it_describes_the_caller(client: Client, idva_a: User, agencies: Any, token: str) -> None:
    MembershipFactory(user=idva_a, organisation=agencies.county, role=Role.MARAC_COORDINATOR)
    ended = MembershipFactory(user=idva_a, organisation=agencies.c, role=Role.HOUSING)
    ended.ended_at = ended.created_at
    ended.save()

    body = client.get("/api/v1/me", **bearer(token)).json()

    assert body["email"] == "idva.a@example.invalid"
    assert body["full_name"] == idva_a.full_name
    assert sorted((m["agency"]["name"], m["role"]) for m in body["memberships"]) == [
        ("Agency A Domestic Abuse Service", "idva"),
        ("County Council", "marac-coordinator"),
    ]
    assert body["permissions"] == sorted(permissions_for_roles({Role.IDVA, Role.MARAC_COORDINATOR}))


def test_it_gives_each_caller_their_own_permissions(
    client: Client, admin_user: User, board_member: User, make_token: Callable[..., str]
) -> None:
    admin_perms = client.get("/api/v1/me", **bearer(make_token(admin_user))).json()["permissions"]
    board_perms = client.get("/api/v1/me", **bearer(make_token(board_member))).json()["permissions"]

    assert "accounts.manage_users" in admin_perms
    assert "accounts.manage_users" not in board_perms
    assert board_perms == sorted(permissions_for_roles({Role.BOARD}))


# --- /agencies ----------------------------------------------------------------------------------


def test_it_lists_active_agencies_without_confidential_addresses(
    client: Client, agencies: Any, refuge: Organisation, token: str
) -> None:
    OrganisationFactory(name="Closed Agency", is_active=False)

    response = client.get("/api/v1/agencies", **bearer(token))

    assert response.status_code == 200
    assert CANARY.encode() not in response.content
    assert b"confidential_address" not in response.content
    names = [agency["name"] for agency in response.json()]
    assert names == sorted(names)
    assert "Closed Agency" not in names
    listed = next(agency for agency in response.json() if agency["name"] == "Safe Haven Refuge")
    assert listed == {
        "id": str(refuge.id),
        "name": "Safe Haven Refuge",
        "type": "refuge-provider",
        "type_name": "Refuge provider",
        "districts": ["Stevenage"],
    }


def test_it_filters_agencies_by_type(client: Client, agencies: Any, token: str) -> None:
    response = client.get("/api/v1/agencies", {"type": "police"}, **bearer(token))

    assert [agency["name"] for agency in response.json()] == ["Agency B Constabulary"]


def test_it_names_the_field_of_invalid_input(client: Client, agencies: Any, token: str) -> None:
    response = client.get("/api/v1/agencies", {"type": "<script>bogus</script>"}, **bearer(token))

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Invalid input"
    assert [error["field"] for error in body["errors"]] == ["query.type"]
    assert body["errors"][0]["message"]
    assert b"bogus" not in response.content  # the submitted value is not echoed


def test_it_shows_one_agency_without_its_confidential_address(client: Client, refuge: Organisation, token: str) -> None:
    response = client.get(f"/api/v1/agencies/{refuge.id}", **bearer(token))

    assert response.status_code == 200
    assert response.json()["name"] == "Safe Haven Refuge"
    assert CANARY.encode() not in response.content


def test_it_answers_404_for_an_unknown_or_inactive_agency(client: Client, agencies: Any, token: str) -> None:
    closed = OrganisationFactory(name="Closed Agency", is_active=False)

    unknown = client.get("/api/v1/agencies/00000000-0000-4000-8000-000000000000", **bearer(token))
    inactive = client.get(f"/api/v1/agencies/{closed.id}", **bearer(token))

    assert (unknown.status_code, unknown.json()) == (404, {"detail": "Not found"})
    assert (inactive.status_code, inactive.json()) == (404, {"detail": "Not found"})


def test_it_answers_403_without_the_permission(
    client: Client, agencies: Any, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every role holds the directory permission today, so take it away for this test.
    real_has_perm = User.has_perm
    monkeypatch.setattr(
        User,
        "has_perm",
        lambda self, perm, obj=None: perm != "accounts.view_agency_directory" and real_has_perm(self, perm, obj),
    )

    response = client.get("/api/v1/agencies", **bearer(token))

    assert (response.status_code, response.json()) == (403, {"detail": "You do not have permission"})


# --- Public, unknown and failing calls -----------------------------------------------------------


def test_it_reports_health_without_a_token(client: Client, db: None) -> None:
    response = client.get("/api/v1/health")

    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_it_answers_json_for_an_unknown_url_or_method(client: Client, token: str) -> None:
    unknown = client.get("/api/v1/no-such-thing", **bearer(token))
    wrong_method = client.post("/api/v1/me", **bearer(token))

    assert (unknown.status_code, unknown.json()) == (404, {"detail": "Not found"})
    assert (wrong_method.status_code, wrong_method.json()) == (405, {"detail": "Method not allowed"})
    assert wrong_method["Allow"] == "GET"


def test_it_hides_the_details_of_a_crash(client: Client, token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self: User) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(User, "active_memberships", explode)

    response = client.get("/api/v1/me", **bearer(token))

    assert (response.status_code, response.json()) == (500, {"detail": "Something went wrong"})
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content


def test_it_never_lets_api_responses_be_cached(client: Client, token: str) -> None:
    response = client.get("/api/v1/me", **bearer(token))

    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("application/json")


# --- Audit: exactly one entry per call ------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "with_token", "status"),
    [
        ("/api/v1/me", True, 200),
        ("/api/v1/agencies?type=police", True, 200),
        ("/api/v1/me", False, 401),
        ("/api/v1/agencies/00000000-0000-4000-8000-000000000000", True, 404),
        ("/api/v1/no-such-thing", True, 404),
        ("/api/v1/agencies?type=bogus", True, 422),
    ],
)
def test_it_audits_each_call_exactly_once(
    client: Client, idva_a: User, agencies: Any, token: str, path: str, with_token: bool, status: int
) -> None:
    before = AuditEntry.objects.count()
    headers = bearer(token) if with_token else {}

    response = client.get(path, **headers)

    assert response.status_code == status
    assert AuditEntry.objects.count() == before + 1
    (entry,) = api_calls()
    assert entry.details == {
        "method": "GET",
        "path": path.split("?")[0],
        "status": status,
        **({} if with_token else {"reason": "unauthenticated", "attempts": 1}),
    }
    if with_token:
        assert (entry.actor_id, entry.system_job) == (str(idva_a.pk), "")
        assert entry.object_id == str(ApiToken.objects.get().pk)
    else:
        assert (entry.actor_id, entry.system_job) == ("", "api")


def test_it_audits_a_refused_token_as_unauthenticated(client: Client, idva_a: User, token: str) -> None:
    User.objects.filter(pk=idva_a.pk).update(is_active=False)

    client.get("/api/v1/me", **bearer(token))

    (entry,) = api_calls()
    assert entry.actor_id == ""
    assert entry.details["reason"] == "unauthenticated"
    assert entry.details["status"] == 401


def test_it_audits_a_crash_once(client: Client, token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(User, "active_memberships", lambda self: 1 / 0)

    client.get("/api/v1/me", **bearer(token))

    assert [entry.details["status"] for entry in api_calls()] == [500]


def test_it_leaves_the_token_out_of_the_audit_log(client: Client, token: str) -> None:
    client.get("/api/v1/me?x=1", **bearer(token))

    assert token not in str(list(AuditEntry.objects.values_list()))


# --- Schema and docs ----------------------------------------------------------------------------


def _operation_routes() -> set[str]:
    """Every operation route in the API's URL map (not the schema, docs and root pages)."""
    patterns: list[URLPattern] = api.urls[0]  # type: ignore[assignment]
    skip = {"openapi-json", "openapi-view", "api-root"}
    return {str(p.pattern) for p in patterns if p.name not in skip}


def test_it_serves_an_openapi_schema_listing_every_operation(client: Client, db: None) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    operations = {f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods}
    assert operations == {
        "GET /api/v1/health",
        "GET /api/v1/me",
        "GET /api/v1/agencies",
        "GET /api/v1/agencies/{id}",
        "POST /api/v1/risk/dash/assess",
        "POST /api/v1/referrals",
        "GET /api/v1/referrals/{id}",
        "GET /api/v1/marac/returns",
        "GET /api/v1/me/work",
        "GET /api/v1/cases",
        "GET /api/v1/cases/{id}",
        "POST /api/v1/cases/{id}/parties",
        "GET /api/v1/accommodation/units",
        "GET /api/v1/accommodation/requests",
        "POST /api/v1/accommodation/units/{id}/reservations",
        "POST /api/v1/accommodation/match",
        "GET /api/v1/accommodation/part4-return",
        "GET /api/v1/openreferral/",
        "GET /api/v1/openreferral/services",
        "GET /api/v1/openreferral/services/{id}",
        "GET /api/v1/openreferral/taxonomy_terms",
        "GET /api/v1/people-causing-harm",
        "GET /api/v1/people-causing-harm/{id}",
        "GET /api/v1/justice/attrition",
    }
    assert len(schema["paths"]) == len(_operation_routes())
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert "security" not in schema["paths"]["/api/v1/health"]["get"]
    assert "security" not in schema["paths"]["/api/v1/openreferral/services"]["get"]  # a public feed
    assert "confidential_address" not in response.content.decode()


def test_it_serves_the_docs_from_our_own_origin(client: Client, db: None) -> None:
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html
    assert "https://" not in html
