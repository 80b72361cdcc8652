"""The people a referral names besides its subject become parties to the case when it is accepted.

Registered in ``ON_REFERRAL_ACCEPTED`` by ReferralsConfig.ready() (before any app above referrals, so a
MARAC referral made on acceptance already finds the person causing harm). Each person goes through
``vawg.cases.services.case_party_add`` as the accepting user: audited, checked for possible duplicates
among the people that user may see.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from vawg.accounts.models import Organisation, User
from vawg.cases.models import Case
from vawg.cases.selectors import may_change_parties
from vawg.cases.services import case_party_add
from vawg.core.models import save_valid
from vawg.referrals.models import Referral, ReferralParty


@transaction.atomic
def referral_parties_to_case(
    referral: Referral, by: User, organisation: Organisation | None = None, request: Any = None
) -> None:
    """Record the referral's people (not yet recorded) on its case. Nothing when the referral
    has no case (a referral about someone worried about their own behaviour), or when the accepting user may
    not change the case's parties (the people stay on the referral)."""
    case: Case | None = referral.case
    if case is None or not may_change_parties(user=by, case=case):
        return
    for row in ReferralParty.objects.filter(referral=referral, case_party__isnull=True).order_by("created_at"):
        row.case_party = case_party_add(
            by=by,
            case=case,
            role=row.role,
            relationship_to_victim=row.relationship_to_victim,
            given_name=row.given_name,
            family_name=row.family_name,
            date_of_birth=row.date_of_birth,
            lives_with_victim=row.lives_with_victim,
            request=request,
        )
        save_valid(row, update_fields=["case_party", "updated_at"])
