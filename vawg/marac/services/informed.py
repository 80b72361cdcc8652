"""The victim kept informed after MARAC (domain.md B.9; issue 4 item 8).

After an item is heard, the victim's IDVA (a user with ``marac.record_victim_voice`` at an agency
invited to the meeting) or, when the victim has no IDVA, a member of the referring agency records
whether the victim was told the case was heard and what safety actions follow, or why not.
Nothing is ever sent from here: the safe-contact check only warns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import Membership, User
from vawg.accounts.roles import holders_of
from vawg.audit.services import audit_record
from vawg.cases.models import CaseTeamMember
from vawg.marac.models import (
    RECORD_VICTIM_VOICE,
    TAKE_PART,
    AgendaItem,
    AgendaItemQuerySet,
    InformedOutcome,
    MaracReferral,
    MeetingAgency,
    VictimInformed,
    VictimVoice,
    organisations_with,
)
from vawg.marac.services.core import acting_organisation
from vawg.people.models import Person, SafeContactPreference, SafeStatus

# Outcomes after which the victim no longer needs telling ("could not be reached" stays on the list).
CLOSING_OUTCOMES = frozenset({InformedOutcome.TOLD, InformedOutcome.UNSAFE, InformedOutcome.DECLINED})
NO_SAFE_CONTACT_WARNING = "No safe way to contact is recorded: record 'unsafe to contact' or check with the IDVA"


def _has_idva() -> Q:
    """The victim has an IDVA: one recorded their voice for the item, or one is on the case's team."""
    voice = Exists(VictimVoice.objects.filter(agenda_item=OuterRef("pk")))
    idva_holders = Membership.objects.active().filter(role__in=holders_of(RECORD_VICTIM_VOICE)).values("user")
    on_team = Exists(
        CaseTeamMember.objects.current().filter(case=OuterRef("marac_referral__case"), user__in=idva_holders)
    )
    return Q(voice) | Q(on_team)


def items_to_inform_by(user: Any) -> AgendaItemQuerySet:
    """Heard items ``user`` may record the victim informed for: as an IDVA at an invited agency (items
    they can see), or, when the victim has no IDVA, as a member of the referring agency."""
    if not getattr(user, "is_authenticated", False):
        return AgendaItem.objects.none()
    as_idva = Q(pk__in=AgendaItem.objects.visible_to(user).values("pk")) & Exists(
        MeetingAgency.objects.filter(
            meeting=OuterRef("meeting"), organisation__in=organisations_with(user, RECORD_VICTIM_VOICE)
        )
    )
    as_referrer = (
        Q(marac_referral__in=MaracReferral.objects.visible_to(user).values("pk"))
        & Q(marac_referral__referring_organisation__in=organisations_with(user, TAKE_PART))
        & ~_has_idva()
    )
    return AgendaItem.objects.heard().filter(as_idva | as_referrer)


def victims_to_tell(user: Any) -> AgendaItemQuerySet:
    """Items still waiting for a told / unsafe / declined record."""
    closed = VictimInformed.objects.filter(agenda_item=OuterRef("pk"), outcome__in=CLOSING_OUTCOMES)
    return (
        items_to_inform_by(user)
        .exclude(Exists(closed))
        .select_related("meeting__area", "marac_referral__case__victim")
        .order_by("heard_at")
    )


def no_safe_contact(person: Person) -> bool:
    """True when every channel is unsafe or not known (treated as unsafe)."""
    current = SafeContactPreference.objects.current_preferences(person)
    return all(preference.status != SafeStatus.SAFE for preference in current.values())


@dataclass(frozen=True)
class InformedRow:
    outcome: str
    informed_on: date
    organisation: str
    recorded_by: str
    note: str


def informed_history(item: AgendaItem) -> list[InformedRow]:
    rows = VictimInformed.objects.filter(agenda_item=item).select_related("organisation", "recorded_by")
    return [
        InformedRow(
            outcome=row.get_outcome_display(),
            informed_on=row.informed_on,
            organisation=row.organisation.name,
            recorded_by=row.recorded_by.full_name,
            note=row.note,
        )
        for row in rows
    ]


@transaction.atomic
def victim_informed_record(
    *,
    agenda_item: AgendaItem,
    by: User,
    outcome: str,
    informed_on: date,
    note: str,
    request: HttpRequest | None = None,
) -> VictimInformed:
    """Record whether the victim was told the case was heard (immutable; one row per attempt)."""
    item = items_to_inform_by(by).filter(pk=agenda_item.pk).select_related("meeting", "marac_referral").first()
    if item is None:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if outcome not in InformedOutcome.values:
        errors["outcome"] = "Select what happened"
    if not note.strip():
        errors["note"] = "Enter what was said, or why the victim was not told"
    if informed_on > timezone.localdate():
        errors["informed_on"] = "The date must be today or in the past"
    elif item.heard_at is not None and informed_on < timezone.localtime(item.heard_at).date():
        errors["informed_on"] = "The date must be on or after the day the case was heard"
    if errors:
        raise ValidationError(errors)
    invited = MeetingAgency.objects.filter(meeting=item.meeting).values_list("organisation_id", flat=True)
    prefer = [*invited, item.marac_referral.referring_organisation_id]
    try:
        organisation = acting_organisation(by, perm=RECORD_VICTIM_VOICE, prefer=invited)
    except PermissionDenied:
        organisation = acting_organisation(by, perm=TAKE_PART, prefer=prefer)
    row = VictimInformed(
        agenda_item=item,
        organisation=organisation,
        outcome=outcome,
        note=note.strip(),
        informed_on=informed_on,
        recorded_by=by,
    )
    row.full_clean()
    row.save()
    audit_record(
        action="marac.victim_informed.record",
        by=by,
        obj=row,
        agency_id=organisation.pk,
        request=request,
        details={"agenda_item_id": item.pk, "outcome": outcome},
    )
    return row
