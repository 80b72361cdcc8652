"""Canary: no email, subject, personalisation or Notify reference carries anything about the case."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.models import LawfulBasis
from vawg.cases.services import access
from vawg.cases.tests.factories import CaseFactory, PersonFactory
from vawg.marac.models import MaracReferral
from vawg.marac.services.agenda import share_item_with
from vawg.marac.tests.factories import listed_case
from vawg.notifications.models import FakeEmail, Notification

pytestmark = pytest.mark.django_db

VICTIM = ("Zephyrine", "Quillfeather")
PERPETRATOR = ("Balthazor", "Grimwickle")
ADDRESS = "17 Canary Wharfside Lane, Nowheresville"
POSTCODE = "ZZ9 9ZZ"
BIRTH = date(1983, 2, 27)
REFERENCE = "C-2026-987654"
CANARIES = [*VICTIM, *PERPETRATOR, ADDRESS, POSTCODE, REFERENCE, "1983-02-27", "27/02/1983", "27 February 1983"]


def test_it_never_puts_names_addresses_dates_of_birth_or_references_in_a_notification(
    idva_a: User, police_b: User, marac_coordinator: User, agencies: Any, django_capture_on_commit_callbacks: Any
) -> None:
    victim = PersonFactory(
        given_name=VICTIM[0], family_name=VICTIM[1], address=ADDRESS, postcode=POSTCODE, date_of_birth=BIRTH
    )
    perpetrator = PersonFactory(
        given_name=PERPETRATOR[0], family_name=PERPETRATOR[1], address=ADDRESS, date_of_birth=BIRTH
    )
    case = CaseFactory(owning_organisation=agencies.a, victim=victim, reference=REFERENCE)
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], case=case)
    MaracReferral.objects.filter(pk=item.marac_referral_id).update(perpetrator=perpetrator)
    with django_capture_on_commit_callbacks(execute=True):
        access.case_grant_access(
            case=case,
            organisation=agencies.b,
            by=idva_a,
            lawful_basis=LawfulBasis.SAFEGUARDING,
            reason=f"Shared about {VICTIM[0]} {VICTIM[1]}",
            expires_at=timezone.now() + timedelta(days=7),
        )
        share_item_with(item=item, organisation=agencies.a, by=marac_coordinator)
        access.case_break_glass(case=case, by=marac_coordinator, reason=f"Concern at {ADDRESS} out of hours")
    emails = list(FakeEmail.objects.all())
    kinds = set(Notification.objects.filter(state="sent").values_list("kind", flat=True))
    assert kinds == {"case-shared", "marac-research-set", "break-glass"}
    outputs = [
        text
        for email in emails
        for text in (email.subject, email.body, email.link, email.reference, json.dumps(email.personalisation))
    ] + [value for row in Notification.objects.values_list("event", "link", "send_key") for value in row]
    leaks = [(canary, text) for canary in CANARIES for text in outputs if canary.lower() in text.lower()]
    assert not leaks
