"""Neutral notifications of reservations: the provider's accommodation managers hear of a new one, the worker
of the provider's answer; each links to a page they may open and says nothing of the household or the unit."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import OrganisationType, User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import DistrictFactory, OrganisationFactory, user_with_role
from vawg.cases.tests.factories import CaseFactory
from vawg.notifications.models import Notification, NotificationKind
from vawg.notifications.presenters import WORDING
from vawg.provision.config import Urgency
from vawg.provision.services.accommodation import (
    RequestInput,
    accommodation_request_raise,
    reservation_accept,
    reservation_create,
    reservation_decline,
    unit_create,
)

pytestmark = pytest.mark.django_db


def test_it_tells_the_provider_of_a_reservation_and_the_worker_of_each_answer(
    agencies: Agencies, idva_a: User, police_b: User
) -> None:
    refuge = OrganisationFactory(name="Beacon Refuges", type=OrganisationType.REFUGE_PROVIDER)
    manager = user_with_role(Role.ACCOMMODATION_MANAGER, refuge, email="beacon.manager@example.invalid")
    user_with_role(Role.ACCOMMODATION_MANAGER, OrganisationFactory(), email="elsewhere@example.invalid")
    units = [
        unit_create(
            by=manager,
            organisation=refuge,
            available_from=timezone.localdate(),
            name=f"Beacon {n}",
            accommodation_type="refuge",
            district=DistrictFactory(),
            address=f"{n} Hidden Row, AA1 1AA",
            max_household=3,
            max_children=2,
            genders=["female"],
        )
        for n in (1, 2)
    ]
    answers = RequestInput(urgency=Urgency.TODAY, adults=1, children=[], survivor_age=30, survivor_gender="female")
    case = CaseFactory(owning_organisation=agencies.a)
    first = accommodation_request_raise(by=idva_a, case=case, organisation=agencies.a, answers=answers)
    held = reservation_create(by=idva_a, request=first, unit=units[0])
    told = Notification.objects.get(kind=NotificationKind.ACCOMMODATION_RESERVED)
    assert told.recipient == manager
    assert told.link == reverse("accommodation:reservation_detail", kwargs={"reservation_id": held.pk})

    reservation_accept(by=manager, reservation=held)
    second = accommodation_request_raise(by=idva_a, case=case, organisation=agencies.a, answers=answers)
    declined = reservation_decline(
        by=manager, reservation=reservation_create(by=idva_a, request=second, unit=units[1]), reason_code="no-capacity"
    )
    answered = Notification.objects.filter(kind=NotificationKind.ACCOMMODATION_ANSWERED)
    assert {note.recipient for note in answered} == {idva_a} and answered.count() == 2
    assert {note.link for note in answered} == {
        reverse("accommodation:accommodation_request_detail", kwargs={"request_id": first.pk}),
        reverse("accommodation:accommodation_request_detail", kwargs={"request_id": declined.request_id}),
    }
    for kind in (NotificationKind.ACCOMMODATION_RESERVED, NotificationKind.ACCOMMODATION_ANSWERED):
        assert "Beacon" not in WORDING[kind] and "Hidden Row" not in WORDING[kind] and "refuge" not in WORDING[kind]
    assert not Notification.objects.filter(recipient=police_b).exists()
