"""The referral selectors: what a user may not see is a 404, exactly as for a referral that does not exist."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import User
from vawg.cases.tests.factories import CaseDenyEntryFactory, CaseFactory
from vawg.referrals import selectors
from vawg.referrals.models import Referral, ReferralTask, TaskKind
from vawg.referrals.tests.factories import record_referral

pytestmark = pytest.mark.django_db


def test_it_gets_a_referral_for_its_referrer_and_its_receiving_agency(
    referral: Referral, police_b: User, idva_a: User
) -> None:
    assert selectors.referral_get_for(user=police_b, referral_id=referral.pk) == referral
    assert selectors.referral_get_for(user=idva_a, referral_id=referral.pk) == referral
    assert selectors.referral_get_to_triage(user=idva_a, referral_id=referral.pk) == referral


@pytest.mark.parametrize("referral_id", [None, "", "not-a-uuid", uuid.uuid4()])
def test_it_answers_404_for_a_missing_or_malformed_id(police_b: User, referral_id: object) -> None:
    with pytest.raises(Http404):
        selectors.referral_get_for(user=police_b, referral_id=referral_id)  # type: ignore[arg-type]


def test_it_answers_an_outsider_as_if_the_referral_did_not_exist(referral: Referral, outsider_c: User) -> None:
    with pytest.raises(Http404) as refused:
        selectors.referral_get_for(user=outsider_c, referral_id=referral.pk)
    with pytest.raises(Http404) as missing:
        selectors.referral_get_for(user=outsider_c, referral_id=uuid.uuid4())
    assert str(refused.value) == str(missing.value)


def test_it_refuses_a_deny_listed_member_of_the_receiving_agency(
    referral: Referral, idva_a: User, police_b: User, agencies: Agencies
) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    Referral.objects.filter(pk=referral.pk).update(case=case)
    assert selectors.referral_get_for(user=idva_a, referral_id=referral.pk) == referral
    CaseDenyEntryFactory(case=case, user=idva_a, added_by=police_b)
    with pytest.raises(Http404):
        selectors.referral_get_for(user=idva_a, referral_id=referral.pk)
    with pytest.raises(Http404):
        selectors.referral_get_to_triage(user=idva_a, referral_id=referral.pk)


def test_it_lets_only_the_receiving_agency_triage(referral: Referral, police_b: User) -> None:
    assert selectors.referral_get_for(user=police_b, referral_id=referral.pk) == referral
    with pytest.raises(Http404):
        selectors.referral_get_to_triage(user=police_b, referral_id=referral.pk)


def test_it_gets_only_a_task_of_the_referral_it_was_given(referral: Referral, police_b: User, district: object) -> None:
    other = record_referral(by=police_b, district=district)
    task, elsewhere = (
        ReferralTask.objects.create(referral=r, kind=TaskKind.FGM_POLICE_REPORT, due=timezone.now())
        for r in (referral, other)
    )
    assert selectors.referral_task_get_for(referral=referral, task_id=task.pk) == task
    with pytest.raises(Http404):
        selectors.referral_task_get_for(referral=referral, task_id=elsewhere.pk)
