"""The victim kept informed after MARAC (docs/domain/marac.md#keeping-the-victim-informed).

After an item is heard, the victim's IDVA (a user with ``marac.record_victim_voice`` at an agency
invited to the meeting) or, when the victim has no IDVA, a member of the referring agency records
whether the victim was told the case was heard and what safety actions follow, or why not.
Nothing is ever sent from here: the safe-contact check only warns.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.marac.models import (
    RECORD_VICTIM_VOICE,
    TAKE_PART,
    AgendaItem,
    InformedOutcome,
    MeetingAgency,
    VictimInformed,
)
from vawg.marac.selectors.agencies import acting_organisation
from vawg.marac.selectors.informed import items_to_inform_by


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
    save_valid(row)
    audit_record(
        action="marac.victim_informed.record",
        by=by,
        obj=row,
        agency_id=organisation.pk,
        request=request,
        details={"agenda_item_id": item.pk, "outcome": outcome},
    )
    return row
