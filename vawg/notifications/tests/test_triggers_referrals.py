"""Referral triggers: routed to an agency (its triagers), and the referrer told of acceptance or decline."""

from __future__ import annotations

from typing import Any

import pytest

from vawg.accounts.models import District, User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import DistrictFactory, user_with_role
from vawg.cases.tests.factories import CaseDenyEntryFactory, CaseFactory
from vawg.notifications.models import Notification
from vawg.referrals import services
from vawg.referrals.models import ReferralState
from vawg.referrals.tests.factories import ReferralFactory, record_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(agencies: Any) -> District:
    """A district agency A (a specialist service) covers, so outreach routes there."""
    place = DistrictFactory(name="Stevenage", slug="stevenage")
    agencies.a.districts.add(place)
    return place


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_it_tells_the_triagers_of_the_agency_a_referral_is_routed_to(
    police_b: User, idva_a: User, outsider_c: User, agencies: Any, district: District
) -> None:
    colleague = user_with_role(Role.IDVA, agencies.a)
    referral = record_referral(by=police_b, district=district)
    assert told("referral-routed") == {idva_a.email, colleague.email}
    assert set(Notification.objects.values_list("link", flat=True)) == {f"/referrals/{referral.pk}/"}


def test_it_never_tells_a_triager_deny_listed_from_the_referrals_case(
    idva_a: User, agencies: Any, district: District
) -> None:
    denied = user_with_role(Role.IDVA, agencies.a)
    case = CaseFactory(owning_organisation=agencies.a)
    CaseDenyEntryFactory(case=case, user=denied)
    referral = ReferralFactory(case=case, district=district, current_state=ReferralState.SUBMITTED)
    services.referral_route(referral=referral, system_job="tests")
    assert told("referral-routed") == {idva_a.email}


def test_it_tells_the_referrer_when_their_referral_is_accepted_or_declined(
    police_b: User, idva_a: User, district: District
) -> None:
    accepted = record_referral(by=police_b, district=district)
    declined = record_referral(by=police_b, district=district)
    for referral in (accepted, declined):
        services.referral_transition(referral=referral, to=ReferralState.TRIAGED, by=idva_a)
    services.referral_transition(referral=accepted, to=ReferralState.SENT, by=idva_a)
    services.referral_accept(referral=accepted, by=idva_a)
    services.referral_transition(referral=declined, to=ReferralState.DECLINED, by=idva_a, reason="Out of area")
    outcomes = Notification.objects.filter(kind="referral-outcome")
    assert sorted(outcomes.values_list("recipient__email", "event")) == sorted(
        [
            (police_b.email, f"referral:{accepted.pk}:accepted"),
            (police_b.email, f"referral:{declined.pk}:declined"),
        ]
    )


def test_it_never_tells_a_referrer_deny_listed_from_the_referrals_case(
    police_b: User, idva_a: User, agencies: Any, district: District
) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    CaseDenyEntryFactory(case=case, user=police_b)
    referral = ReferralFactory(
        case=case,
        district=district,
        referrer_user=police_b,
        referrer_organisation=agencies.b,
        current_state=ReferralState.SUBMITTED,
    )
    services.referral_route(referral=referral, system_job="tests")
    services.referral_transition(referral=referral, to=ReferralState.TRIAGED, by=idva_a)
    services.referral_transition(referral=referral, to=ReferralState.DECLINED, by=idva_a, reason="Out of area")
    assert told("referral-routed") == {idva_a.email}
    assert told("referral-outcome") == set()
