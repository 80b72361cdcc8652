"""``GET /api/v1/accommodation/part4-return?year=2025``: the Domestic Abuse Act 2021 Part 4 annual return for
the financial year 1 April ``year`` to 31 March ``year + 1`` (the last full year without ``year``). Needs
provision.view_part4_return. Exact figures, never a household, a unit or an address (docs/part4-return.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from vawg.provision.config import VIEW_PART4_RETURN
from vawg.provision.forms.commissioning import FIRST_YEAR
from vawg.provision.selectors.part4 import FinancialYear, last_full_year, part4_return

router = Router()


class Part4ErrorOut(Schema):
    detail: str


class Part4FieldErrorOut(Schema):
    field: str
    message: str


class Part4ValidationErrorOut(Schema):
    detail: str
    errors: list[Part4FieldErrorOut]


class Part4ReturnOut(Schema):
    year: int
    from_: date = Field(..., alias="from")
    to: date
    config_version: str
    reason_codes_confirmed: bool
    households_supported: int
    households_supported_by_type: dict[str, int]
    unable_to_support: int
    unable_to_support_by_reason: dict[str, int]
    support_ended: int
    support_ended_by_reason: dict[str, int]
    support_ended_by_move_on: dict[str, int]
    support_ended_by_setting: dict[str, int]
    children_supported: int
    individuals_supported: dict[str, int]
    specialist_characteristics: dict[str, int]
    survivor_age_bands: dict[str, int]
    bedspaces: int
    bedspaces_by_type: dict[str, int]
    provider_declines_by_reason: dict[str, int]


@router.get(
    "/part4-return",
    response={200: Part4ReturnOut, 401: Part4ErrorOut, 403: Part4ErrorOut, 422: Part4ValidationErrorOut},
    by_alias=True,
    summary="The Domestic Abuse Act 2021 Part 4 annual return for a financial year",
    description=(
        "Generated from the safe accommodation records for 1 April year to 31 March year + 1. Every breakdown "
        "lists every code (0 when none) and adds up to its total; 'not-recorded' holds records without a code. "
        "The reason codes are UNCONFIRMED until the MHCLG data-collection form is confirmed. "
        "Definitions: docs/part4-return.md."
    ),
)
def part4_return_detail(
    request: HttpRequest,
    year: Annotated[int | None, Query(description="The financial year's first calendar year, e.g. 2025")] = None,
) -> dict[str, object]:
    if not request.user.has_perm(VIEW_PART4_RETURN):
        raise PermissionDenied
    latest = last_full_year(timezone.localdate()) + 1
    if year is None:
        year = latest - 1
    elif not FIRST_YEAR <= year <= latest:
        raise ValidationError(
            [{"loc": ("query", "year"), "msg": f"Ask for a financial year from {FIRST_YEAR} to {latest}"}]
        )
    return part4_return(FinancialYear(year)).as_api()
