"""Units and their availability, kept by their provider."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.provision.config import (
    KEEP_UNITS,
    UnitState,
)
from vawg.provision.models import (
    Unit,
    UnitStatus,
)
from vawg.provision.selectors.accommodation import unit_availability
from vawg.provision.services.accommodation.common import (
    NO_SUCH_UNIT,
    _kept_unit,
    _may,
)

UNIT_FIELDS = frozenset(
    {
        "service",
        "name",
        "accommodation_type",
        "district",
        "address",
        "bedspaces",
        "wheelchair_accessible",
        "max_household",
        "max_children",
        "boys_max_age",
        "genders",
        "min_age",
        "pets",
        "languages",
        "nrpf_accepted",
        "specialisms",
        "opened_on",
        "closed_on",
    }
)


def _unit_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - UNIT_FIELDS
    if unknown:
        raise TypeError(f"Not unit fields: {sorted(unknown)}")
    return fields


@transaction.atomic
def unit_create(*, by: User, organisation: Organisation, available_from: date | None = None, **fields: Any) -> Unit:
    """A new unit of ``organisation`` (kept by ``by``). It is vacant from ``available_from``, or out of use
    until its provider says it is vacant."""
    if not _may(by, organisation, KEEP_UNITS):
        raise Http404(NO_SUCH_UNIT)
    unit = Unit(organisation=organisation, **_unit_fields(fields))
    save_valid(unit)
    state = UnitState.VACANT if available_from else UnitState.OUT_OF_USE
    save_valid(UnitStatus(unit=unit, state=state, available_from=available_from, created_by=by))
    audit_record(
        action="provision.unit.create",
        by=by,
        obj=unit,
        agency_id=organisation.pk,
        details={"type": unit.accommodation_type, "district": unit.district_id, "state": state},
    )
    return unit


@transaction.atomic
def unit_change(*, by: User, unit: Unit, **changes: Any) -> Unit:
    """Change a unit's details (not its availability: ``unit_status_record``)."""
    unit = _kept_unit(by=by, unit_id=unit.pk, lock=True)
    changed = sorted(name for name, value in _unit_fields(changes).items() if getattr(unit, name) != value)
    for name, value in changes.items():
        setattr(unit, name, value)
    save_valid(unit)
    # The field names changed, never their values (the address is location-critical).
    audit_record(
        action="provision.unit.change", by=by, obj=unit, agency_id=unit.organisation_id, details={"fields": changed}
    )
    return unit


@transaction.atomic
def unit_status_record(
    *, by: User, unit: Unit, state: str, available_from: date | None = None, reason: str = ""
) -> UnitStatus:
    """The provider says a unit is vacant (from a day) or out of use. Reserved and occupied follow from
    reservations and placements, never set by hand; a unit holding a reservation or a household cannot be
    marked vacant or out of use until that ends."""
    unit = _kept_unit(by=by, unit_id=unit.pk, lock=True)
    if state not in (UnitState.VACANT, UnitState.OUT_OF_USE):
        raise ValidationError({"state": "Select vacant or out of use"})
    now = timezone.now()
    current = unit_availability([unit], now=now)[unit.pk]
    if current.state == UnitState.OCCUPIED:
        raise ValidationError({"state": "A household is in this unit: end the placement first"})
    if current.state == UnitState.RESERVED:
        raise ValidationError({"state": "This unit is reserved: accept or decline the reservation first"})
    if state == UnitState.VACANT and available_from is None:
        available_from = timezone.localdate(now)
    if state == UnitState.OUT_OF_USE:
        available_from = None
    status = UnitStatus(unit=unit, state=state, available_from=available_from, reason=reason.strip(), created_by=by)
    save_valid(status)
    audit_record(
        action="provision.unit_status.record",
        by=by,
        obj=unit,
        agency_id=unit.organisation_id,
        details={"state": state, "available_from": available_from.isoformat() if available_from else ""},
    )
    return status
