"""Consent recorded on a referral after it came in, and consent set aside on a lawful basis.

A referral whose consent was not yet asked waits (awaiting consent, vawg/referrals/models/choices.py) and
cannot be accepted. Once someone has asked the person, the referrer or a triager at a receiving agency
records the answer (``referral_consent_record``); someone who may share without consent
(``referrals.override_consent``) may instead record a lawful basis and a reason
(``referral_consent_override``). Either way the referral goes back to submitted and on through triage.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.referrals.models import (
    CONSENT_AWAITED_STATES,
    CONSENT_RECORDED,
    OVERRIDE_CONSENT,
    Consent,
    Referral,
    ReferralConsentRecord,
    ReferralState,
)
from vawg.referrals.selectors import can_record_consent
from vawg.referrals.services.referrals import _add_status

# What the history says when a referral waiting for consent goes on.
RECORDED_NOTE = "Consent recorded"
OVERRIDDEN_NOTE = "Shared without consent on a lawful basis"


@transaction.atomic
def referral_consent_record(
    *,
    referral: Referral,
    consent: str,
    by: User,
    lawful_basis: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> ReferralConsentRecord:
    """Record what the person said when asked: consent given, or not given and shared on a lawful basis
    with a reason. Only the referrer or a triager at a receiving agency who may still see the referral may
    (PermissionDenied otherwise)."""
    if not can_record_consent(by, referral) or not _sees(by, referral):
        raise PermissionDenied
    return _record(
        referral=referral,
        consent=consent,
        lawful_basis=lawful_basis if consent == Consent.NOT_GIVEN_LAWFUL_BASIS else "",
        reason=reason if consent == Consent.NOT_GIVEN_LAWFUL_BASIS else "",
        overridden=False,
        by=by,
        request=request,
    )


@transaction.atomic
def referral_consent_override(
    *, referral: Referral, lawful_basis: str, reason: str, by: User, request: HttpRequest | None = None
) -> ReferralConsentRecord:
    """Share without consent, without asking the person: a lawful basis and a reason of at least 20
    characters, by someone holding ``referrals.override_consent`` who may see the referral."""
    if not by.has_perm(OVERRIDE_CONSENT) or not _sees(by, referral):
        raise PermissionDenied
    return _record(
        referral=referral,
        consent=Consent.NOT_GIVEN_LAWFUL_BASIS,
        lawful_basis=lawful_basis,
        reason=reason,
        overridden=True,
        by=by,
        request=request,
    )


def _sees(user: User, referral: Referral) -> bool:
    return Referral.objects.visible_to(user).filter(pk=referral.pk).exists()


def _record(
    *,
    referral: Referral,
    consent: str,
    lawful_basis: str,
    reason: str,
    overridden: bool,
    by: User,
    request: HttpRequest | None,
) -> ReferralConsentRecord:
    # Lock the referral and read it afresh, so two people recording at once cannot both succeed.
    fresh = Referral.objects.select_for_update().get(pk=referral.pk)
    if fresh.consent in CONSENT_RECORDED:
        raise ValidationError({"consent": "Consent has already been recorded for this referral"})
    if fresh.current_state not in CONSENT_AWAITED_STATES:
        raise ValidationError({"consent": f"This referral is {fresh.get_current_state_display().lower()}"})
    row = ReferralConsentRecord(
        referral=fresh,
        consent=consent,
        lawful_basis=lawful_basis,
        reason=(reason or "").strip(),
        overridden=overridden,
        created_by=by,
    )
    save_valid(row)
    fresh.consent, fresh.lawful_basis, fresh.consent_reason = row.consent, row.lawful_basis, row.reason
    save_valid(fresh, update_fields=["consent", "lawful_basis", "consent_reason", "updated_at"])
    status = None
    if fresh.current_state == ReferralState.AWAITING_CONSENT:
        note = OVERRIDDEN_NOTE if overridden else RECORDED_NOTE
        status = _add_status(referral=fresh, state=ReferralState.SUBMITTED, reason=note, by=by)
    audit_record(
        action="referrals.consent.override" if overridden else "referrals.consent.record",
        by=by,
        obj=fresh,
        request=request,
        purpose=row.reason,
        details={
            "consent_record_id": row.pk,
            "consent": row.consent,
            "lawful_basis": row.lawful_basis,
            "status_id": status.pk if status else "",
        },
    )
    for field in ("consent", "lawful_basis", "consent_reason", "current_state", "updated_at"):
        setattr(referral, field, getattr(fresh, field))
    return row
