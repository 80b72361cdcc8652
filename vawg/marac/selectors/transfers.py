"""Reads of MARAC-to-MARAC transfers: only coordinators of the area reach them (anyone else gets a 404)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_read
from vawg.marac.models import (
    MaracArea,
    MaracReferral,
    MaracReferralState,
    MaracTransfer,
    MaracTransferQuerySet,
)

# The transfers page offers heard referrals made within this many days (any transferable one can be
# transferred from its own URL), at most this many.
TRANSFERABLE_HEARD_DAYS = 365
TRANSFERABLE_LIMIT = 100


def transfer_get_for(*, user: User, transfer_id: UUID) -> MaracTransfer:
    """A transfer of an area ``user`` coordinates, with its area, case, victim and referral."""
    try:
        found = (
            MaracTransfer.objects.visible_to(user)
            .select_related("area", "case__victim", "marac_referral")
            .get(pk=transfer_id)
        )
        return audit_read(action="marac.transfer.view", obj=found)
    except MaracTransfer.DoesNotExist:
        raise Http404("No such transfer.") from None


def transfers_for(user: User) -> MaracTransferQuerySet:
    """Transfers of the areas ``user`` coordinates, newest first."""
    return (
        MaracTransfer.objects.visible_to(user).select_related("area", "case", "marac_referral").order_by("-created_at")
    )


def transferable_referrals(user: User) -> list[MaracReferral]:
    """Referrals of the areas ``user`` coordinates that can be transferred: waiting to be listed, or heard
    and made within the last year (newest first)."""
    since = timezone.localdate() - timedelta(days=TRANSFERABLE_HEARD_DAYS)
    return list(
        MaracReferral.objects.visible_to(user)
        .filter(area__in=MaracArea.objects.coordinated_by(user))
        .filter(
            Q(current_state=MaracReferralState.QUEUED)
            | Q(current_state=MaracReferralState.HEARD, referred_on__gte=since)
        )
        .select_related("case__victim", "area")
        .order_by("-referred_on")[:TRANSFERABLE_LIMIT]
    )


def marac_referral_get_for_coordinator(*, user: User, marac_referral_id: UUID) -> MaracReferral:
    """A referral ``user`` may see, of an area they coordinate (to transfer it), with its case and area."""
    try:
        found = (
            MaracReferral.objects.visible_to(user)
            .filter(area__in=MaracArea.objects.coordinated_by(user))
            .select_related("case", "area")
            .get(pk=marac_referral_id)
        )
        return audit_read(action="marac.referral.view", obj=found)
    except MaracReferral.DoesNotExist:
        raise Http404("No such referral.") from None
