"""What the referrals API takes and returns. Every field is listed by hand; unknown keys are refused.

The body mirrors the professional referral form. What it never returns: the subject's
name, address or contact details, safe contact, or the referrer's account (details).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from ninja import Schema
from pydantic import ConfigDict, Field, model_validator

from vawg.cases.models import LawfulBasis
from vawg.people.models import Channel, Gender, SafeStatus
from vawg.referrals.models import Consent, FormOfAbuse, Need, RiskGrade, RiskTool, Urgency

# Inline enums (Literal), so the OpenAPI document lists the allowed values where they are used.
# Built from the model choices at run time; type checkers see plain strings.
if TYPE_CHECKING:
    GenderValue = str
    FormValue = str
    ConsentValue = str
    LawfulBasisValue = str
    ChannelValue = str
    SafeStatusValue = str
    RiskToolValue = str
    RiskGradeValue = str
    NeedValue = str
    UrgencyValue = str
else:
    GenderValue = Literal[tuple(Gender.values)]
    FormValue = Literal[tuple(FormOfAbuse.values)]
    ConsentValue = Literal[tuple(Consent.values)]
    LawfulBasisValue = Literal[tuple(LawfulBasis.values)]
    ChannelValue = Literal[tuple(Channel.values)]
    SafeStatusValue = Literal[tuple(SafeStatus.values)]
    RiskToolValue = Literal[tuple(RiskTool.values)]
    RiskGradeValue = Literal[tuple(RiskGrade.values)]
    NeedValue = Literal[tuple(Need.values)]
    UrgencyValue = Literal[tuple(Urgency.values)]


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class SubjectIn(_Strict):
    given_name: str = Field("", max_length=100)
    family_name: str = Field("", max_length=100)
    date_of_birth: date | None = Field(None, description="YYYY-MM-DD")
    approximate_age: int | None = Field(None, ge=0, le=120, description="Only when the date of birth is not known")
    gender: GenderValue = Gender.NOT_KNOWN.value
    district: str | None = Field(None, max_length=100, description="The district's slug")
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)

    @model_validator(mode="after")
    def _name_and_age(self) -> SubjectIn:
        if not (self.given_name.strip() or self.family_name.strip()):
            raise ValueError("Enter a given name or a family name")
        if self.date_of_birth is not None and self.approximate_age is not None:
            raise ValueError("Enter either a date of birth or an approximate age, not both")
        return self


class SafeContactIn(_Strict):
    channels: dict[ChannelValue, SafeStatusValue] = Field(
        default_factory=dict, description="Per channel: safe, unsafe or not-known (left out: not known)"
    )
    safe_from: time | None = Field(None, description="HH:MM, UK time; with safe_until")
    safe_until: time | None = Field(None, description="HH:MM, UK time; with safe_from")
    code_word: str = Field("", max_length=100)
    what_may_be_said: str = Field("", max_length=500)

    @model_validator(mode="after")
    def _window(self) -> SafeContactIn:
        if (self.safe_from is None) != (self.safe_until is None):
            raise ValueError("Give both safe_from and safe_until, or neither")
        if self.safe_from is not None and self.safe_from == self.safe_until:
            raise ValueError("safe_until must be different from safe_from")
        return self


class ReferralIn(_Strict):
    subject: SubjectIn
    forms_of_abuse: list[FormValue] = Field(min_length=1)
    children_in_household: int | None = Field(None, ge=0, le=30, description="Empty: not known")
    children_details: str = Field("", max_length=2000)
    consent: ConsentValue
    lawful_basis: LawfulBasisValue | None = Field(None, description="Required when consent is not given")
    consent_reason: str = Field("", max_length=2000)
    safe_contact: SafeContactIn | None = Field(None, description="Left out: every channel not known")
    risk_tool: RiskToolValue = RiskTool.NONE.value
    risk_score: int | None = Field(None, ge=0, description="SafeLives DASH only: 0 to the number of questions")
    risk_grade: RiskGradeValue = Field(RiskGrade.NOT_ASSESSED.value, description="As reported; never converted")
    needs: list[NeedValue] = Field(default_factory=list)
    urgency: UrgencyValue = Urgency.ROUTINE.value
    details: str = Field(min_length=1, max_length=10000, description="What has happened, and why you are referring")


class ReferralStateOut(Schema):
    state: str
    state_name: str
    at: datetime
    reason: str = Field(description="Given for a decline (the closed loop); empty otherwise")


class ReferralRouteOut(Schema):
    service_kind: str
    service_name: str
    organisation: str | None


class ReferralOut(Schema):
    id: UUID
    reference: str
    state: str
    state_name: str
    state_history: list[ReferralStateOut]
    routes: list[ReferralRouteOut]
    first_contact_due: datetime | None


class ReferralErrorOut(Schema):
    detail: str


class ReferralFieldErrorOut(Schema):
    field: str
    message: str


class ReferralValidationErrorOut(Schema):
    detail: str
    errors: list[ReferralFieldErrorOut]
