"""The API: the Open Referral UK feed (public, read-only; openreferral.py) and safe accommodation
(units, requests, reservations, the stateless matcher and the Part 4 return; accommodation.py, match.py,
part4.py)."""

from __future__ import annotations

from ninja import Router

from vawg.provision.api.accommodation import router as _accommodation
from vawg.provision.api.match import router as _match
from vawg.provision.api.openreferral import router as openreferral_router
from vawg.provision.api.part4 import router as _part4

accommodation_router = Router(tags=["Safe accommodation"])
accommodation_router.add_router("", _accommodation)
accommodation_router.add_router("", _match)
accommodation_router.add_router("", _part4)

__all__ = ["accommodation_router", "openreferral_router"]
