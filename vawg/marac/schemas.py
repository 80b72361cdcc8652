"""The MARAC API's schemas (vawg/marac/api.py): every field listed, exact figures, never a case."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema


class MaracErrorOut(Schema):
    detail: str


class MaracFieldErrorOut(Schema):
    field: str
    message: str


class MaracValidationErrorOut(Schema):
    detail: str
    errors: list[MaracFieldErrorOut]


class ReferralsByAgencyOut(Schema):
    police: int
    idva: int
    health: int
    children_social_care: int
    housing: int
    adult_social_care: int
    probation: int
    other: int


class MaracReturnOut(Schema):
    from_: date = Field(..., alias="from")
    to: date
    meeting_dates: list[date]
    cases_discussed: int
    repeat_cases: int
    referrals_by_agency: ReferralsByAgencyOut
    children_in_households: int
    victim_bame_or_racially_minoritised: int
    victim_lgbtq: int
    victim_disabled: int
    victim_male: int
    victim_aged_16_17: int
    perpetrators_aged_17_or_under: int
    cases_per_10k_adult_women: float | None = Field(
        ..., description="Cases (including repeats) / adult (16+) female population of the districts covered x 10,000"
    )
