"""Partner support reads, all through the partner's case gate (404 otherwise).

The partner's worker finds the programme referral from the partner's case (the referrals of the case's
people causing harm), never by browsing referrals: they cannot list who is on a programme. What they see of
the programme is ``ProgrammeSummary``: its state, attendance counts and the attendance rule's verdict, when
it started and ended, and the exit reason's code. Never the assessment, the notes or the person's words.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_read
from vawg.cases.models import Case, CaseParty, PartyRole
from vawg.programmes.models import (
    CLOSED_REFERRAL_STATES,
    PartnerSupport,
    ProgrammeReferral,
    ProgrammeReferralState,
    ProgrammeReferralStatus,
)
from vawg.programmes.models.partner import SUPPORT_PARTNERS
from vawg.programmes.rules.attendance import AttendanceVerdict
from vawg.programmes.selectors.programmes import referral_sessions, referral_verdict

NO_SUCH_SUPPORT = "No such partner support."


def supports_partners(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(SUPPORT_PARTNERS)


def partner_support_get_for(*, user: User, partner_support_id: uuid.UUID | str) -> PartnerSupport:
    """A partner support whose partner's case ``user`` may see (and who supports partners); otherwise 404."""
    try:
        support = (
            PartnerSupport.objects.visible_to(user)
            .select_related("partner_case__victim", "referral__programme", "worker")
            .get(pk=partner_support_id)
        )
    except (PartnerSupport.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404(NO_SUCH_SUPPORT) from None
    return audit_read(action="programmes.partner_support.view", obj=support)


def linkable_referrals(*, user: User, case: Case) -> list[ProgrammeReferral]:
    """Programme referrals (not withdrawn or found not suitable) of the people causing harm on ``case``
    with no partner support for this case yet; none for a user who does not support partners or who
    cannot see the case."""
    if not supports_partners(user) or not Case.objects.visible_to(user).filter(pk=case.pk).exists():
        return []
    people = CaseParty.objects.current().filter(case=case, role=PartyRole.PERSON_CAUSING_HARM).values("person_id")
    return list(
        ProgrammeReferral.objects.filter(person_causing_harm__person__in=people)
        .exclude(current_state__in=(ProgrammeReferralState.NOT_SUITABLE, ProgrammeReferralState.WITHDRAWN))
        .exclude(partner_supports__partner_case=case)
        .select_related("programme")
        .order_by("created_at")
    )


def linkable_referral_get_for(*, user: User, case: Case, referral_id: uuid.UUID | str) -> ProgrammeReferral:
    """One of ``linkable_referrals``; otherwise 404 (whether or not such a referral exists)."""
    for referral in linkable_referrals(user=user, case=case):
        if str(referral.pk) == str(referral_id):
            return referral
    raise Http404("No such programme referral.")


def partner_supports_of_case(*, user: User, case: Case) -> list[PartnerSupport]:
    """The partner supports on ``case`` that ``user`` may see, each noted as read, with their reports
    (newest first) prefetched."""
    supports = list(
        PartnerSupport.objects.visible_to(user)
        .filter(partner_case=case)
        .select_related("referral__programme", "worker", "support_agency")
        .prefetch_related("safety_reports")
    )
    for support in supports:
        audit_read(action="programmes.partner_support.view", obj=support)
    return supports


@dataclass(frozen=True)
class ProgrammeSummary:
    """What the partner's worker sees of the programme, for safety planning."""

    programme: str
    state: str
    state_code: str
    started_on: date | None
    ended_on: date | None
    exit_reason: str
    verdict: AttendanceVerdict


def programme_summary(referral: ProgrammeReferral) -> ProgrammeSummary:
    """The programme as the partner's worker sees it (never notes, assessment or the person's words)."""
    statuses = list(ProgrammeReferralStatus.objects.filter(referral=referral).only("state", "created_at"))
    started = next(
        (timezone.localtime(s.created_at).date() for s in statuses if s.state == ProgrammeReferralState.ENGAGED), None
    )
    ended = next(
        (timezone.localtime(s.created_at).date() for s in reversed(statuses) if s.state in CLOSED_REFERRAL_STATES), None
    )
    programme = referral.programme
    return ProgrammeSummary(
        programme=programme.name,
        state=referral.get_current_state_display(),
        state_code=referral.current_state,
        started_on=started,
        ended_on=ended,
        exit_reason=referral.get_exit_reason_display() if referral.exit_reason else "",
        verdict=referral_verdict(referral, referral_sessions(referral)),
    )
