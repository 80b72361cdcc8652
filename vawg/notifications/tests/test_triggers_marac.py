"""MARAC triggers: research set for an agency; actions due soon or overdue (the daily command)."""

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
from vawg.cases.tests.factories import CaseDenyEntryFactory
from vawg.marac.models import MaracAction
from vawg.marac.services.agenda import share_item_with
from vawg.marac.tests.factories import MaracActionFactory, listed_case
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


def test_it_tells_an_action_owner_once_per_due_date_when_it_is_due_soon_or_overdue(
    idva_a: User, agencies: Any, django_capture_on_commit_callbacks: Any
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a])
    denied = user_with_role(Role.IDVA, agencies.a)
    CaseDenyEntryFactory(case=item.marac_referral.case, user=denied)
    today = timezone.localdate()
    soon = MaracActionFactory(agenda_item=item, owning_organisation=agencies.a, owner=idva_a, due_on=today)
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.a, owner=idva_a, due_on=today + timedelta(days=3))
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.a, owner=denied, due_on=today)
    call_command("notifications_actions_due", stdout=StringIO())
    call_command("notifications_actions_due", stdout=StringIO())  # the next day's run: nothing new
    assert list(Notification.objects.values_list("recipient__email", "link")) == [
        (idva_a.email, f"/marac/actions/{soon.pk}/")
    ]
    MaracAction.objects.filter(pk=soon.pk).update(due_on=today - timedelta(days=1))  # the date moved
    call_command("notifications_actions_due", stdout=StringIO())
    assert Notification.objects.filter(kind="marac-action-due").count() == 2
