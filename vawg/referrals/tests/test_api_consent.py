"""The referrals API and consent: a high-risk referral to MARAC needs consent or a lawful basis (422), and a
referral whose consent is not yet asked is made, and reported, awaiting consent.

The API has no operation that accepts a referral: acceptance is only ``referral_accept``, which refuses
while consent is not recorded (test_consent.py)."""

from __future__ import annotations

from typing import Any

import pytest

from vawg.accounts.models import User
from vawg.referrals.models import Referral, ReferralState
from vawg.referrals.rules.consent import MARAC_HIGH_RISK_MESSAGE
from vawg.referrals.services import routing_rules_install_defaults
from vawg.referrals.tests.test_api_referrals import bearer, errors_of, post, valid_body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def routing_rules() -> None:
    """The default rules route high-risk domestic abuse to MARAC. A data migration installs them, but a
    transactional test earlier on the same worker empties every table, so install any that are missing."""
    routing_rules_install_defaults()


def test_it_refuses_a_high_risk_referral_to_marac_without_consent_naming_the_field(idva_a: User) -> None:
    response = post(bearer(idva_a), valid_body(consent="not-yet-asked", risk_grade="high"))
    assert response.status_code == 422
    assert errors_of(response) == {"body.payload.consent": MARAC_HIGH_RISK_MESSAGE}
    assert not Referral.objects.exists()


def test_it_makes_a_referral_whose_consent_is_not_yet_asked_awaiting_consent(idva_a: User) -> None:
    response = post(bearer(idva_a), valid_body(consent="not-yet-asked", risk_grade="medium"))
    assert response.status_code == 201
    data: dict[str, Any] = response.json()
    assert (data["state"], data["state_name"]) == (ReferralState.AWAITING_CONSENT, "Awaiting consent")
    assert [row["state"] for row in data["state_history"]] == ["submitted", "awaiting-consent"]
