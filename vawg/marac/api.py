"""The MARAC API, mounted at /api/v1/marac by vawg/api/api.py.

``GET /api/v1/marac/returns?from=YYYY-MM-DD&to=YYYY-MM-DD[&area=<id>]`` returns the SafeLives
quarterly return for the period (both dates included) with the field names of
docs/domain/marac.md#the-quarterly-return, plus ``cases_per_10k_adult_women``, ``from`` and ``to``.
Without dates: the last complete quarter. Needs ``marac.view_return``. Exact figures, never a case.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import ValidationError

from vawg.marac.models import VIEW_RETURN, MaracArea
from vawg.marac.rules.returns import Period, last_quarters
from vawg.marac.schemas import MaracErrorOut, MaracReturnOut, MaracValidationErrorOut
from vawg.marac.selectors.returns import return_for
from vawg.risk.schemas import IsoDate

router = Router(tags=["MARAC"])

# Far longer than any real return; refuses a request that would read the whole history at once.
MAX_DAYS = 366 * 5 + 1


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ("query", field), "msg": message}])


@router.get(
    "/returns",
    response={200: MaracReturnOut, 401: MaracErrorOut, 403: MaracErrorOut, 422: MaracValidationErrorOut},
    by_alias=True,
    summary="The SafeLives quarterly MARAC return for a period",
    description=(
        "Generated from the records: a case is a listed case heard at a meeting in the period (both dates "
        "included). Without from and to: the last complete quarter. Definitions: docs/marac.md."
    ),
)
def marac_return(
    request: HttpRequest,
    from_: Annotated[IsoDate | None, Query(alias="from", description="First day, YYYY-MM-DD")] = None,
    to: Annotated[IsoDate | None, Query(description="Last day, YYYY-MM-DD")] = None,
    area: Annotated[UUID | None, Query(description="One MARAC area's id; all areas if left out")] = None,
) -> dict[str, object]:
    if not request.user.has_perm(VIEW_RETURN):
        raise PermissionDenied
    if (from_ is None) != (to is None):
        raise _invalid("to" if to is None else "from", "Send both from and to, or neither")
    if from_ is None or to is None:
        period = last_quarters(timezone.localdate(), 1)[0]
    else:
        if from_ > to:
            raise _invalid("to", "to must be the same as or after from")
        if (to - from_).days > MAX_DAYS:
            raise _invalid("to", "Ask for 5 years or less at a time")
        period = Period(from_, to)
    areas = None
    if area is not None:
        found = MaracArea.objects.filter(pk=area).first()
        if found is None:
            raise _invalid("area", "No MARAC area has this id")
        areas = [found]
    figures, _missing = return_for(period, areas=areas)
    return figures.as_api()
