"""``manage.py seed_demo``: the demo MARAC history is the same for the same seed (on a smaller caseload)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from vawg.accounts.models import User
from vawg.marac.models import AgendaItem, MaracAction, MaracMeeting, MaracReferral
from vawg.nonprod.tests.steps import AFTER_MARAC, leave_out

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fewer_referrals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vawg.nonprod.demo.plans.REFERRALS", 60)
    monkeypatch.setattr("vawg.nonprod.demo.plans.RECENT", 5)
    # The MARAC history is planned before the later steps, which cannot change it.
    leave_out(monkeypatch, *AFTER_MARAC)


def marac_snapshot() -> dict[str, Any]:
    """What the MARAC seeding decided, by natural key (ids are random UUIDs and are left out)."""
    return {
        "meetings": sorted(
            (timezone.localtime(m.starts_at).isoformat(), m.current_state, m.items.count())
            for m in MaracMeeting.objects.all()
        ),
        "referrals": sorted(
            MaracReferral.objects.values_list(
                "reference", "source", "current_state", "is_repeat", "case__victim__family_name", "referred_on"
            )
        ),
        "items": sorted(
            (item.marac_referral.reference, item.position, item.risks_identified, item.conclusion)
            for item in AgendaItem.objects.select_related("marac_referral")
        ),
        "actions": sorted(
            MaracAction.objects.values_list(
                "agenda_item__marac_referral__reference", "owning_organisation__name", "due_on", "current_state"
            )
        ),
    }


def fresh_run(seed: int) -> dict[str, Any]:
    with transaction.atomic():
        assert User.objects.count() == 0
        call_command("seed_demo", seed=seed, stdout=StringIO())
        taken = marac_snapshot()
        transaction.set_rollback(True)
    return taken


def test_it_makes_the_same_marac_history_for_the_same_seed() -> None:
    first = fresh_run(42)
    assert first["meetings"] and first["items"] and first["actions"]  # a snapshot of nothing compares equal
    assert fresh_run(42) == first
