"""Access-matrix entries for the referrals home and the consent pages (docs/access-control.md, "Referrals").

The matrix referral awaits consent: made by police_b (agency B), routed to agency A (idva_a triages it).
Recording consent is for the referrer and the receiving triager; sharing without consent for a holder of
``referrals.override_consent`` who may see the referral (police_b; the MARAC coordinator holds it but
cannot see this referral; idva_a sees it but does not hold it).
"""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import CASEWORK, Rule


def _awaiting_consent(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.referrals.models import Consent, ReferralState
    from vawg.referrals.tests.factories import ReferralFactory, ReferralRouteFactory

    referral = ReferralFactory(
        consent=Consent.NOT_YET_ASKED,
        current_state=ReferralState.AWAITING_CONSENT,
        referrer_user=ctx["personas"]["police_b"],
        referrer_organisation=ctx["agencies"].b,
    )
    ReferralRouteFactory(referral=referral, organisation=ctx["agencies"].a)
    return {"referral_id": referral.pk}


WEB = {
    "referrals:referral_home": Rule(allowed=CASEWORK),
    "referrals:referral_awaiting_consent_list": Rule(allowed=CASEWORK),
    "referrals:referral_consent_record": Rule(allowed=frozenset({"idva_a", "police_b"}), kwargs=_awaiting_consent),
    "referrals:referral_consent_override": Rule(allowed=frozenset({"police_b"}), kwargs=_awaiting_consent),
}
