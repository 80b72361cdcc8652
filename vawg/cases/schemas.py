"""What the cases API takes and returns. Every field is listed by hand; unknown keys are refused.

Never an address, postcode, phone number, email or safe contact detail: a case's victim and parties are
named, with their dates of birth, and nothing that says where they are.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from ninja import Schema
from pydantic import ConfigDict, Field

from vawg.cases.models import PartyRelationship, PartyRole

if TYPE_CHECKING:
    RoleValue = str
    RelationshipValue = str
else:
    RoleValue = Literal[tuple(PartyRole.values)]
    RelationshipValue = Literal[("", *PartyRelationship.values)]


class CaseErrorOut(Schema):
    detail: str


class CaseFieldErrorOut(Schema):
    field: str
    message: str


class CaseValidationErrorOut(Schema):
    detail: str
    errors: list[CaseFieldErrorOut]


class CaseListItemOut(Schema):
    id: UUID
    reference: str
    risk_level: str
    status: str


class CaseListOut(Schema):
    items: list[CaseListItemOut]
    count: int


class VictimOut(Schema):
    given_name: str
    family_name: str
    date_of_birth: date | None


class PartyOut(Schema):
    id: UUID
    role: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    relationship_to_victim: str


class CaseOut(Schema):
    id: UUID
    reference: str
    risk_level: str
    status: str
    victim: VictimOut
    parties: list[PartyOut]


class PartyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    role: RoleValue
    given_name: str = Field("", max_length=100)
    family_name: str = Field("", max_length=100)
    date_of_birth: date | None = Field(None, description="YYYY-MM-DD, in the past")
    relationship_to_victim: RelationshipValue = Field("", description="Required for a person causing harm")


class PartyCreatedOut(Schema):
    id: UUID
