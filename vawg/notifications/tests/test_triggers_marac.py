"""MARAC triggers: research set for an agency; actions due soon or overdue (the daily command)."""

from __future__ import annotations

from typing import Any

import pytest

from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import user_with_role
from vawg.cases.tests.factories import CaseDenyEntryFactory
from vawg.marac.services.agenda import share_item_with
from vawg.marac.tests.factories import listed_case
from vawg.notifications.models import Notification

pytestmark = pytest.mark.django_db


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_it_tells_an_agencys_marac_members_research_is_set_but_not_a_deny_listed_one(
    idva_a: User, marac_coordinator: User, outsider_c: User, agencies: Any
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a])
    denied = user_with_role(Role.IDVA, agencies.a)
    CaseDenyEntryFactory(case=item.marac_referral.case, user=denied)
    task = share_item_with(item=item, organisation=agencies.a, by=marac_coordinator)
    assert told("marac-research-set") == {idva_a.email}
    assert Notification.objects.get().link == f"/marac/research/{task.pk}/"
