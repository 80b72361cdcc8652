"""The Open Referral UK v3 feed, mounted at /api/v1/openreferral: public, read-only (docs/open-referral.md).

- ``GET /``: what this feed is (the HSDS version, the profile, the OpenAPI document).
- ``GET /services``: listed services, one-to-one fields only, paged (``page``, ``per_page`` up to 100),
  filtered by ``search``, ``taxonomy_term_id``, ``minimum_age`` and ``maximum_age``.
- ``GET /services/{id}``: one listed service, fully nested. An unlisted or closed service is 404.
- ``GET /taxonomy_terms``: the terms the feed tags services with, paged.

Only ``Service.objects.listed()`` is ever read, through the directory's one filter. A service at a
confidential site (a refuge or safe house) has no location and no district: its area is the whole
partnership. No operation needs a token; calls without one are throttled per address
(vawg/api/middleware.py).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.errors import ValidationError

from vawg.provision.config import (
    LANGUAGES,
    TAXONOMY_CIRCUMSTANCE,
    TAXONOMY_SERVICE_TYPE,
    ServiceStatus,
    ServiceType,
    Specialism,
)
from vawg.provision.models import Service, ServiceQuerySet
from vawg.provision.schemas import MetaOut, OpenReferralErrorOut, ServiceOut, ServicePageOut, TaxonomyTermPageOut
from vawg.provision.selectors.directory import ServiceFilter, services_matching
from vawg.referrals.models import FormOfAbuse

router = Router(tags=["Open Referral UK"])

HSDS_VERSION = "3.0 UK"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"
PER_PAGE = 50
MAX_PER_PAGE = 100
# Our ids are stable UUIDs derived from our own codes, so a term or a nested row keeps its id between calls.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:vawg:openreferral")

Page = Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description=f"Results a page, 1 to {MAX_PER_PAGE}")]
T = TypeVar("T")


def stable_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(str(part) for part in parts)))


@dataclass(frozen=True)
class Term:
    vocabulary: str
    code: str
    name: str
    link_type: str  # how a service is tagged with it: "service_type" or "eligibility"
    filter_field: str  # the ServiceFilter field that finds services tagged with it

    @property
    def curie(self) -> str:
        return f"{self.vocabulary}:{self.code}"

    @property
    def id(self) -> str:
        return stable_id("taxonomy_term", self.curie)

    def as_oruk(self) -> dict[str, str]:
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "description": self.name,
            "vocabulary": self.vocabulary,
            "term": self.curie,
            "taxonomy": self.vocabulary,
        }


def _terms() -> list[Term]:
    kinds = [
        Term(TAXONOMY_SERVICE_TYPE, code, str(label), "service_type", "service_type")
        for code, label in ServiceType.choices
    ]
    forms = [
        Term(TAXONOMY_CIRCUMSTANCE, code, str(label), "eligibility", "form_of_abuse")
        for code, label in FormOfAbuse.choices
    ]
    groups = [
        Term(TAXONOMY_CIRCUMSTANCE, code, str(label), "eligibility", "specialism") for code, label in Specialism.choices
    ]
    return [*kinds, *forms, *groups]


TERMS: list[Term] = _terms()
# Each term by its CURIE and by its UUID: a caller may name a term either way.
TERMS_BY_KEY: dict[str, Term] = {**{term.curie: term for term in TERMS}, **{term.id: term for term in TERMS}}


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ("query", field), "msg": message}])


def _page(items: Sequence[T] | ServiceQuerySet, *, page: int, per_page: int) -> tuple[list[Any], dict[str, Any]]:
    """The slice for ``page`` and the ORUK page envelope (a page past the last is empty, not an error)."""
    total = items.count() if isinstance(items, ServiceQuerySet) else len(items)
    start = (page - 1) * per_page
    contents = list(items[start : start + per_page])
    total_pages = math.ceil(total / per_page)
    envelope = {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
    }
    return contents, envelope


def _url(request: HttpRequest, service: Service) -> str:
    """The service's own web page; ORUK requires a URL, so without one, this feed's page for it."""
    return service.public_url or request.build_absolute_uri(f"/api/v1/openreferral/services/{service.pk}")


def _item(request: HttpRequest, service: Service) -> dict[str, Any]:
    return {
        "id": str(service.pk),
        "organization_id": str(service.organisation_id),
        "name": service.name,
        "description": service.description,
        "url": _url(request, service),
        "email": service.public_email or None,
        "status": service.status,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.last_checked_at.date(),
        "last_modified": service.updated_at,
    }


def _language(service: Service, code: str) -> dict[str, Any]:
    return {
        "id": stable_id(service.pk, "language", code),
        "service_id": str(service.pk),
        "name": LANGUAGES[code],
        "code": code,
    }


def _languages(service: Service) -> list[dict[str, Any]]:
    languages = [_language(service, code) for code in service.languages if code in LANGUAGES]
    if service.interpreters_available:
        note = "Interpreters are available for other languages"
        languages = [{**language, "note": note} for language in languages] or [
            {**_language(service, "en"), "note": note}
        ]
    return languages


def service_areas(service: Service) -> list[dict[str, Any]]:
    """Where the service works. A confidential site's service is never tied to a district: the whole area."""
    whole = {
        "id": stable_id(service.pk, "service_area", "partnership"),
        "service_id": str(service.pk),
        "name": f"Everywhere the {settings.SITE_NAME} covers",
    }
    if service.confidential_location or service.countywide:
        return [whole]
    return [
        {"id": stable_id(service.pk, "service_area", district.pk), "service_id": str(service.pk), "name": district.name}
        for district in service.districts.all()
    ] or [whole]


def _locations(service: Service) -> list[dict[str, Any]]:
    """The one public site of a service that has a public address; never anything for a confidential site."""
    if service.confidential_location or not service.public_address:
        return []
    location_id = stable_id(service.pk, "location")
    location = {
        "id": location_id,
        "location_type": "physical",
        "name": service.name,
        "description": service.public_address,
    }
    return [
        {
            "id": stable_id(service.pk, "service_at_location"),
            "service_id": str(service.pk),
            "location_id": location_id,
            "location": location,
        }
    ]


def _attributes(service: Service) -> list[dict[str, Any]]:
    codes = [
        *(f"{TAXONOMY_SERVICE_TYPE}:{code}" for code in service.service_types),
        *(f"{TAXONOMY_CIRCUMSTANCE}:{code}" for code in service.forms_of_abuse),
        *(f"{TAXONOMY_CIRCUMSTANCE}:{code}" for code in service.specialisms),
    ]
    return [
        {
            "id": stable_id(service.pk, "attribute", term.curie),
            "link_id": str(service.pk),
            "link_type": term.link_type,
            "link_entity": "service",
            "taxonomy_term_id": term.id,
            "taxonomy_term": term.as_oruk(),
        }
        for term in (TERMS_BY_KEY[code] for code in dict.fromkeys(codes) if code in TERMS_BY_KEY)
    ]


def service_full(request: HttpRequest, service: Service) -> dict[str, Any]:
    """``service`` as an ORUK v3 service, fully nested, with nothing that says where a confidential site is."""
    organisation = service.organisation
    phones = (
        [{"id": stable_id(service.pk, "phone"), "service_id": str(service.pk), "number": service.public_phone}]
        if service.public_phone
        else []
    )
    schedules = (
        [{"id": stable_id(service.pk, "schedule"), "service_id": str(service.pk), "description": service.opening_times}]
        if service.opening_times
        else []
    )
    return {
        **_item(request, service),
        "fees": "Free",
        "alert": "Temporarily closed" if service.status == ServiceStatus.TEMPORARILY_CLOSED else None,
        "organization": {
            "id": str(organisation.pk),
            "name": organisation.name,
            "description": organisation.get_type_display(),
        },
        "schedules": schedules,
        "service_areas": service_areas(service),
        "service_at_locations": _locations(service),
        "languages": _languages(service),
        "phones": phones,
        "attributes": _attributes(service),
    }


def _listed() -> ServiceQuerySet:
    return Service.objects.listed().select_related("organisation").prefetch_related("districts").order_by("name", "id")


# --- Operations --------------------------------------------------------------------------------------


@router.get("/", auth=None, response={200: MetaOut}, summary="About this Open Referral UK feed")
def openreferral_meta(request: HttpRequest) -> dict[str, str]:
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri("/api/v1/openapi.json"),
    }


@router.get(
    "/services",
    auth=None,
    response={200: ServicePageOut},
    exclude_none=True,
    summary="Listed services (Open Referral UK v3), one-to-one fields only",
)
def openreferral_service_list(
    request: HttpRequest,
    page: Page = 1,
    per_page: PerPage = PER_PAGE,
    search: Annotated[str, Query(max_length=100, description="Words in the name or description")] = "",
    taxonomy_term_id: Annotated[str, Query(max_length=100, description="A term's id or CURIE")] = "",
    minimum_age: Annotated[
        int | None, Query(ge=0, le=120, description="Services whose youngest age is at least this")
    ] = None,
    maximum_age: Annotated[
        int | None, Query(ge=0, le=120, description="Services whose oldest age is at most this")
    ] = None,
) -> dict[str, Any]:
    wanted = ServiceFilter(search=search)
    if taxonomy_term_id:
        term = TERMS_BY_KEY.get(taxonomy_term_id)
        if term is None:
            raise _invalid("taxonomy_term_id", "No taxonomy term has this id: see /api/v1/openreferral/taxonomy_terms")
        wanted = ServiceFilter(
            search=search,
            service_type=term.code if term.filter_field == "service_type" else "",
            form_of_abuse=term.code if term.filter_field == "form_of_abuse" else "",
            specialism=term.code if term.filter_field == "specialism" else "",
        )
    services = services_matching(_listed(), wanted)
    # ORUK's age filters compare the service's own ages (docs/open-referral.md): a service with none set is left out.
    if minimum_age is not None:
        services = services.filter(minimum_age__gte=minimum_age)
    if maximum_age is not None:
        services = services.filter(maximum_age__lte=maximum_age)
    found, envelope = _page(services, page=page, per_page=per_page)
    return {**envelope, "contents": [_item(request, service) for service in found]}


@router.get(
    "/services/{id}",
    auth=None,
    response={200: ServiceOut, 404: OpenReferralErrorOut},
    exclude_none=True,
    summary="One listed service (Open Referral UK v3), fully nested",
)
def openreferral_service_detail(request: HttpRequest, id: uuid.UUID) -> dict[str, Any]:
    service = _listed().filter(pk=id).first()
    if service is None:
        raise Http404
    return service_full(request, service)


@router.get(
    "/taxonomy_terms",
    auth=None,
    response={200: TaxonomyTermPageOut},
    summary="The taxonomy terms this feed tags services with",
)
def openreferral_taxonomy_term_list(
    request: HttpRequest,
    page: Page = 1,
    per_page: PerPage = PER_PAGE,
) -> dict[str, Any]:
    found, envelope = _page(TERMS, page=page, per_page=per_page)
    return {**envelope, "contents": [term.as_oruk() for term in found]}
