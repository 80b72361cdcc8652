"""Display rows for the coordinator's queue and a meeting's agenda.

What a row shows of a case is deliberately narrow: reference, the victim's name and age, why it met a
MARAC criterion, repeat, referring agency, children in the household, whether the victim has an IDVA
and urgency. Never an address or a contact detail (none is selected); free text (carried-forward
actions) passes through ``redact``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.utils import timezone

from vawg.core.presenters import Tag
from vawg.marac.models import AgendaItem, Criterion, MaracAction, MaracReferral
from vawg.marac.presenters.research import victim_pseudonym
from vawg.marac.rules import meetings as meeting_rules
from vawg.marac.selectors.actions import action_location_values
from vawg.marac.selectors.agenda import victims_with_idva
from vawg.people.rules import redact

URGENT = Tag("Urgent", "red")
OVERDUE = Tag("Overdue", "red")


def _flat_evidence(evidence: Mapping[str, Any]) -> dict[str, Any]:
    """Evidence is either flat or per criterion ({criterion: {...}}): one flat dict either way."""
    flat: dict[str, Any] = {}
    for key, value in evidence.items():
        if isinstance(value, Mapping):
            flat.update({k: v for k, v in value.items() if v not in (None, "")})
        else:
            flat[key] = value
    return flat


def _uk_date(value: Any) -> str:
    try:
        return f"{date.fromisoformat(str(value)):%-d %B %Y}"
    except ValueError:
        return ""


def evidence_summary(evidence: Mapping[str, Any]) -> list[str]:
    """Why a referral met the threshold, in words: DASH score against the threshold, incidents in the
    window, the last MARAC referral date (ids, counts and dates only)."""
    flat = _flat_evidence(evidence or {})
    lines = []
    if flat.get("score") is not None:
        threshold = flat.get("threshold") if "incident_count" not in flat else None
        lines.append(f"DASH score {flat['score']}" + (f" (threshold {threshold})" if threshold is not None else ""))
    if flat.get("incident_count") is not None:
        lines.append(f"{flat['incident_count']} incidents in the last 12 months")
    last = flat.get("last_marac_referral_date") or flat.get("last_referral_on")
    if last and _uk_date(last):
        lines.append(f"Last MARAC referral {_uk_date(last)}")
    return lines


@dataclass(frozen=True)
class CaseRow:
    """One referral on the queue or the agenda."""

    referral_id: UUID
    reference: str
    victim_name: str
    victim_age: int | None
    criteria: list[str]
    evidence: list[str]
    is_repeat: bool
    referring_agency: str
    children: int | None
    has_idva: bool
    urgent: bool
    referred_on: date
    item_id: UUID | None = None
    position: int | None = None

    @property
    def urgent_tag(self) -> Tag | None:
        return URGENT if self.urgent else None


def _row(
    referral: MaracReferral, with_idva: set[UUID], item: AgendaItem | None = None, *, withheld: bool = False
) -> CaseRow:
    victim = referral.case.victim
    return CaseRow(
        referral_id=referral.pk,
        reference=referral.reference,
        victim_name=victim_pseudonym(referral) if withheld else victim.full_name,
        victim_age=None if withheld else victim.age_on(timezone.localdate()),
        criteria=[Criterion(code).label for code in referral.criteria if code in Criterion.values],
        evidence=evidence_summary(referral.evidence),
        is_repeat=referral.is_repeat,
        referring_agency=referral.referring_organisation.name,
        children=referral.children_in_household,
        has_idva=referral.case.victim_id in with_idva,
        urgent=referral.urgent,
        referred_on=referral.referred_on,
        item_id=item.pk if item else None,
        position=item.position if item else None,
    )


def queue_rows(referrals: Iterable[MaracReferral]) -> list[CaseRow]:
    """Queue rows in agenda order (urgent, then repeats, then the oldest)."""
    referrals = list(referrals)
    with_idva = victims_with_idva(r.case.victim_id for r in referrals)
    return [_row(r, with_idva) for r in meeting_rules.agenda_order(referrals)]


def agenda_rows(items: Iterable[AgendaItem], withheld: Collection[UUID] = frozenset()) -> list[CaseRow]:
    """The agenda's rows; referrals in ``withheld`` (selectors.names_withheld) under a pseudonym."""
    items = list(items)
    with_idva = victims_with_idva(item.marac_referral.case.victim_id for item in items)
    return [
        _row(item.marac_referral, with_idva, item, withheld=item.marac_referral_id in withheld)
        for item in sorted(items, key=lambda i: i.position)
    ]


@dataclass(frozen=True)
class CarriedAction:
    description: str
    agency: str
    due_on: date
    state: str
    overdue: bool

    @property
    def overdue_tag(self) -> Tag | None:
        return OVERDUE if self.overdue else None


def carried_forward(actions: Iterable[MaracAction]) -> list[CarriedAction]:
    """Outstanding actions of earlier meetings, descriptions redacted of the victim's and the person
    causing harm's location-critical values (every case's values in one query)."""
    actions = list(actions)
    today = timezone.localdate()
    values_by_referral = action_location_values(actions)
    return [
        CarriedAction(
            description=redact(action.description or "", values_by_referral[action.agenda_item.marac_referral_id]),
            agency=action.owning_organisation.name,
            due_on=action.due_on,
            state=action.get_current_state_display(),
            overdue=action.due_on < today,
        )
        for action in actions
    ]


def urgent_tag(referral: MaracReferral) -> Tag | None:
    """ "Urgent" beside a queued referral that cannot wait for the next meeting."""
    return URGENT if referral.urgent else None
