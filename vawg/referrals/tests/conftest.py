"""Fixtures shared by the referrals tests (the personas are in the root conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from vawg.accounts.tests.factories import DistrictFactory
from vawg.referrals.models import Referral
from vawg.referrals.tests.factories import record_referral


@pytest.fixture
def district(agencies: Any) -> Any:
    """A district the IDVA persona's agency (a specialist service) covers, so outreach routes there."""
    place = DistrictFactory(name="Stevenage", slug="stevenage")
    agencies.a.districts.add(place)
    return place


@pytest.fixture
def referral(police_b: Any, district: Any) -> Referral:
    """Made by police_b, routed (outreach) to agency A, the IDVA persona's."""
    return record_referral(by=police_b, district=district)
