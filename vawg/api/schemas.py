"""What the API returns. Every field is listed by hand: no schema copies a model's fields."""

from __future__ import annotations

from uuid import UUID

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str
    message: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class AgencyRefOut(Schema):
    id: UUID
    name: str


class MembershipOut(Schema):
    agency: AgencyRefOut
    role: str
    role_name: str


class MeOut(Schema):
    email: str
    full_name: str
    memberships: list[MembershipOut]
    permissions: list[str]


class MyWorkOut(Schema):
    """The caller's "My work" counts (docs/my-work.md): 0 where their permissions do not cover one."""

    referrals_to_triage: int
    first_contacts_overdue: int
    consent_awaited: int
    research_due: int
    actions_due: int
    actions_overdue: int
    victims_to_tell: int
    reassessments_due: int
    grants_expiring: int
    services_check_due: int
    reservations_waiting: int
    accommodation_requests_open: int
    matac_tactics_due: int
    orders_due: int
    case_orders_due: int
    programme_referrals_to_triage: int
    high_harm_interventions_due: int


class AgencyOut(Schema):
    id: UUID
    name: str
    type: str
    type_name: str
    districts: list[str]


class HealthOut(Schema):
    status: str
    database: str


# Error responses every authenticated operation may give, for the OpenAPI document.
AUTH_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut}
