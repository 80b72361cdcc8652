"""Shared MARAC writes: references, state changes and making a MARAC referral.

Every other services module builds on these. Who may do what is checked here too (services are the
last line: a view that forgot its gate still cannot write).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.cases.models import Case
from vawg.core.models import save_valid
from vawg.marac.models import (
    MARAC_REFERRAL_TRANSITIONS,
    MEETING_TRANSITIONS,
    MaracArea,
    MaracMeeting,
    MaracMeetingStatus,
    MaracReferral,
    MaracReferralReferenceCounter,
    MaracReferralSource,
    MaracReferralState,
    MaracReferralStatus,
    MeetingState,
)
from vawg.marac.selectors.referrals import area_for_case, person_causing_harm
from vawg.people.models import Person
from vawg.referrals.models import Referral
from vawg.risk.models import DashAssessment, Incident

SYSTEM_JOB = "marac"


def require_coordinator(user: User, area: MaracArea) -> None:
    """PermissionDenied unless ``user`` coordinates ``area``."""
    if not MaracArea.objects.coordinated_by(user).filter(pk=area.pk).exists():
        raise PermissionDenied


def next_reference(on: date | None = None) -> str:
    """The next MARAC referral reference (M-YYYY-00001), under a row lock (call inside a transaction)."""
    year = (on or timezone.localdate()).year
    counter, _ = MaracReferralReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"M-{year}-{counter.last_number:05d}"


def _move(
    obj: MaracReferral | MaracMeeting,
    *,
    state: str,
    transitions: Mapping[str, frozenset[str]],
    labels: type[models.TextChoices],
    noun: str,
) -> None:
    """Check ``state`` against the state machine, reading the current state under a row lock (so two
    people acting at once cannot both succeed), and set it on ``obj`` (saved)."""
    current = type(obj).objects.select_for_update().only("current_state").get(pk=obj.pk).current_state
    if state not in transitions[current]:
        was, becomes = labels(current).label.lower(), labels(state).label.lower()
        raise ValidationError({"state": f"A {noun} that is {was} cannot become {becomes}"})
    obj.current_state = state
    obj.save(update_fields=["current_state", "updated_at"])


def _author(by: User | None, system_job: str) -> dict[str, Any]:
    """Who a status row is by: ``by``, or (when no one is) the system job."""
    return {"created_by": by, "system_job": "" if by is not None else (system_job or SYSTEM_JOB)}


def marac_referral_set_state(
    *, marac_referral: MaracReferral, state: str, by: User | None, reason: str = "", system_job: str = ""
) -> MaracReferralStatus:
    """Move a MARAC referral along its state machine (an immutable status row; locked read of the state)."""
    _move(
        marac_referral,
        state=state,
        transitions=MARAC_REFERRAL_TRANSITIONS,
        labels=MaracReferralState,
        noun="MARAC referral",
    )
    row = MaracReferralStatus(
        marac_referral=marac_referral, state=state, reason=reason.strip(), **_author(by, system_job)
    )
    save_valid(row)
    return row


def meeting_set_state(
    *, meeting: MaracMeeting, state: str, by: User | None, reason: str = "", system_job: str = ""
) -> MaracMeetingStatus:
    """Move a meeting along its state machine (an immutable status row; locked read of the state)."""
    _move(meeting, state=state, transitions=MEETING_TRANSITIONS, labels=MeetingState, noun="meeting")
    row = MaracMeetingStatus(meeting=meeting, state=state, reason=reason.strip(), **_author(by, system_job))
    save_valid(row)
    return row


@transaction.atomic
def marac_referral_create(
    *,
    case: Case,
    source: str,
    criteria: Iterable[str],
    referring_organisation: Organisation,
    by: User | None,
    system_job: str = "",
    referred_on: date | None = None,
    area: MaracArea | None = None,
    evidence: Mapping[str, Any] | None = None,
    is_repeat: bool = False,
    repeat_of: MaracReferral | None = None,
    urgent: bool = False,
    children_in_household: int | None = None,
    perpetrator: Person | None = None,
    reason: str = "",
    dash_assessment: DashAssessment | None = None,
    front_door_referral: Referral | None = None,
    incident: Incident | None = None,
    request: HttpRequest | None = None,
) -> MaracReferral:
    """Put ``case`` into a MARAC coordinator's queue. The caller has checked that the case may be
    referred (a user who can see it, or a hook acting for a service that already checked).

    ``evidence`` holds ids, counts and dates only. One open referral per case and area: asking again
    while one is open raises ValidationError (the queue shows the open one).
    """
    area = area or area_for_case(case)
    if perpetrator is None:
        perpetrator = person_causing_harm(case, repeat_of)
    if area is None:
        raise ValidationError({"area": "No MARAC is set up yet: ask an administrator to add a MARAC area"})
    if MaracReferral.objects.open().filter(case=case, area=area).exists():
        raise ValidationError({"case": "This case is already waiting for or listed at this MARAC"})
    referral = MaracReferral(
        reference=next_reference(referred_on),
        case=case,
        area=area,
        source=source,
        referring_organisation=referring_organisation,
        referred_by=by,
        system_job="" if by is not None else (system_job or SYSTEM_JOB),
        referred_on=referred_on or timezone.localdate(),
        criteria=sorted(set(criteria)),
        evidence=dict(evidence or {}),
        is_repeat=is_repeat,
        repeat_of=repeat_of,
        urgent=urgent,
        children_in_household=children_in_household,
        perpetrator=perpetrator,
        reason=reason.strip(),
        dash_assessment=dash_assessment,
        front_door_referral=front_door_referral,
        incident=incident,
    )
    if source not in MaracReferralSource.values:
        raise ValidationError({"source": "Unknown MARAC referral source"})
    save_valid(referral)
    MaracReferralStatus.objects.create(
        marac_referral=referral,
        state=MaracReferralState.QUEUED,
        created_by=by,
        system_job="" if by is not None else (system_job or SYSTEM_JOB),
    )
    audit_record(
        action="marac.referral.create",
        by=by,
        obj=referral,
        system_job=system_job or SYSTEM_JOB,
        agency_id=referring_organisation.pk,
        request=request,
        details={
            "case_id": case.pk,
            "area_id": area.pk,
            "source": source,
            "criteria": ",".join(referral.criteria),
            "is_repeat": is_repeat,
        },
    )
    return referral
