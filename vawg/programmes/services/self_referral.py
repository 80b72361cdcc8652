"""The front door's "worried about my own behaviour" self-referral reaches a programme.

Registered on ``vawg.referrals.hooks.ON_REFERRAL_ACCEPTED`` by ProgrammesConfig.ready(). When a
self-referral about the sender's own behaviour is accepted at an agency that runs programmes, the person
gets (or keeps) their person-causing-harm record, with the provider as an agency working with them, and
a programme referral is opened for the provider to triage. No victim's case is made (the referral
service makes none for this source). See docs/programmes.md#the-self-referral-path.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from vawg.accounts.models import Organisation, User
from vawg.intelligence.models import HarmAgencyReason
from vawg.intelligence.services.harm import person_causing_harm_ensure
from vawg.programmes.models import Programme, ProgrammeKind, ProgrammeReferral, ReferralSource
from vawg.programmes.services.referrals import programme_referral_create
from vawg.referrals.models import Referral
from vawg.referrals.models import ReferralSource as FrontDoorSource

SELF_REFERRAL_JOB = "programmes.self_referral"


def programme_for_self_referral(organisation: Organisation, district_id: object) -> Programme | None:
    """The provider's programme a self-referral goes to: its accepting group or one-to-one programme that
    covers the district (or covers every district: none listed), by name; else its first accepting
    programme by name; else none."""
    accepting = Programme.objects.accepting().filter(provider=organisation).order_by("name")
    covering = (
        Q(districts__isnull=True) if district_id is None else Q(districts=district_id) | Q(districts__isnull=True)
    )
    local = (
        accepting.filter(kind__in=[ProgrammeKind.GROUP, ProgrammeKind.ONE_TO_ONE]).filter(covering).distinct().first()
    )
    return local or accepting.first()


def self_referral_accepted(referral: Referral, by: User, organisation: Organisation, request: Any = None) -> None:
    """Open a programme referral for an accepted self-referral about the sender's own behaviour (once)."""
    if referral.source != FrontDoorSource.PERPETRATOR_SELF:
        return
    if ProgrammeReferral.objects.filter(front_door_referral=referral).exists():
        return
    programme = programme_for_self_referral(organisation, referral.district_id)
    if programme is None:
        return  # the provider runs no programme taking referrals: the acceptance stands on its own
    runs = Programme.objects.run_by(by).filter(pk=programme.pk).exists()
    author: dict[str, Any] = {"by": by, "system_job": ""} if runs else {"by": None, "system_job": SELF_REFERRAL_JOB}
    record = person_causing_harm_ensure(
        person=referral.subject, organisation=organisation, reason=HarmAgencyReason.PROGRAMME, **author
    )
    try:
        programme_referral_create(
            programme=programme,
            person_causing_harm=record,
            source=ReferralSource.SELF,
            front_door_referral=referral,
            request=request,
            **author,
        )
    except ValidationError:
        # Already on this programme, or under its minimum age: the worker sees the front-door referral
        # itself, and the acceptance still stands (docs/programmes.md#the-self-referral-path).
        return
