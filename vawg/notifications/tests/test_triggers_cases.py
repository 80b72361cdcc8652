"""Case triggers: a case shared with an agency (a grant or an agency link), and break-glass on a case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import user_with_role
from vawg.cases.models import LawfulBasis
from vawg.cases.services import access
from vawg.cases.tests.factories import CaseDenyEntryFactory, CaseFactory
from vawg.notifications.models import Notification

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
    assert Notification.objects.get().link == "/cases/alerts/"
