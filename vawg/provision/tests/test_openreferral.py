"""The Open Referral UK feed: its shape (validated against the ORUK v3 JSON Schema), paging, filters and 404s."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from vawg.accounts.tests.factories import DistrictFactory
from vawg.provision.api.openreferral import TERMS
from vawg.provision.config import ServiceStatus
from vawg.provision.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

FEED = "/api/v1/openreferral"
SCHEMA = json.loads((Path(__file__).parent / "oruk_v3_schema.json").read_text())


def _validate(instance: Any, definition: str) -> None:
    schema = {**SCHEMA, "$ref": f"#/$defs/{definition}"}
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(instance)]
    assert not errors, "\n".join(errors)


def _get(client: Client, path: str, status: int = 200) -> Any:
    response = client.get(f"{FEED}{path}", REMOTE_ADDR="192.0.2.10")
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_it_writes_a_valid_draft_2020_12_schema() -> None:
    assert validator_for(SCHEMA) is Draft202012Validator
    Draft202012Validator.check_schema(SCHEMA)


def test_it_catches_a_service_without_the_required_fields() -> None:
    with pytest.raises(AssertionError, match="'url' is a required property"):
        _validate({"id": "8b7e1c1e-0000-4000-8000-000000000000", "name": "x", "status": "active"}, "service_item")
    with pytest.raises(AssertionError, match="is not one of"):
        _validate(
            {"id": "8b7e1c1e-0000-4000-8000-000000000000", "name": "x", "status": "open", "url": "https://example.org"},
            "service_item",
        )


def test_it_describes_itself(client: Client) -> None:
    meta = _get(client, "/")
    assert meta["version"].startswith("3.0")
    assert meta["profile"].startswith("https://github.com/OpenReferralUK/")
    assert meta["openapi_url"].endswith("/api/v1/openapi.json")


def test_it_lists_services_in_the_oruk_page_envelope(client: Client) -> None:
    for number in range(5):
        ServiceFactory(name=f"Service {number}", minimum_age=16, public_email=f"help{number}@example.org")
    page = _get(client, "/services?per_page=2&page=2")
    _validate(page, "service_page")
    assert page | {"contents": None} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 2,
        "size": 2,
        "first_page": False,
        "last_page": False,
        "empty": False,
        "contents": None,
    }
    assert [item["name"] for item in page["contents"]] == ["Service 2", "Service 3"]
    # One-to-one fields only in the list.
    assert not {"phones", "service_areas", "attributes", "organization"} & set(page["contents"][0])


def test_it_ends_on_the_last_page_and_answers_past_it_with_an_empty_page(client: Client) -> None:
    for number in range(3):
        ServiceFactory(name=f"Service {number}")
    last = _get(client, "/services?per_page=2&page=2")
    assert (last["size"], last["last_page"], last["empty"]) == (1, True, False)
    past = _get(client, "/services?per_page=2&page=9")
    _validate(past, "service_page")
    assert (past["size"], past["last_page"], past["empty"], past["contents"]) == (0, True, True, [])


def test_it_answers_an_empty_directory_with_an_empty_page(client: Client) -> None:
    page = _get(client, "/services")
    _validate(page, "service_page")
    assert (page["total_items"], page["total_pages"], page["first_page"], page["empty"]) == (0, 0, True, True)


@pytest.mark.parametrize(
    "query", ["per_page=0", "per_page=1000", "per_page=101", "page=0", "page=abc", "minimum_age=-1"]
)
def test_it_refuses_bad_paging_or_ages_with_422_naming_the_field(client: Client, query: str) -> None:
    body = _get(client, f"/services?{query}", status=422)
    assert body["errors"][0]["field"] == f"query.{query.split('=')[0]}"


def test_it_lists_only_listed_open_services(client: Client) -> None:
    shown = ServiceFactory(name="Shown")
    paused = ServiceFactory(name="Paused", status=ServiceStatus.TEMPORARILY_CLOSED)
    hidden = ServiceFactory(name="Hidden", listed_publicly=False)
    closed = ServiceFactory(name="Closed", status=ServiceStatus.INACTIVE)
    gone = ServiceFactory(name="Agency gone")
    gone.organisation.is_active = False
    gone.organisation.save()
    names = {item["name"] for item in _get(client, "/services")["contents"]}
    assert names == {"Shown", "Paused"}
    assert _get(client, f"/services/{paused.pk}")["status"] == "temporarily closed"
    assert _get(client, f"/services/{shown.pk}")["name"] == "Shown"
    for unseen in (hidden, closed, gone):
        assert _get(client, f"/services/{unseen.pk}", status=404) == {"detail": "Not found"}
    _get(client, "/services/8b7e1c1e-0000-4000-8000-000000000000", status=404)
    _get(client, "/services/not-a-uuid", status=422)


def test_it_nests_a_full_service_in_the_v3_shape(client: Client) -> None:
    watford = DistrictFactory(name="Watford", slug="watford")
    service = ServiceFactory(
        name="Drop-in",
        countywide=False,
        public_address="Community Hub, 1 Example Street, Exampletown XX1 1XX",
        public_url="https://example.org/drop-in",
        public_phone="01632 960001",
        opening_times="Monday to Friday, 9am to 5pm",
        languages=["en", "pl"],
        interpreters_available=True,
        service_types=["outreach", "counselling"],
        specialisms=["deaf"],
    )
    service.districts.add(watford)
    body = _get(client, f"/services/{service.pk}")
    _validate(body, "service")
    assert body["url"] == "https://example.org/drop-in"
    assert body["organization"]["name"] == service.organisation.name
    assert [area["name"] for area in body["service_areas"]] == ["Watford"]
    assert [phone["number"] for phone in body["phones"]] == ["01632 960001"]
    assert body["schedules"][0]["description"] == "Monday to Friday, 9am to 5pm"
    assert [language["code"] for language in body["languages"]] == ["en", "pl"]
    assert body["service_at_locations"][0]["location"]["description"].startswith("Community Hub")
    tags = {(a["link_type"], a["taxonomy_term"]["term"]) for a in body["attributes"]}
    assert tags == {
        ("service_type", "vawgServiceType:outreach"),
        ("service_type", "vawgServiceType:counselling"),
        ("eligibility", "vawgCircumstance:domestic-abuse"),
        ("eligibility", "vawgCircumstance:deaf"),
    }
    # The same ids on every call: a consumer can keep them.
    assert _get(client, f"/services/{service.pk}") == body


def test_it_gives_a_service_without_a_web_page_the_feed_url(client: Client) -> None:
    service = ServiceFactory(public_url="")
    body = _get(client, f"/services/{service.pk}")
    _validate(body, "service")
    assert body["url"] == f"http://testserver{FEED}/services/{service.pk}"


def test_it_filters_by_search_taxonomy_term_and_ages(client: Client) -> None:
    ServiceFactory(name="Stalking advocacy", forms_of_abuse=["stalking"], minimum_age=16)
    ServiceFactory(name="Refuge", service_types=["safe-accommodation"], minimum_age=18, maximum_age=65)
    ServiceFactory(name="Young people", specialisms=["young-people"], minimum_age=11, maximum_age=25)

    def names(query: str) -> set[str]:
        return {item["name"] for item in _get(client, f"/services?{query}")["contents"]}

    assert names("search=refuge") == {"Refuge"}
    assert names("taxonomy_term_id=vawgCircumstance:stalking") == {"Stalking advocacy"}
    refuge_term = next(term for term in TERMS if term.curie == "vawgServiceType:safe-accommodation")
    assert names(f"taxonomy_term_id={refuge_term.id}") == {"Refuge"}
    assert names("taxonomy_term_id=vawgCircumstance:young-people") == {"Young people"}
    assert names("minimum_age=16") == {"Stalking advocacy", "Refuge"}
    assert names("maximum_age=30") == {"Young people"}
    body = _get(client, "/services?taxonomy_term_id=esdServiceType:1", status=422)
    assert body["errors"][0]["field"] == "query.taxonomy_term_id"


def test_it_lists_every_term_it_tags_with_paged(client: Client) -> None:
    first = _get(client, "/taxonomy_terms?per_page=10")
    _validate(first, "taxonomy_term_page")
    assert (first["total_items"], first["total_pages"], first["size"]) == (len(TERMS), -(-len(TERMS) // 10), 10)
    every = _get(client, "/taxonomy_terms?per_page=100")["contents"]
    curies = {term["term"] for term in every}
    assert "vawgServiceType:safe-accommodation" in curies
    assert "vawgCircumstance:forced-marriage" in curies
    assert all(curie.split(":")[0] in {"vawgServiceType", "vawgCircumstance"} for curie in curies)
    assert len({term["id"] for term in every}) == len(every)


def test_it_needs_no_token_and_is_listed_in_the_openapi_document(client: Client) -> None:
    document = _get(client, "/services")  # no Authorization header
    assert document["empty"] is True
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/", "/services", "/services/{id}", "/taxonomy_terms"):
        operation = schema["paths"][f"{FEED}{path}"]["get"]
        assert "security" not in operation or operation["security"] == [{}] or not operation["security"]
        assert "429" in operation["responses"]


def test_it_throttles_anonymous_callers_per_address(client: Client, settings: Any) -> None:
    settings.API_UNAUTHENTICATED_PER_MINUTE = 2
    codes = [client.get(f"{FEED}/services", REMOTE_ADDR="192.0.2.77").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get(f"{FEED}/services", REMOTE_ADDR="192.0.2.78").status_code == 200
