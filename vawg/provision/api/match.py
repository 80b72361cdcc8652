"""``POST /api/v1/accommodation/match``: match one household against units the caller sends (stateless).

For a housing team or a provider's own system that wants our matching rule without sending us a record: it
reads and stores nothing (the API middleware writes its usual one audit entry per call, with method, path and
status only). The handler calls ``rules.match_units`` and nothing else. Every key is on an allow-list and
every value is checked, so a 422 names exactly the field to fix (docs/safe-accommodation.md#the-api).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Body, Router, Schema
from ninja.errors import ValidationError
from pydantic import BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from pydantic_core import PydanticCustomError

from vawg.provision.config import KEEP_UNITS, LANGUAGES, REQUEST_ACCOMMODATION, ChildSex, Gender, Specialism
from vawg.provision.rules import Child, Household, Needs, Preferences, UnitOffer, match_units
from vawg.risk.schemas import IsoDate

router = Router()

# Far above the units of any county; keeps a body within the server's upload limit (2.5 MB by default).
MAX_UNITS = 5_000
MAX_CHILDREN = 20
MAX_CODES = 50
BODY_KEYS = frozenset({"on", "household", "needs", "preferences", "excluded_districts", "units"})

if TYPE_CHECKING:
    GenderValue = str
    ChildSexValue = str
    LanguageCode = str
    SpecialismValue = str
else:  # inline enums in the OpenAPI document
    GenderValue = Literal[tuple(Gender.values)]
    ChildSexValue = Literal[tuple(ChildSex.values)]
    LanguageCode = Literal[tuple(LANGUAGES)]
    SpecialismValue = Literal[tuple(Specialism.values)]

Slug = Annotated[StrictStr, Field(min_length=1, max_length=100)]


class _Strict(Schema):
    # strict: "3" is not 3 and 0 is not false; extra="forbid": a misspelt key is refused, not ignored.
    model_config = ConfigDict(extra="forbid", strict=True)


class ChildIn(_Strict):
    age: StrictInt = Field(ge=0, le=17, description="Age in years, 0 to 17")
    sex: ChildSexValue = Field(description="female or male")


class HouseholdIn(_Strict):
    adults: StrictInt = Field(ge=1, le=20, description="Adults, the survivor included")
    children: list[ChildIn] = Field(max_length=MAX_CHILDREN)
    survivor_age: StrictInt = Field(ge=16, le=120)
    survivor_gender: GenderValue

    def to_rule(self) -> Household:
        return Household(
            adults=self.adults,
            children=tuple(Child(age=child.age, sex=child.sex) for child in self.children),
            survivor_age=self.survivor_age,
            survivor_gender=self.survivor_gender,
        )


class NeedsIn(_Strict):
    """Every need is required: a need left out must never be read as "not needed"."""

    wheelchair: StrictBool
    pets: StrictBool
    nrpf: StrictBool = Field(description="No recourse to public funds")

    def to_rule(self) -> Needs:
        return Needs(wheelchair=self.wheelchair, pets=self.pets, nrpf=self.nrpf)


class PreferencesIn(_Strict):
    languages: list[LanguageCode] = Field(default_factory=list, max_length=MAX_CODES)
    specialisms: list[SpecialismValue] = Field(default_factory=list, max_length=MAX_CODES)

    def to_rule(self) -> Preferences:
        return Preferences(languages=frozenset(self.languages), specialisms=frozenset(self.specialisms))


class UnitIn(_Strict):
    """A unit as matching sees it. Never send an address: there is no field for one."""

    id: Slug
    district: Slug
    available_from: IsoDate | None = Field(description="The day it is free (YYYY-MM-DD); null: not free")
    max_household: StrictInt = Field(ge=1, le=100)
    max_children: StrictInt = Field(ge=0, le=100)
    boys_max_age: StrictInt | None = Field(ge=0, le=17, description="Oldest boy accepted; null: no limit")
    genders: list[GenderValue] = Field(min_length=1, max_length=len(Gender.values))
    min_age: StrictInt = Field(ge=0, le=120)
    wheelchair: StrictBool
    pets: StrictBool
    nrpf_accepted: StrictBool
    languages: list[LanguageCode] = Field(default_factory=list, max_length=MAX_CODES)
    specialisms: list[SpecialismValue] = Field(default_factory=list, max_length=MAX_CODES)

    def to_rule(self) -> UnitOffer:
        return UnitOffer(
            id=self.id,
            district=self.district,
            available_from=self.available_from,
            max_household=self.max_household,
            max_children=self.max_children,
            boys_max_age=self.boys_max_age,
            genders=frozenset(self.genders),
            min_age=self.min_age,
            wheelchair=self.wheelchair,
            pets=self.pets,
            nrpf_accepted=self.nrpf_accepted,
            languages=frozenset(self.languages),
            specialisms=frozenset(self.specialisms),
        )


def _at_most_max_units(value: Any) -> Any:
    # Before the units are validated one by one: an oversized list is refused at once.
    if isinstance(value, list) and len(value) > MAX_UNITS:
        raise PydanticCustomError("too_many_units", f"Send at most {MAX_UNITS:,} units in one call")
    return value


class MatchOut(Schema):
    id: str
    preferences_met: list[str]


class ExcludedOut(Schema):
    id: str
    reasons: list[str]


class MatchResultOut(Schema):
    matches: list[MatchOut]
    excluded: list[ExcludedOut]


# Error bodies, as vawg/api/api.py's handlers write them (vawg.api sits above this app: not imported).
class MatchErrorOut(Schema):
    detail: str


class MatchFieldErrorOut(Schema):
    field: str
    message: str


class MatchValidationErrorOut(Schema):
    detail: str
    errors: list[MatchFieldErrorOut]


def _refuse_unknown_keys(request: HttpRequest) -> None:
    # ninja ignores keys that are not body parameters: a misspelt "needs" would otherwise go unnoticed.
    body = json.loads(request.body)
    unknown = sorted(set(body) - BODY_KEYS) if isinstance(body, dict) else []
    if unknown:
        raise ValidationError([{"loc": ("body", key), "msg": "Extra inputs are not permitted"} for key in unknown])


def _refuse_repeated_ids(units: list[UnitIn]) -> None:
    seen: set[str] = set()
    repeated = []
    for index, unit in enumerate(units):
        if unit.id in seen:
            repeated.append({"loc": ("body", "units", index, "id"), "msg": "Give each unit its own id"})
        seen.add(unit.id)
    if repeated:
        raise ValidationError(repeated)


@router.post(
    "/match",
    response={200: MatchResultOut, 401: MatchErrorOut, 403: MatchErrorOut, 422: MatchValidationErrorOut},
    summary="Match one household against the units sent (stores and reads nothing)",
    description=(
        "Applies the matching rule (docs/safe-accommodation.md#matching) to the units in the body: matches "
        "are ordered by preferences met (most first), the day free (earliest first) and id; every other unit "
        "is listed with each reason it is left out, in the documented order. At most "
        f"{MAX_UNITS:,} units, each with its own id. Needs provision.request_accommodation or "
        "provision.keep_units."
    ),
)
def accommodation_match(
    request: HttpRequest,
    # One body parameter per key (not one wrapper schema), so errors name body.household.adults.
    on: Annotated[IsoDate, Body(description="The day the household needs a place (YYYY-MM-DD)")],
    household: Body[HouseholdIn],
    needs: Body[NeedsIn],
    units: Annotated[
        list[UnitIn], BeforeValidator(_at_most_max_units), Body(description=f"At most {MAX_UNITS:,} units")
    ],
    preferences: Body[PreferencesIn | None] = None,
    excluded_districts: Annotated[
        list[Slug] | None,
        Body(max_length=MAX_CODES, description="District slugs to avoid (where the person causing harm is)"),
    ] = None,
) -> dict[str, Any]:
    user = request.user
    if not (user.has_perm("api.use_api") and (user.has_perm(REQUEST_ACCOMMODATION) or user.has_perm(KEEP_UNITS))):
        raise PermissionDenied
    _refuse_unknown_keys(request)
    _refuse_repeated_ids(units)
    result = match_units(
        [unit.to_rule() for unit in units],
        on=on,
        household=household.to_rule(),
        needs=needs.to_rule(),
        preferences=(preferences or PreferencesIn()).to_rule(),
        excluded_districts=frozenset(excluded_districts or ()),
    )
    return {
        "matches": [{"id": match.id, "preferences_met": list(match.preferences_met)} for match in result.matches],
        "excluded": [{"id": excluded.id, "reasons": list(excluded.reasons)} for excluded in result.excluded],
    }
