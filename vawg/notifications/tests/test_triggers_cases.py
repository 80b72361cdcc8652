"""Case triggers: a case shared with an agency (a grant or an agency link), and break-glass on a case."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import user_with_role
from vawg.cases.models import LawfulBasis
from vawg.cases.services import access
from vawg.cases.tests.factories import CaseDenyEntryFactory, CaseFactory
from vawg.notifications.models import FakeEmail, Notification, NotificationPreference, NotificationState
from vawg.notifications.services import notification_deliver

pytestmark = pytest.mark.django_db


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_it_tells_an_agency_a_case_is_shared_with_by_a_grant_but_not_a_deny_listed_user(
    idva_a: User, police_b: User, agencies: Any
) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    denied = user_with_role(Role.POLICE, agencies.b)
    CaseDenyEntryFactory(case=case, user=denied)
    access.case_grant_access(
        case=case,
        organisation=agencies.b,
        by=idva_a,
        lawful_basis=LawfulBasis.SAFEGUARDING,
        reason="Joint safeguarding work",
        expires_at=timezone.now() + timedelta(days=7),
    )
    assert told("case-shared") == {police_b.email}
    assert Notification.objects.get().link == f"/cases/{case.pk}/"


def test_it_tells_an_agency_linked_to_a_case_but_not_a_deny_listed_user(
    idva_a: User, police_b: User, agencies: Any
) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    denied = user_with_role(Role.POLICE, agencies.b)
    CaseDenyEntryFactory(case=case, user=denied)
    access.case_agency_add(case=case, organisation=agencies.b, by=idva_a)
    assert told("case-shared") == {police_b.email}


def test_it_tells_the_owning_agencys_case_managers_of_break_glass_but_not_a_deny_listed_one(
    idva_a: User, police_b: User, agencies: Any
) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    denied = user_with_role(Role.IDVA, agencies.a)
    CaseDenyEntryFactory(case=case, user=denied)
    access.case_break_glass(case=case, by=police_b, reason="Urgent safeguarding concern out of hours")
    assert told("break-glass") == {idva_a.email}
    assert Notification.objects.get().link == f"/cases/{case.pk}/"


def test_it_sends_nothing_to_someone_deny_listed_after_the_message_was_queued(
    idva_a: User, police_b: User, agencies: Any
) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    access.case_agency_add(case=case, organisation=agencies.b, by=idva_a)
    NotificationPreference.objects.create(user=idva_a, kind="break-glass", delivery="digest")
    access.case_break_glass(case=case, by=police_b, reason="Urgent safeguarding concern out of hours")
    CaseDenyEntryFactory(case=case, user=police_b)
    CaseDenyEntryFactory(case=case, user=idva_a)
    shared = Notification.objects.get(kind="case-shared")
    assert notification_deliver(notification_id=shared.pk) == NotificationState.CANCELLED
    call_command("notifications_digest", stdout=StringIO())  # idva_a's break-glass email waited for the digest
    assert Notification.objects.get(kind="break-glass").state == NotificationState.CANCELLED
    assert not FakeEmail.objects.exists()
