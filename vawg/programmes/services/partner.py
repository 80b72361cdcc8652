"""Partner support: the partner's own case (vawg/cases) linked to the programme referral of the person
causing harm, the partner's safety reports, and the alert to the partner's worker when the programme ends
(docs/programmes.md#partner-support).

Every write goes through the partner's case gate (``Case.objects.visible_to``) and needs
``programmes.support_partners``: nobody else, the programme's staff included, may write or read any of it.
Audit entries hold ids and codes only: never what the partner said.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.cases.models import Case, CaseParty, CaseTeamMember, PartyRole
from vawg.core.models import save_valid
from vawg.notifications.selectors import recipients_who_see
from vawg.notifications.services import notification_queue
from vawg.programmes.models import (
    Attendance,
    FeelsSafe,
    PartnerSafetyReport,
    PartnerSupport,
    ProgrammeReferral,
    ProgrammeReferralState,
    ProgrammeReferralStatus,
    RiskChange,
)
from vawg.programmes.models.partner import SUPPORT_PARTNERS

MAX_NOTES = 4000
BEHAVIOURS = ("physical", "sexual", "stalking", "controlling")
# The states of a programme referral the partner's worker is told about (docs/programmes.md#partner-support).
ALERT_STATES = frozenset(
    {ProgrammeReferralState.EXITED, ProgrammeReferralState.COMPLETED, ProgrammeReferralState.NOT_SUITABLE}
)
# A referral that never reached the programme has nothing to support the partner alongside. One that
# completed or ended early still may: the partner's risk can rise after he leaves.
NEVER_STARTED = frozenset({ProgrammeReferralState.NOT_SUITABLE, ProgrammeReferralState.WITHDRAWN})
NEVER = "This person never started the programme: there is nothing to support the partner alongside"
NOT_ON_CASE = "This programme referral is not about a person causing harm on this case"
ALREADY = "Partner support is already in place for this programme referral"
ENDED = "This partner support has ended"


def _require_case(by: User, case: Case) -> None:
    """``by`` supports partners and sees ``case`` (else 404, as for a case that does not exist)."""
    if not by.has_perm(SUPPORT_PARTNERS):
        raise PermissionDenied
    if not Case.objects.visible_to(by).filter(pk=case.pk).exists():
        raise Http404("No such case.")


def referral_is_about_case(referral: ProgrammeReferral, case: Case) -> bool:
    """Whether ``referral``'s person causing harm is a current person-causing-harm party on ``case``."""
    parties = CaseParty.objects.current().filter(case=case, role=PartyRole.PERSON_CAUSING_HARM)
    return parties.filter(person=referral.person_causing_harm.person_id).exists()


@transaction.atomic
def partner_support_start(
    *, referral: ProgrammeReferral, partner_case: Case, by: User, request: HttpRequest | None = None
) -> PartnerSupport:
    """Link the partner's ``partner_case`` to the ``referral`` of a person causing harm on it; ``by``
    (the partner's worker) gives the support from the case's owning agency."""
    _require_case(by, partner_case)
    if not referral_is_about_case(referral, partner_case):
        raise ValidationError(NOT_ON_CASE)
    if referral.current_state in NEVER_STARTED:
        raise ValidationError(NEVER)
    if PartnerSupport.objects.filter(referral=referral, partner_case=partner_case).exists():
        raise ValidationError(ALREADY)
    support = PartnerSupport(
        referral=referral,
        partner_case=partner_case,
        support_agency_id=partner_case.owning_organisation_id,
        worker=by,
        started_on=timezone.localdate(),
        created_by=by,
    )
    save_valid(support)
    audit_record(
        action="programmes.partner_support.start",
        by=by,
        obj=support,
        request=request,
        details={"case_id": str(partner_case.pk), "programme_referral_id": str(referral.pk)},
    )
    return support


@transaction.atomic
def partner_support_end(
    *, partner_support: PartnerSupport, by: User, ended_on: date | None = None, request: HttpRequest | None = None
) -> PartnerSupport:
    """End the support (on ``ended_on``, today by default); its reports stay on the partner's case."""
    _require_case(by, partner_support.partner_case)
    support = PartnerSupport.objects.select_for_update().get(pk=partner_support.pk)
    if support.ended_on is not None:
        raise ValidationError(ENDED)
    ended_on = ended_on or timezone.localdate()
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "The date support ended must be today or in the past"})
    if ended_on < support.started_on:
        raise ValidationError({"ended_on": "The date support ended must be on or after the day it started"})
    support.ended_on = ended_on
    save_valid(support, update_fields=["ended_on", "updated_at"])
    audit_record(
        action="programmes.partner_support.end",
        by=by,
        obj=support,
        request=request,
        details={"case_id": str(support.partner_case_id), "ended_on": ended_on.isoformat()},
    )
    return support


def _behaviour(value: int | None, name: str) -> int | None:
    if value is not None and not 0 <= value <= 3:
        raise ValidationError({name: "Choose a level from 0 (none) to 3 (severe or frequent)"})
    return value


@transaction.atomic
def partner_safety_report_record(
    *,
    partner_support: PartnerSupport,
    reported_on: date,
    feels_safe: str,
    risk_change: str,
    by: User,
    physical: int | None = None,
    sexual: int | None = None,
    stalking: int | None = None,
    controlling: int | None = None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> PartnerSafetyReport:
    """What the partner says about their safety: kept apart from the programme, read only through the
    partner's case. The audit entry holds the codes, never the notes."""
    _require_case(by, partner_support.partner_case)
    if partner_support.ended_on is not None:
        raise ValidationError(ENDED + ": no new safety reports")
    if feels_safe not in FeelsSafe.values:
        raise ValidationError({"feels_safe": "Choose whether they feel safe"})
    if risk_change not in RiskChange.values:
        raise ValidationError({"risk_change": "Choose how the risk has changed since the last report"})
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": "The date of the report must be today or in the past"})
    if reported_on < partner_support.started_on:
        raise ValidationError({"reported_on": "The date of the report must be on or after support started"})
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise ValidationError({"notes": f"Enter {MAX_NOTES} characters or fewer"})
    levels = dict(zip(BEHAVIOURS, (physical, sexual, stalking, controlling), strict=True))
    report = PartnerSafetyReport(
        partner_support=partner_support,
        reported_on=reported_on,
        feels_safe=feels_safe,
        risk_change=risk_change,
        notes=notes,
        created_by=by,
        **{name: _behaviour(value, name) for name, value in levels.items()},
    )
    save_valid(report)
    audit_record(
        action="programmes.partner_safety_report.record",
        by=by,
        obj=report,
        agency_id=partner_support.support_agency_id,
        request=request,
        details={
            "partner_support_id": str(partner_support.pk),
            "case_id": str(partner_support.partner_case_id),
            "feels_safe": feels_safe,
            "risk_change": risk_change,
        },
    )
    return report


def _case_sees(user: User, *, case_id: UUID) -> bool:
    return Case.objects.visible_to(user).filter(pk=case_id).exists()


def partner_workers_alert(referral: ProgrammeReferral, status: ProgrammeReferralStatus) -> None:
    """ON_PROGRAMME_REFERRAL_STATE_CHANGED: when the programme ends (completed, left early, not suitable),
    queue a neutral ``partner-support`` email to each current partner support's worker and the partner
    case's team, only those who still see the partner's case. The link is the case page."""
    if status.state in ALERT_STATES:
        _alert(referral, event=f"referral-status:{status.pk}")


def partner_workers_alert_attendance(referral: ProgrammeReferral, attendance: Attendance) -> None:
    """ON_ATTENDANCE_REVIEW_DUE: the person has now missed more sessions than the programme's rule allows;
    tell the partner's worker as ``partner_workers_alert`` does (missed sessions can mean rising risk)."""
    _alert(referral, event=f"attendance-review:{attendance.pk}")


def _alert(referral: ProgrammeReferral, *, event: str) -> None:
    for support in PartnerSupport.objects.current().filter(referral=referral).select_related("worker"):
        team = CaseTeamMember.objects.current().filter(case=support.partner_case_id).select_related("user")
        people = {member.user for member in team}
        if support.worker is not None:
            people.add(support.worker)
        recipients = recipients_who_see(
            sorted(people, key=lambda user: user.email),
            sees=partial(_case_sees, case_id=support.partner_case_id),
        )
        notification_queue(
            kind="partner-support",
            recipients=recipients,
            event=f"partner-support:{support.pk}:{event}",
            link=reverse("cases:case_detail", kwargs={"case_id": support.partner_case_id}) + "#partner-support",
        )
