"""Every write to safe accommodation: units and their availability (units.py), requests (requests.py),
reservations (reservations.py) and placements (placements.py); what they share is in common.py.

Who may act:
- a unit's provider (``Unit.objects.kept_by``: provision.keep_units at the unit's agency) keeps its units,
  accepts or declines reservations of them, starts and ends placements in them;
- a worker who may see the request's case and holds provision.request_accommodation raises the request,
  reserves a matched unit, records that the survivor declined, cancels, closes or withdraws.
Anyone else gets Http404 (a record they may not reach looks like a missing one).

Double booking is impossible: ``reservation_create`` locks the unit row, lapses any reservation past its
time, checks the unit is free and matches, and inserts; the database's partial unique index
(provision_one_live_reservation_per_unit) refuses a second live reservation even if two requests race.
Audit entries hold ids and codes only, never an address or a name.
"""

from __future__ import annotations

from vawg.provision.services.accommodation.common import (
    CONFLICT_MESSAGES,
    LAPSE_JOB,
    NO_SUCH_REQUEST,
    NO_SUCH_RESERVATION,
    NO_SUCH_UNIT,
    NOT_MATCHED,
    OCCUPIED,
    OUT_OF_USE,
    REQUEST_HOLDS_ONE,
    REQUEST_NOT_OPEN,
    RESERVED,
    ReservationConflictError,
)
from vawg.provision.services.accommodation.placements import (
    placement_end,
    placement_start,
)
from vawg.provision.services.accommodation.reads import accommodation_request_view_record
from vawg.provision.services.accommodation.requests import (
    RequestInput,
    accommodation_request_close,
    accommodation_request_raise,
    accommodation_request_withdraw,
)
from vawg.provision.services.accommodation.reservations import (
    reservation_accept,
    reservation_cancel,
    reservation_create,
    reservation_decline,
    reservation_survivor_decline,
    reservations_lapse,
)
from vawg.provision.services.accommodation.units import (
    UNIT_FIELDS,
    unit_change,
    unit_create,
    unit_status_record,
)

__all__ = [
    "CONFLICT_MESSAGES",
    "LAPSE_JOB",
    "NOT_MATCHED",
    "NO_SUCH_REQUEST",
    "NO_SUCH_RESERVATION",
    "NO_SUCH_UNIT",
    "OCCUPIED",
    "OUT_OF_USE",
    "REQUEST_HOLDS_ONE",
    "REQUEST_NOT_OPEN",
    "RESERVED",
    "UNIT_FIELDS",
    "RequestInput",
    "ReservationConflictError",
    "accommodation_request_close",
    "accommodation_request_raise",
    "accommodation_request_view_record",
    "accommodation_request_withdraw",
    "placement_end",
    "placement_start",
    "reservation_accept",
    "reservation_cancel",
    "reservation_create",
    "reservation_decline",
    "reservation_survivor_decline",
    "reservations_lapse",
    "unit_change",
    "unit_create",
    "unit_status_record",
]
