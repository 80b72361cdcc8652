"""The DASH assessment API's request and response bodies (docs/risk-rules.md#the-assessment-api).

Every key is on an allow-list: unknown keys anywhere in the body are refused,
and each of the 24 answers is required, so a 422 names exactly the field to fix.
The top-level keys are body parameters of the operation (vawg/risk/api.py), so
errors name ``body.answers.17`` rather than a wrapper parameter.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    create_model,
    field_validator,
)
from pydantic_core import PydanticCustomError

from vawg.core.dates import FIRST_YEAR, LAST_YEAR, YEARS_MESSAGE
from vawg.risk.rules import DASH_ITEMS, MARAC_CRITERIA, PROMPT_CODES, Answer

# Long enough for a careful rationale, short enough to refuse junk.
MAX_RATIONALE_LENGTH = 5000
# Far above any real count; refuses absurd numbers.
MAX_INCIDENTS = 10_000

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> date:
    # Only "YYYY-MM-DD": pydantic alone would also take timestamps and datetimes.
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_format", "Enter a date in the format YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_invalid", "Enter a real date in the format YYYY-MM-DD") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PydanticCustomError("date_range", YEARS_MESSAGE)
    return day


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# Inline in the OpenAPI document (an enum class would become a shared, collision-prone component).
AnswerValue = Literal[tuple(answer.value for answer in Answer)]  # type: ignore[valid-type]

# One required field per DASH item, keyed "1" to "24" in the JSON body.
DashAnswersIn: type[_Strict] = create_model(  # type: ignore[call-overload]
    "DashAnswersIn",
    __base__=_Strict,
    __doc__=(
        'An answer to each of the 24 DASH items, keyed "1" to "24": yes, no or not_known. All 24 are required. '
        "The descriptions are short labels, not the SafeLives wording; P is the person causing harm."
    ),
    **{
        f"item_{item.number}": (AnswerValue, Field(alias=str(item.number), description=item.label))
        for item in DASH_ITEMS
    },
)


def answers_by_item(answers: BaseModel) -> dict[int, Answer]:
    """The validated answers as the rules take them: item number -> Answer."""
    return {int(key): Answer(value) for key, value in answers.model_dump(by_alias=True).items()}


class ProfessionalJudgementIn(_Strict):
    raise_to_high: StrictBool = Field(description="True to raise the risk level to high.")
    rationale: str = Field(
        default="",
        max_length=MAX_RATIONALE_LENGTH,
        validate_default=True,
        description="Why: required when raise_to_high is true.",
    )

    @field_validator("rationale")
    @classmethod
    def _rationale_when_raising(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("raise_to_high") and not value.strip():
            raise PydanticCustomError("rationale_required", "Give the reason for raising the risk to high")
        return value


# The top-level body keys (see vawg/risk/api.py, which declares each as a body parameter).
BODY_KEYS = frozenset(
    {"answers", "professional_judgement", "incidents_last_12_months", "last_marac_referral_date", "assessment_date"}
)


class DashAssessOut(Schema):
    score: int
    level: Literal["standard", "medium", "high"]
    marac_eligible: bool
    marac_criteria: list[Literal[MARAC_CRITERIA]]  # type: ignore[valid-type]
    thresholds_version: str
    prompts: list[Literal[PROMPT_CODES]]  # type: ignore[valid-type]


# Error bodies, as vawg/api/api.py's handlers write them. Defined here (not imported) because
# vawg.api sits above this app; named apart so the OpenAPI components do not overwrite each other.
class RiskErrorOut(Schema):
    detail: str


class RiskFieldErrorOut(Schema):
    field: str
    message: str


class RiskValidationErrorOut(Schema):
    detail: str
    errors: list[RiskFieldErrorOut]
