"""MARAC-to-MARAC transfers when a victim moves area (docs/domain/marac.md#transfers-between-maracs).

Outbound: the coordinator records the other MARAC and the platform builds a summary (victim name
and date of birth, criteria, repeat history dates, risks identified and actions with their owning
agencies from heard items). The summary never holds an address or contact detail: nothing
location-critical is selected, and every free-text value passes through ``redact`` with the
victim's (and the person causing harm's) location values. The summary is stored as sent (a
snapshot, encrypted) and the referral becomes transferred out.

Inbound: the coordinator records a transfer received for a case they can see, then accepts it (a
MARAC referral in the queue, source TRANSFER_IN) or declines it with a reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.cases.models import Case
from vawg.core.models import save_valid
from vawg.marac.models import (
    COORDINATE,
    AgendaItem,
    Criterion,
    MaracAction,
    MaracArea,
    MaracReferral,
    MaracReferralSource,
    MaracReferralState,
    MaracTransfer,
    TransferDirection,
    TransferState,
)
from vawg.marac.rules.referrals import is_repeat, repeat_window_days
from vawg.marac.selectors.agencies import acting_organisation
from vawg.marac.selectors.referrals import last_referral_for_victim
from vawg.marac.services.core import marac_referral_create, marac_referral_set_state, require_coordinator
from vawg.people.rules import redact
from vawg.people.selectors import location_values

TRANSFERABLE_STATES = frozenset({MaracReferralState.QUEUED, MaracReferralState.HEARD})
CRITERION_LABELS = dict(Criterion.choices)
PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
CONFIDENTIALITY_STATEMENT = (
    "OFFICIAL-SENSITIVE. This summary is shared from one MARAC to another to keep a victim of domestic "
    "abuse safe. It contains personal information: share it only with the receiving MARAC coordinator, "
    "store it securely, and do not copy or forward it. It holds no address or contact details: ask the "
    "victim's IDVA for safe contact arrangements."
)


@dataclass(frozen=True)
class ActionLine:
    description: str
    agency: str
    due_on: str
    state: str


@dataclass(frozen=True)
class TransferSummary:
    """What an outbound transfer shares (JSON-safe: stored as sent)."""

    victim_name: str
    date_of_birth: str
    referral_reference: str
    from_marac: str
    to_marac: str
    criteria: list[str]
    repeat_history: list[str]
    children_in_household: str
    risks: list[str] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)

    @classmethod
    def from_json(cls, text: str) -> TransferSummary:
        data = json.loads(text)
        data["actions"] = [ActionLine(**line) for line in data.get("actions", [])]
        return cls(**data)

    def to_json(self) -> str:
        return json.dumps(asdict(self))


def _uk(day: date | None) -> str:
    return f"{day:%-d %B %Y}" if day else "Not known"


def build_summary(referral: MaracReferral, *, to_marac: str) -> TransferSummary:
    """The outbound summary of ``referral`` (redacted; no location-critical value is selected)."""
    victim = referral.case.victim
    values = location_values([victim, referral.perpetrator])
    history = (
        MaracReferral.objects.for_victim(victim.pk)
        .filter(area=referral.area)
        .exclude(current_state=MaracReferralState.WITHDRAWN)
        .order_by("referred_on")
    )
    items = AgendaItem.objects.heard().filter(marac_referral__in=history).select_related("meeting").order_by("heard_at")
    actions = (
        MaracAction.objects.filter(agenda_item__in=items)
        .select_related("owning_organisation")
        .order_by("due_on", "created_at")
    )
    return TransferSummary(
        victim_name=victim.full_name,
        date_of_birth=_uk(victim.date_of_birth),
        referral_reference=referral.reference,
        from_marac=referral.area.name,
        to_marac=redact(to_marac.strip(), values),
        criteria=[CRITERION_LABELS.get(c, c) for c in referral.criteria],
        repeat_history=[_uk(row.referred_on) for row in history],
        children_in_household="Not known"
        if referral.children_in_household is None
        else str(referral.children_in_household),
        risks=[
            f"{_uk(item.heard_at.date() if item.heard_at else None)}: {redact(item.risks_identified, values)}"
            for item in items
            if item.risks_identified.strip()
        ],
        actions=[
            ActionLine(
                description=redact(action.description, values),
                agency=action.owning_organisation.name,
                due_on=_uk(action.due_on),
                state=action.get_current_state_display(),
            )
            for action in actions
        ],
    )


@transaction.atomic
def transfer_out(
    *, marac_referral: MaracReferral, other_marac: str, by: User, request: HttpRequest | None = None
) -> MaracTransfer:
    """Transfer a waiting or heard referral to another MARAC: store the summary, close the referral here."""
    require_coordinator(by, marac_referral.area)
    if not other_marac.strip():
        raise ValidationError({"other_marac": "Enter the name of the MARAC the case is going to"})
    if marac_referral.current_state not in TRANSFERABLE_STATES:
        raise ValidationError(
            {"other_marac": "Only a referral that is waiting to be listed or has been heard can be transferred"}
        )
    summary = build_summary(marac_referral, to_marac=other_marac)
    transfer = MaracTransfer(
        direction=TransferDirection.OUTBOUND,
        area=marac_referral.area,
        case=marac_referral.case,
        other_marac=other_marac.strip(),
        marac_referral=marac_referral,
        summary=summary.to_json(),
        current_state=TransferState.SENT,
        created_by=by,
    )
    save_valid(transfer)
    marac_referral_set_state(
        marac_referral=marac_referral, state=MaracReferralState.TRANSFERRED_OUT, by=by, reason="Transferred"
    )
    audit_record(
        action="marac.transfer.record_out",
        by=by,
        obj=transfer,
        request=request,
        details={"marac_referral_id": marac_referral.pk, "case_id": marac_referral.case_id},
    )
    return transfer


@transaction.atomic
def transfer_summary_read_record(
    *, transfer: MaracTransfer, by: User, download: bool, request: HttpRequest | None = None
) -> None:
    """Record that ``by`` read (or downloaded) an outbound summary (call after the gate let them)."""
    audit_record(
        action="marac.transfer_summary.download" if download else "marac.transfer_summary.view",
        by=by,
        obj=transfer,
        request=request,
        details={"case_id": transfer.case_id},
    )


@transaction.atomic
def transfer_in_record(
    *, area: MaracArea, case: Case, other_marac: str, summary: str, by: User, request: HttpRequest | None = None
) -> MaracTransfer:
    """Record a transfer received from another MARAC for a case ``by`` can see (waiting for a decision)."""
    require_coordinator(by, area)
    if not Case.objects.visible_to(by).filter(pk=case.pk).exists():
        raise PermissionDenied
    errors = {}
    if not other_marac.strip():
        errors["other_marac"] = "Enter the name of the MARAC the case comes from"
    if not summary.strip():
        errors["summary"] = "Enter the summary the other MARAC sent"
    if errors:
        raise ValidationError(errors)
    transfer = MaracTransfer(
        direction=TransferDirection.INBOUND,
        area=area,
        case=case,
        other_marac=other_marac.strip(),
        summary=summary.strip(),
        current_state=TransferState.RECEIVED,
        created_by=by,
    )
    save_valid(transfer)
    audit_record(
        action="marac.transfer.record_in",
        by=by,
        obj=transfer,
        request=request,
        details={"case_id": case.pk, "area_id": area.pk},
    )
    return transfer


def _locked_received(transfer: MaracTransfer, by: User) -> MaracTransfer:
    locked = MaracTransfer.objects.select_for_update().select_related("area", "case").get(pk=transfer.pk)
    require_coordinator(by, locked.area)
    if locked.direction != TransferDirection.INBOUND or locked.current_state != TransferState.RECEIVED:
        raise ValidationError({"decision": "This transfer has already been decided"})
    return locked


@transaction.atomic
def transfer_in_accept(
    *, transfer: MaracTransfer, criteria: Iterable[str], by: User, request: HttpRequest | None = None
) -> MaracReferral:
    """Accept an inbound transfer: the case enters this MARAC's queue (source TRANSFER_IN); a repeat
    when within the repeat window of the victim's last referral to this MARAC."""
    transfer = _locked_received(transfer, by)
    chosen = {c for c in criteria if c in Criterion.values}
    if not chosen:
        raise ValidationError({"criteria": "Select the MARAC criteria the case meets"})
    today = timezone.localdate()
    last = last_referral_for_victim(transfer.case.victim_id, today, area=transfer.area)
    repeat = last is not None and is_repeat(last.referred_on, today, repeat_window_days(today))
    if repeat:
        chosen.add(Criterion.REPEAT.value)
    referral = marac_referral_create(
        case=transfer.case,
        source=MaracReferralSource.TRANSFER_IN,
        criteria=chosen,
        referring_organisation=acting_organisation(
            by, perm=COORDINATE, prefer=[transfer.area.coordinating_organisation_id]
        ),
        by=by,
        area=transfer.area,
        evidence={"transfer_id": str(transfer.pk)},
        is_repeat=repeat,
        repeat_of=last if repeat else None,
        request=request,
    )
    transfer.current_state = TransferState.ACCEPTED
    transfer.marac_referral = referral
    transfer.decided_by = by
    transfer.decided_at = timezone.now()
    save_valid(transfer, update_fields=["current_state", "marac_referral", "decided_by", "decided_at", "updated_at"])
    audit_record(
        action="marac.transfer.accept",
        by=by,
        obj=transfer,
        request=request,
        details={"marac_referral_id": referral.pk, "case_id": transfer.case_id},
    )
    return referral


@transaction.atomic
def transfer_in_decline(
    *, transfer: MaracTransfer, reason: str, by: User, request: HttpRequest | None = None
) -> MaracTransfer:
    """Decline an inbound transfer, with the reason."""
    transfer = _locked_received(transfer, by)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the transfer is declined"})
    transfer.current_state = TransferState.DECLINED
    transfer.decided_by = by
    transfer.decided_at = timezone.now()
    transfer.decision_reason = reason.strip()
    save_valid(transfer, update_fields=["current_state", "decided_by", "decided_at", "decision_reason", "updated_at"])
    audit_record(
        action="marac.transfer.decline",
        by=by,
        obj=transfer,
        request=request,
        details={"case_id": transfer.case_id},
    )
    return transfer
