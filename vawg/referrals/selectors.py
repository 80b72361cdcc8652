"""Reads of referrals, each through the ``visible_to`` gate: what the user may not see is 404, exactly as
for a referral that does not exist."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404

from vawg.accounts.models import Membership, User
from vawg.audit.services import audit_read
from vawg.referrals.models import (
    TRIAGE,
    PossibleDuplicate,
    Referral,
    ReferralQuerySet,
    ReferralState,
    ReferralStatus,
    ReferralTask,
)


def referral_get_for(*, user: User, referral_id: uuid.UUID | str) -> Referral:
    """The referral if ``user`` may see it; otherwise 404."""
    try:
        return audit_read(action="referrals.referral.view", obj=Referral.objects.visible_to(user).get(pk=referral_id))
    except (Referral.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such referral.") from None


def possible_duplicate_get_for(*, user: User, referral: Referral, duplicate_id: uuid.UUID) -> PossibleDuplicate:
    """A possible-duplicate flag on ``referral`` (already gated) about a person ``user`` may already see."""
    found = referral.possible_duplicates.visible_to(user).filter(pk=duplicate_id).first()
    if found is None:
        raise Http404("No such flag.")
    return found


def referral_task_get_for(*, referral: Referral, task_id: uuid.UUID) -> ReferralTask:
    """A task of ``referral`` (already gated); 404 otherwise."""
    found = referral.tasks.filter(pk=task_id).first()
    if found is None:
        raise Http404("No such task.")
    return found


def referral_get_to_triage(*, user: User, referral_id: uuid.UUID) -> Referral:
    """The referral, if ``user`` works it at a receiving agency; otherwise 404 (as for one they cannot see)."""
    referral = referral_get_for(user=user, referral_id=referral_id)
    if not can_triage(user, referral):
        raise Http404("No such referral.")
    return referral


def referral_inbox_for(user: User) -> ReferralQuerySet:
    """Referrals routed to any of ``user``'s agencies that they may see, newest first is the caller's choice.

    The agencies are a subquery, so a count of the inbox is one query."""
    agencies = Membership.objects.active().of_active_user(user).values("organisation_id")
    return Referral.objects.visible_to(user).routed_to(agencies).select_related("district")


# "My work" counts (vawg/accounts/hooks.py MY_WORK): each the rows of its list, in one query.


def referrals_to_triage_count(user: User) -> int:
    """Referrals in the inbox waiting to be triaged: the inbox filtered to "Submitted"."""
    return referral_inbox_for(user).in_state(ReferralState.SUBMITTED).count()


def first_contacts_overdue_count(user: User) -> int:
    """The overdue first-contact list's rows."""
    return referral_inbox_for(user).first_contact_overdue().count()


def consent_awaited_count(user: User) -> int:
    """The rows of the list of referrals awaiting consent (``referrals_awaiting_consent_for``)."""
    return referrals_awaiting_consent_for(user).count()


def referrals_sent_by(user: User) -> QuerySet[Referral]:
    """The referrals ``user`` made that they may still see, each with the reason of its latest decline."""
    latest_decline = (
        ReferralStatus.objects.filter(referral=OuterRef("pk"), state=ReferralState.DECLINED)
        .order_by("-created_at")
        .values("reason")[:1]
    )
    return Referral.objects.visible_to(user).sent_by(user).annotate(decline_reason=Subquery(latest_decline))


def referral_sent_get_for(*, user: User, referral_id: str | None) -> Referral | None:
    """The referral a professional's submitted draft became, if they may still see it (with its routes)."""
    if not referral_id:
        return None
    return Referral.objects.visible_to(user).prefetch_related("routes__organisation").filter(pk=referral_id).first()


# Who may do what on a referral they can see ---------------------------------------------------


def receiving_organisation_ids(user: User, referral: Referral) -> list[uuid.UUID]:
    """The user's agencies that ``referral`` was routed to."""
    mine = user.organisation_ids()
    return [org for org in referral.routes.values_list("organisation_id", flat=True) if org in mine]


def can_triage(user: User, referral: Referral) -> bool:
    """Whether ``user`` works the referral at a receiving agency (call after the gate)."""
    return bool(user.has_perm(TRIAGE) and receiving_organisation_ids(user, referral))


def can_withdraw(user: User, referral: Referral) -> bool:
    """The receiving agency, the referrer or the referrer's agency may withdraw a referral."""
    if can_triage(user, referral):
        return True
    return referral.referrer_user_id == user.pk or referral.referrer_organisation_id in user.organisation_ids()


def can_record_consent(user: User, referral: Referral) -> bool:
    """The referrer, or a triager at a receiving agency, may record the person's consent (call after the gate)."""
    return referral.referrer_user_id == user.pk or can_triage(user, referral)


def referrals_awaiting_consent_for(user: User) -> ReferralQuerySet:
    """The referrals awaiting consent that ``user`` works on: routed to one of their agencies, or made by them,
    through the gate (``Referral.objects.awaiting_consent().for_user(user)``: the list and its count)."""
    return Referral.objects.awaiting_consent().for_user(user)


def cases_with_form_of_abuse(code: str) -> Exists:
    """cases' CASE_LIST_FILTERS["abuse"]: the cases (outer ``Case`` rows) one of whose referrals names the
    form of abuse ``code``. The case list has already gated the cases, and whoever sees a case may see the
    referrals linked to it (docs/access-control.md), so this narrows and reveals nothing."""
    referrals = Referral.objects.filter(case=OuterRef("pk"))
    if connection.features.supports_json_field_contains:
        return Exists(referrals.filter(forms_of_abuse__contains=[code]))
    return Exists(referrals.filter(forms_of_abuse__icontains=f'"{code}"'))  # SQLite: the list's JSON text
