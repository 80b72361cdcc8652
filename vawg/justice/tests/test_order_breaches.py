"""Breaches (docs/orders.md#breaches): one incident on the protected person's case, even when the officer
cannot see the case; one MARAC repeat within 12 months; no double on a second submission; the crime."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.models import Case
from vawg.cases.tests.factories import CaseFactory, CaseTeamMemberFactory
from vawg.intelligence.models import PersonCausingHarm
from vawg.intelligence.tests.factories import PersonCausingHarmFactory, PoliceIncidentFactory
from vawg.justice import selectors, services
from vawg.justice.tests.factories import dvpn
from vawg.marac.models import MaracReferral, MaracReferralSource, MaracReferralState
from vawg.marac.tests.factories import MaracAreaFactory, MaracReferralFactory
from vawg.notifications.models import Notification
from vawg.risk.models import Incident, IncidentKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def respondent(agencies: Any) -> PersonCausingHarm:
    return PersonCausingHarmFactory(owning_organisation=agencies.b)


@pytest.fixture
def case(agencies: Any, idva_a: User) -> Case:
    found = CaseFactory(owning_organisation=agencies.a)
    CaseTeamMemberFactory(case=found, user=idva_a)
    return found


def breach(police: User, order: Any, when: Any, summary: str = "Seen outside Canary Close") -> Any:
    return services.order_breach_record(
        order=order, protected=order.protected.get(), occurred_at=when, summary=summary, by=police
    )


def test_it_records_one_incident_and_one_marac_repeat_on_a_case_the_officer_cannot_see(
    police_b: User, idva_a: User, respondent: PersonCausingHarm, case: Case, agencies: Any
) -> None:
    assert not Case.objects.visible_to(police_b).filter(pk=case.pk).exists()
    area = MaracAreaFactory(coordinating_organisation=agencies.county)
    MaracReferralFactory(
        case=case,
        area=area,
        referred_on=timezone.localdate() - timedelta(days=100),
        current_state=MaracReferralState.HEARD,
    )
    order = dvpn(by=police_b, respondent=respondent, case=case)
    when = timezone.now() - timedelta(hours=1)
    first = breach(police_b, order, when)
    again = breach(police_b, order, when)
    assert first == again
    incident = Incident.objects.get(case=case)
    assert incident.kind == IncidentKind.BREACH and first.incident == incident
    assert MaracReferral.objects.filter(case=case, source=MaracReferralSource.INCIDENT_REPEAT).count() == 1
    told = Notification.objects.filter(kind="order-breach")
    assert idva_a.pk in set(told.values_list("recipient_id", flat=True))
    assert police_b.pk not in set(told.values_list("recipient_id", flat=True))


def test_it_records_no_incident_without_an_open_linked_case(police_b: User, respondent: PersonCausingHarm) -> None:
    victim_case = CaseFactory()
    order = dvpn(by=police_b, respondent=respondent, case=victim_case)
    protected = order.protected.get()
    protected.case = None
    protected.save()
    assert breach(police_b, order, timezone.now() - timedelta(hours=1)).incident is None
    assert not Incident.objects.exists()


def test_it_links_the_crime_once_the_force_has_it(police_b: User, respondent: PersonCausingHarm, case: Case) -> None:
    order = dvpn(by=police_b, respondent=respondent, case=case)
    recorded = services.order_breach_record(
        order=order,
        protected=order.protected.get(),
        occurred_at=timezone.now() - timedelta(hours=3),
        summary="",
        crime_reference="INC-4242",
        by=police_b,
    )
    assert selectors.crimes_of([recorded]) == {}
    crime = PoliceIncidentFactory(
        organisation=order.owning_organisation, incident_id="INC-4242", perpetrator=respondent
    )
    assert selectors.crimes_of([recorded]) == {(crime.organisation_id, "INC-4242"): crime}
