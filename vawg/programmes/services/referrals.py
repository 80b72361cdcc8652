"""Referrals into programmes: creating them and moving them through the state machine (stub, filled next)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from vawg.accounts.models import Organisation, User
    from vawg.intelligence.models import PersonCausingHarm
    from vawg.programmes.models import Programme, ProgrammeReferral
    from vawg.referrals.models import Referral


def programme_referral_create(
    *,
    programme: Programme,
    person_causing_harm: PersonCausingHarm,
    source: str,
    reason: str = "",
    referring_organisation: Organisation | None = None,
    front_door_referral: Referral | None = None,
    by: User | None,
    system_job: str = "",
    request: HttpRequest | None = None,
) -> ProgrammeReferral:
    raise NotImplementedError


def programme_referral_transition(
    *,
    referral: ProgrammeReferral,
    to_state: str,
    by: User | None,
    reason: str = "",
    note: str = "",
    not_suitable_reason: str = "",
    exit_reason: str = "",
    system_job: str = "",
    request: HttpRequest | None = None,
) -> ProgrammeReferral:
    raise NotImplementedError
