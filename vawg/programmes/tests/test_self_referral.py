"""The front door's "worried about my own behaviour" self-referral reaches the provider's programme: made on
the public pages, routed, accepted by the programme worker through the real referral services."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.cases.models import Case
from vawg.programmes import services
from vawg.programmes.models import ProgrammeKind, ProgrammeReferral, ProgrammeReferralState
from vawg.programmes.tests.factories import ProgrammeFactory
from vawg.referrals import services as referral_services
from vawg.referrals.models import Referral, ReferralSource, ReferralState
from vawg.referrals.services import routing_rules_install_defaults
from vawg.referrals.tests.test_public_self_referral import WORRIED_ANSWERS, complete

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def routing_rules() -> None:
    """The default rules (the self-referral's among them), which a migration installs but a browser test
    run earlier on the same worker flushes with the rest of the database."""
    routing_rules_install_defaults()


@pytest.fixture
def provider() -> Any:
    return OrganisationFactory(name="Change Service (test)", type=OrganisationType.PROGRAMME_PROVIDER)


@pytest.fixture
def worker(provider: Any) -> Any:
    return user_with_role(Role.PROGRAMME_WORKER, provider, email="worker@example.invalid")


def _accepted_self_referral(worker: Any) -> Referral:
    complete(Client(), WORRIED_ANSWERS, worried=True)
    referral = Referral.objects.get(source=ReferralSource.PERPETRATOR_SELF)
    for step in (ReferralState.TRIAGED, ReferralState.SENT):
        referral_services.referral_transition(referral=referral, to=step, by=worker)
    referral_services.referral_accept(referral=referral, by=worker)
    referral.refresh_from_db()
    return referral


def test_it_opens_a_programme_referral_to_triage_when_the_provider_accepts(provider: Any, worker: Any) -> None:
    ProgrammeFactory(provider=provider, name="A high-harm service", kind=ProgrammeKind.HIGH_HARM, sessions=0)
    group = ProgrammeFactory(provider=provider, name="B group")

    referral = _accepted_self_referral(worker)

    found = ProgrammeReferral.objects.get()
    assert (found.programme, found.source, found.front_door_referral) == (group, "self", referral)
    assert found.current_state == ProgrammeReferralState.RECEIVED
    assert found.person_causing_harm.person_id == referral.subject_id
    assert found.created_by == worker
    assert referral.case_id is None and not Case.objects.exists()
    assert ProgrammeReferral.objects.visible_to(worker).get() == found


def test_it_opens_one_programme_referral_however_often_the_hook_runs(provider: Any, worker: Any) -> None:
    ProgrammeFactory(provider=provider)
    referral = _accepted_self_referral(worker)

    services.self_referral_accepted(referral, worker, provider)
    services.self_referral_accepted(referral, worker, provider)

    assert ProgrammeReferral.objects.filter(front_door_referral=referral).count() == 1


def test_it_accepts_the_self_referral_when_the_provider_takes_no_referrals(provider: Any, worker: Any) -> None:
    ProgrammeFactory(provider=provider, accepting_referrals=False)

    referral = _accepted_self_referral(worker)

    assert referral.current_state == ReferralState.ACCEPTED
    assert not ProgrammeReferral.objects.exists()


def test_it_chooses_a_group_programme_covering_the_district_before_others(provider: Any) -> None:
    from vawg.accounts.tests.factories import DistrictFactory

    here, there = DistrictFactory(), DistrictFactory()
    far = ProgrammeFactory(provider=provider, name="A far group")
    far.districts.set([there])
    local = ProgrammeFactory(provider=provider, name="B local one-to-one", kind=ProgrammeKind.ONE_TO_ONE, sessions=12)
    local.districts.set([here])
    ProgrammeFactory(provider=provider, name="C high harm", kind=ProgrammeKind.HIGH_HARM, sessions=0)

    assert services.programme_for_self_referral(provider, here.pk) == local
    assert services.programme_for_self_referral(provider, None) == far  # no district: the first by name
    assert services.programme_for_self_referral(OrganisationFactory(), here.pk) is None
