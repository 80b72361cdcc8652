"""The referral gate: Referral.objects.visible_to(user) and referral_get_for(user=..., referral_id=...)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from vawg.accounts.models import Membership
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import user_with_role
from vawg.cases.tests.factories import CaseDenyEntryFactory, CaseFactory
from vawg.referrals.models import Referral
from vawg.referrals.selectors import referral_get_for
from vawg.referrals.tests.factories import ReferralFactory, ReferralRouteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(police_b: Any, agencies: Any) -> Referral:
    """Made by police_b (agency B), routed to agency A (the IDVA persona's)."""
    made = ReferralFactory(referrer_user=police_b, referrer_organisation=agencies.b)
    ReferralRouteFactory(referral=made, organisation=agencies.a)
    return made


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("referrer", True),
        ("referrers_colleague", True),
        ("routed_agency", True),
        ("other_agency", False),
        ("marac_coordinator", False),
        ("analyst_at_referring_agency", False),
        ("board_member", False),
        ("admin_user", False),
        ("referrer_disabled", False),
        ("referrer_membership_ended", False),
        ("referrer_moved_to_another_agency", False),
    ],
)
def test_it_shows_a_referral_only_to_those_with_a_reason(
    who: str,
    sees: bool,
    referral: Referral,
    request: pytest.FixtureRequest,
    agencies: Any,
    police_b: Any,
) -> None:
    from django.utils import timezone

    if who == "referrer":
        user = police_b
    elif who == "referrers_colleague":
        user = user_with_role(Role.POLICE, agencies.b)
    elif who == "routed_agency":
        user = request.getfixturevalue("idva_a")
    elif who == "other_agency":
        user = request.getfixturevalue("outsider_c")
    elif who == "analyst_at_referring_agency":
        user = user_with_role(Role.ANALYST, agencies.b)
    elif who == "referrer_disabled":
        police_b.is_active = False
        police_b.save()
        user = police_b
    elif who == "referrer_moved_to_another_agency":
        Membership.objects.filter(user=police_b).update(ended_at=timezone.now())
        Membership.objects.create(user=police_b, organisation=agencies.c, role=Role.POLICE)
        user = police_b
    elif who == "referrer_membership_ended":
        Membership.objects.filter(user=police_b).update(ended_at=timezone.now())
        user = police_b
    else:
        user = request.getfixturevalue(who)
    assert Referral.objects.visible_to(user).filter(pk=referral.pk).exists() is sees
    if sees:
        assert referral_get_for(user=user, referral_id=referral.pk) == referral
    else:
        with pytest.raises(Http404):
            referral_get_for(user=user, referral_id=referral.pk)


def test_it_shows_a_referral_to_those_who_can_see_its_case_unless_deny_listed(
    referral: Referral, agencies: Any, outsider_c: Any
) -> None:
    case = CaseFactory(owning_organisation=agencies.c)
    referral.case = case
    referral.save()
    assert Referral.objects.visible_to(outsider_c).filter(pk=referral.pk).exists()
    CaseDenyEntryFactory(case=case, user=outsider_c)
    assert not Referral.objects.visible_to(outsider_c).filter(pk=referral.pk).exists()


def test_it_answers_404_for_a_missing_or_malformed_id(idva_a: Any) -> None:
    for pk in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(Http404):
            referral_get_for(user=idva_a, referral_id=pk)


def test_it_decides_in_one_query(referral: Referral, idva_a: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        list(Referral.objects.visible_to(idva_a))
    assert len(queries) == 1


def test_it_hides_a_referral_from_a_routed_agency_user_deny_listed_from_its_case(
    referral: Referral, agencies: Any, idva_a: Any, police_b: Any
) -> None:
    """A staff member who is a party (deny-listed) must not reach the victim through the inbox or sent list."""
    case = CaseFactory(owning_organisation=agencies.a)
    referral.case = case
    referral.save()
    assert Referral.objects.visible_to(idva_a).filter(pk=referral.pk).exists()
    CaseDenyEntryFactory(case=case, user=idva_a)
    CaseDenyEntryFactory(case=case, user=police_b)
    assert not Referral.objects.visible_to(idva_a).filter(pk=referral.pk).exists()
    assert not Referral.objects.visible_to(police_b).filter(pk=referral.pk).exists()


def test_it_keeps_a_restricted_cases_referral_to_the_cases_named_team(
    referral: Referral, agencies: Any, idva_a: Any, police_b: Any
) -> None:
    from vawg.cases.tests.factories import CaseTeamMemberFactory

    case = CaseFactory(owning_organisation=agencies.a, is_restricted=True, restricted_reason="Staff member")
    referral.case = case
    referral.save()
    assert not Referral.objects.visible_to(idva_a).filter(pk=referral.pk).exists()  # routed, but not named
    assert not Referral.objects.visible_to(police_b).filter(pk=referral.pk).exists()  # referrer
    CaseTeamMemberFactory(case=case, user=idva_a)
    assert Referral.objects.visible_to(idva_a).filter(pk=referral.pk).exists()
