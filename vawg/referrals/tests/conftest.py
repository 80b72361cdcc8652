"""Fixtures shared by the referrals tests (the personas are in the root conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from vawg.accounts.tests.factories import DistrictFactory


@pytest.fixture
def district(agencies: Any) -> Any:
    """A district the IDVA persona's agency (a specialist service) covers, so outreach routes there."""
    place = DistrictFactory(name="Stevenage", slug="stevenage")
    agencies.a.districts.add(place)
    return place
