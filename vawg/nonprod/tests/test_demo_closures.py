"""The demo's closed cases (vawg/nonprod/demo/closures.py): closed through the service, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import User
from vawg.cases.config import NOT_ASKED
from vawg.cases.models import Case, CaseStatus, CaseStatusValue
from vawg.cases.services import case_open
from vawg.cases.tests.factories import CaseDenyEntryFactory, PersonFactory
from vawg.marac.tests.factories import MaracReferralFactory
from vawg.nonprod.demo.closures import CLOSURES, seed_closures

pytestmark = pytest.mark.django_db


def _cases(agencies: Agencies, idva_a: User, count: int) -> list[Case]:
    with time_machine.travel(timezone.now() - timedelta(days=100)):
        return [case_open(victim=PersonFactory(), owning_organisation=agencies.a, by=idva_a) for _ in range(count)]


def test_it_closes_the_oldest_open_cases_for_each_coded_reason_once(agencies: Agencies, idva_a: User) -> None:
    marac, denied, *cases = _cases(agencies, idva_a, len(CLOSURES) + 3)
    MaracReferralFactory(case=marac)
    CaseDenyEntryFactory(case=denied)
    assert seed_closures(now=timezone.now()) == len(CLOSURES)
    closed = CaseStatus.objects.filter(status=CaseStatusValue.CLOSED)
    assert sorted(closed.values_list("closure_reason", flat=True)) == sorted(code for code, _, _ in CLOSURES)
    assert set(closed.values_list("case", flat=True)) == {case.pk for case in cases[: len(CLOSURES)]}
    first = closed.get(closure_reason=CLOSURES[0][0])
    assert first.exit_answers["feels-safer"] == "yes"
    assert closed.get(closure_reason="moved-out-of-area").exit_answers["feels-safer"] == NOT_ASKED
    assert seed_closures(now=timezone.now()) == 0
    assert closed.count() == len(CLOSURES)
