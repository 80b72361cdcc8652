"""``/api/v1/justice``: the attrition funnel.

``GET /api/v1/justice/attrition?from=YYYY-MM-DD&to=YYYY-MM-DD`` counts the police incidents of every force
that occurred in the period (both days included; without either date, the last full calendar year): the
funnel, the outcomes shown apart and every outcome code. Needs ``api.use_api`` and ``justice.view_attrition``.
Exact figures for analysts, like the MARAC quarterly return and the Part 4 return (the page suppresses small
numbers); never a person or an incident (docs/justice-outcomes.md#the-api).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from vawg.justice.config.outcomes import OUTCOMES_VERSION, VIEW_ATTRITION
from vawg.justice.rules.attrition import last_full_year
from vawg.justice.selectors.attrition import attrition_for
from vawg.risk.schemas import IsoDate

router = Router(tags=["Justice"])


class AttritionErrorOut(Schema):
    detail: str


class AttritionFieldErrorOut(Schema):
    field: str
    message: str


class AttritionValidationErrorOut(Schema):
    detail: str
    errors: list[AttritionFieldErrorOut]


class AttritionOut(Schema):
    from_: date = Field(..., alias="from")
    to: date
    outcomes_version: str
    incidents: int
    crimes: int
    crimes_with_outcome: int
    suspect_identified: int
    charged: int
    convicted: int
    victim_does_not_support: int
    evidential_difficulties_victim_supports: int
    no_suspect: int
    court_results: dict[str, int]
    by_outcome: dict[str, int]
    crimes_with_outcome_date: int
    median_days_to_outcome: float | None


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ("query", field), "msg": message}])


@router.get(
    "/attrition",
    response={200: AttritionOut, 401: AttritionErrorOut, 403: AttritionErrorOut, 422: AttritionValidationErrorOut},
    by_alias=True,
    summary="The attrition funnel of domestic-abuse crimes for a period",
    description=(
        "Counts the police incidents of every force that occurred from 'from' to 'to' (both included; "
        "without both, the last full calendar year; with one only, 422). "
        "suspect_identified: crimes with an outcome other than 14 and 18; charged: outcome 1; convicted: a "
        "court result of convicted after outcome 1. by_outcome lists every Home Office outcome code (0 when "
        "none) and adds up to crimes_with_outcome. Exact figures. Definitions: docs/justice-outcomes.md."
    ),
)
def attrition_detail(
    request: HttpRequest,
    from_: Annotated[IsoDate | None, Query(alias="from", description="First day, YYYY-MM-DD")] = None,
    to: Annotated[IsoDate | None, Query(description="Last day, YYYY-MM-DD")] = None,
) -> dict[str, object]:
    user = request.user
    if not (user.has_perm("api.use_api") and user.has_perm(VIEW_ATTRITION)):
        raise PermissionDenied
    if from_ is None and to is None:
        from_, to = last_full_year(timezone.localdate())
    elif from_ is None:
        raise _invalid("from", "Send the first day of the period as from=YYYY-MM-DD (or neither date)")
    elif to is None:
        raise _invalid("to", "Send the last day of the period as to=YYYY-MM-DD (or neither date)")
    if from_ > to:
        raise _invalid("to", "to must be the same as or after from")
    result = attrition_for(from_, to)
    f = result.figures
    return {
        "from": from_,
        "to": to,
        "outcomes_version": OUTCOMES_VERSION,
        "incidents": f.incidents,
        "crimes": f.crimes,
        "crimes_with_outcome": f.with_outcome,
        "suspect_identified": f.suspect_identified,
        "charged": f.charged,
        "convicted": f.convicted,
        "victim_does_not_support": f.victim_does_not_support,
        "evidential_difficulties_victim_supports": f.victim_supports,
        "no_suspect": f.no_suspect,
        "court_results": dict(f.court),
        "by_outcome": dict(f.by_outcome),
        "crimes_with_outcome_date": result.days_known,
        "median_days_to_outcome": result.median_days,
    }
