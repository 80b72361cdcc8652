"""What the Open Referral UK feed returns (docs/open-referral.md): the shapes of the ORUK v3 profile.

Every field is listed by hand. None of them is an address or district of a service at a confidential
site: the feed's builder (vawg/provision/api/openreferral.py) leaves those out, and the schemas hold no
field where one could go except ``LocationOut.description``, filled only from a ``public_address``.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class OpenReferralErrorOut(Schema):
    detail: str


class MetaOut(Schema):
    version: str
    profile: str
    openapi_url: str


class PageOut(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class TaxonomyTermOut(Schema):
    id: str
    code: str
    name: str
    description: str
    vocabulary: str
    term: str
    taxonomy: str


class TaxonomyTermPageOut(PageOut):
    contents: list[TaxonomyTermOut]


class OrganizationOut(Schema):
    id: str
    name: str
    description: str
    email: str | None = None
    website: str | None = None
    organization_identifiers: list[dict[str, str]] = []


class ServiceItemOut(Schema):
    """A service with its one-to-one fields only (the list's items)."""

    id: str
    organization_id: str
    name: str
    description: str
    url: str
    email: str | None = None
    status: str
    minimum_age: int | None = None
    maximum_age: int | None = None
    assured_date: date | None = None
    last_modified: datetime


class ServicePageOut(PageOut):
    contents: list[ServiceItemOut]


class ScheduleOut(Schema):
    id: str
    service_id: str
    description: str


class ServiceAreaOut(Schema):
    id: str
    service_id: str
    name: str
    extent_type: str | None = None
    uri: str | None = None


class LanguageOut(Schema):
    id: str
    service_id: str
    name: str
    code: str
    note: str | None = None


class PhoneOut(Schema):
    id: str
    service_id: str
    number: str
    description: str | None = None
    languages: list[LanguageOut] = []


class AttributeOut(Schema):
    id: str
    link_id: str
    link_type: str
    link_entity: str
    taxonomy_term_id: str
    taxonomy_term: TaxonomyTermOut


class LocationOut(Schema):
    id: str
    location_type: str
    name: str
    description: str


class ServiceAtLocationOut(Schema):
    id: str
    service_id: str
    location_id: str
    location: LocationOut


class ServiceOut(ServiceItemOut):
    """One service, fully nested."""

    fees: str | None = None
    alert: str | None = None
    organization: OrganizationOut
    schedules: list[ScheduleOut]
    service_areas: list[ServiceAreaOut]
    service_at_locations: list[ServiceAtLocationOut]
    languages: list[LanguageOut]
    phones: list[PhoneOut]
    attributes: list[AttributeOut]
    funding: list[dict[str, str]] = []
    cost_options: list[dict[str, str]] = []
    contacts: list[dict[str, str]] = []
