"""MARAC's registrations in the lower apps' registries (MaracConfig.ready()), and that each way in queues
exactly one referral."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.apps import apps
from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.hooks import CASE_PAGE_SECTIONS
from vawg.cases.tests.factories import CaseFactory
from vawg.marac.models import MaracReferral, MaracReferralSource, MaracReferralState
from vawg.marac.presenters.case_section import case_page_section
from vawg.marac.presenters.person_flags import marac_person_flags
from vawg.marac.selectors.referrals import last_marac_referral_date
from vawg.marac.services import intake
from vawg.marac.tests.factories import MaracAreaFactory, MaracReferralFactory
from vawg.people.hooks import PERSON_FLAGS
from vawg.referrals.hooks import ON_REFERRAL_ACCEPTED
from vawg.referrals.models import ReferralState, ServiceKind
from vawg.referrals.services import referral_accept
from vawg.referrals.tests.factories import ReferralFactory, ReferralRouteFactory
from vawg.risk.hooks import LAST_MARAC_REFERRAL, ON_DASH_ASSESSED, ON_INCIDENT_RECORDED
from vawg.risk.models import IncidentKind
from vawg.risk.rules import DASH_ITEM_NUMBERS, Answer
from vawg.risk.services import Judgement, dash_assessment_submit, incident_record

REGISTRATIONS = [
    (PERSON_FLAGS, marac_person_flags),
    (LAST_MARAC_REFERRAL, last_marac_referral_date),
    (ON_DASH_ASSESSED, intake.queue_from_dash),
    (ON_INCIDENT_RECORDED, intake.queue_from_incident),
    (ON_REFERRAL_ACCEPTED, intake.queue_from_referral),
    (CASE_PAGE_SECTIONS, case_page_section),
]


def test_it_registers_each_callback_once_even_when_registered_again() -> None:
    apps.get_app_config("marac").ready()
    apps.get_app_config("marac").ready()
    for registry, callback in REGISTRATIONS:
        assert registry.count(callback) == 1, callback.__name__


def test_it_queues_exactly_one_referral_on_each_way_in(agencies: Any, idva_a: User, marac_coordinator: User) -> None:
    MaracAreaFactory(name="Hertfordshire MARAC", coordinating_organisation=agencies.county)
    today = timezone.localdate()

    dash_case = CaseFactory(owning_organisation=agencies.a)
    dash_assessment_submit(
        case=dash_case,
        by=idva_a,
        answers={n: Answer.YES if n <= 14 else Answer.NO for n in DASH_ITEM_NUMBERS},
        item_notes={},
        judgement=Judgement(),
        assessment_date=today,
    )
    assert MaracReferral.objects.filter(case=dash_case, source=MaracReferralSource.DASH).count() == 1

    door_case = CaseFactory(owning_organisation=agencies.county)
    front_door = ReferralFactory(subject=door_case.victim, current_state=ReferralState.SENT)
    ReferralRouteFactory(referral=front_door, organisation=agencies.county, service_kind=ServiceKind.MARAC)
    referral_accept(referral=front_door, by=marac_coordinator, organisation=agencies.county)
    assert MaracReferral.objects.filter(case=door_case, source=MaracReferralSource.FRONT_DOOR).count() == 1

    repeat_case = CaseFactory(owning_organisation=agencies.a)
    MaracReferralFactory(
        case=repeat_case, referred_on=today - timedelta(days=60), current_state=MaracReferralState.HEARD
    )
    incident_record(
        case=repeat_case,
        by=idva_a,
        occurred_on=today,
        reported_by_organisation=agencies.b,
        kind=IncidentKind.PHYSICAL,
    )
    assert MaracReferral.objects.filter(case=repeat_case, source=MaracReferralSource.INCIDENT_REPEAT).count() == 1
    assert MaracReferral.objects.queued().count() == 3
