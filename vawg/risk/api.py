"""The risk API, mounted at /api/v1/risk by vawg/api/api.py.

``POST /api/v1/risk/dash/assess`` scores a DASH checklist and evaluates the
MARAC criteria and prompts with the rules in vawg/risk/rules.py. It stores
nothing (the API middleware writes its usual one audit entry per call, with
method, path and status only: never the answers).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Body, Router
from ninja.errors import ValidationError

from vawg.core.dates import LONDON
from vawg.risk.rules import assess
from vawg.risk.schemas import (
    BODY_KEYS,
    MAX_INCIDENTS,
    DashAnswersIn,
    DashAssessOut,
    IsoDate,
    ProfessionalJudgementIn,
    RiskErrorOut,
    RiskValidationErrorOut,
    answers_by_item,
)

router = Router(tags=["Risk"])


def london_today() -> date:
    return datetime.now(LONDON).date()


def _refuse_unknown_keys(request: HttpRequest) -> None:
    # ninja has already parsed and validated the known keys; it ignores others, which would hide
    # a typo such as "assesment_date" (the date would silently become today).
    unknown = sorted(set(json.loads(request.body)) - BODY_KEYS)
    if unknown:
        raise ValidationError([{"loc": ("body", key), "msg": "Extra inputs are not permitted"} for key in unknown])


@router.post(
    "/dash/assess",
    response={200: DashAssessOut, 401: RiskErrorOut, 403: RiskErrorOut, 422: RiskValidationErrorOut},
    summary="Score a DASH risk checklist (stores nothing)",
    description=(
        "Scores the 24 DASH answers (score = number of yes), bands the score with the thresholds version in "
        "force on the assessment date, applies professional judgement (raise to high only, with a rationale), "
        "and lists the MARAC criteria met and the prompts to follow up. Nothing is stored. Unknown keys are "
        "refused. Rules: docs/risk-rules.md."
    ),
)
def dash_assess(
    request: HttpRequest,
    # One body parameter per key (not one wrapper schema), so errors name body.answers.17.
    answers: Body[DashAnswersIn],  # type: ignore[valid-type]
    professional_judgement: Body[ProfessionalJudgementIn | None] = None,
    incidents_last_12_months: Annotated[
        int,
        Body(
            ge=0,
            le=MAX_INCIDENTS,
            strict=True,
            description="Domestic-abuse incidents involving this victim in the rolling 12 months, from any agency.",
        ),
    ] = 0,
    last_marac_referral_date: Annotated[
        IsoDate | None,
        Body(description="Date of the last MARAC referral of the same victim and person causing harm."),
    ] = None,
    assessment_date: Annotated[
        IsoDate | None, Body(description="Date of the assessment; today (Europe/London) if left out.")
    ] = None,
) -> dict[str, object]:
    if not request.user.has_perm("api.use_api"):
        raise PermissionDenied
    _refuse_unknown_keys(request)
    on = assessment_date or london_today()
    try:
        result = assess(
            answers=answers_by_item(answers),
            assessment_date=on,
            raise_to_high=professional_judgement.raise_to_high if professional_judgement else False,
            rationale=professional_judgement.rationale if professional_judgement else "",
            incidents_last_12_months=incidents_last_12_months,
            last_marac_referral_date=last_marac_referral_date,
        )
    except LookupError as exc:  # no thresholds version in force on that date
        raise ValidationError(
            [{"loc": ("body", "assessment_date"), "msg": "No DASH thresholds were in force on this date"}]
        ) from exc
    return {
        "score": result.score,
        "level": result.level.value,
        "marac_eligible": result.marac_eligible,
        "marac_criteria": list(result.marac_criteria),
        "thresholds_version": result.thresholds_version,
        "prompts": list(result.prompts),
    }
