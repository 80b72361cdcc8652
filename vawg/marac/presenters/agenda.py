"""Display rows for the coordinator's queue and a meeting's agenda.

What a row shows of a case is deliberately narrow: reference, the victim's name and age, why it met a
MARAC criterion, repeat, referring agency, children in the household, whether the victim has an IDVA
and urgency. Never an address or a contact detail (none is selected); free text (carried-forward
actions) passes through ``redact``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from vawg.accounts.models import Membership, OrganisationType
from vawg.accounts.roles import Role
from vawg.cases.models import Case, CaseTeamMember
from vawg.marac.models import AgendaItem, Criterion, MaracAction, MaracMeeting, MaracReferral
from vawg.marac.rules import meetings as meeting_rules
from vawg.people.redaction import location_values_for, redact


def victims_with_idva(victim_ids: Iterable[Any]) -> set[Any]:
    """Of ``victim_ids``, the people with an IDVA: an open case of theirs held by a specialist
    domestic abuse service, or with a current team member who is an IDVA."""
    idvas = Membership.objects.active().filter(role=Role.IDVA).values("user_id")
    idva_on_team = Exists(CaseTeamMember.objects.current().filter(case=OuterRef("pk"), user__in=idvas))
    cases = Case.objects.open().filter(victim__in=list(victim_ids))
    specialist = cases.filter(owning_organisation__type=OrganisationType.SPECIALIST_SERVICE)
    return set(specialist.values_list("victim_id", flat=True)) | set(
        cases.filter(idva_on_team).values_list("victim_id", flat=True)
    )


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

    referral_id: Any
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
    item_id: Any = None
    position: int | None = None


def _row(referral: MaracReferral, with_idva: set[Any], item: AgendaItem | None = None) -> CaseRow:
    victim = referral.case.victim
    return CaseRow(
        referral_id=referral.pk,
        reference=referral.reference,
        victim_name=victim.full_name,
        victim_age=victim.age_on(timezone.localdate()),
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


# Only what the rows show: never the victim's address or contact details.
_VICTIM_FIELDS = ("case__victim__given_name", "case__victim__family_name", "case__victim__date_of_birth")
_ROW_FIELDS = (
    "id",
    "reference",
    "criteria",
    "evidence",
    "is_repeat",
    "children_in_household",
    "urgent",
    "referred_on",
    "area_id",
    "current_state",
    "case",
    "case__victim",
    "referring_organisation",
    "case__victim__approximate_age",
    "case__victim__created_at",
    "referring_organisation__name",
    *_VICTIM_FIELDS,
)


def queue_rows(referrals: Iterable[MaracReferral]) -> list[CaseRow]:
    """Queue rows in agenda order (urgent, then repeats, then the oldest)."""
    referrals = list(referrals)
    with_idva = victims_with_idva(r.case.victim_id for r in referrals)
    return [_row(r, with_idva) for r in meeting_rules.agenda_order(referrals)]


def queue_referrals(queryset: Any) -> Any:
    return queryset.select_related("case__victim", "referring_organisation").only(*_ROW_FIELDS)


def agenda_rows(items: Iterable[AgendaItem]) -> list[CaseRow]:
    items = list(items)
    with_idva = victims_with_idva(item.marac_referral.case.victim_id for item in items)
    return [_row(item.marac_referral, with_idva, item) for item in sorted(items, key=lambda i: i.position)]


def agenda_items(queryset: Any) -> Any:
    fields = [f"marac_referral__{name}" for name in _ROW_FIELDS]
    return queryset.select_related("marac_referral__case__victim", "marac_referral__referring_organisation").only(
        "id", "position", "meeting_id", "marac_referral_id", *fields
    )


@dataclass(frozen=True)
class CarriedAction:
    description: str
    agency: str
    due_on: date
    state: str
    overdue: bool


def carried_forward(user: Any, meeting: MaracMeeting) -> list[CarriedAction]:
    """Outstanding actions of earlier meetings of this MARAC that ``user`` may see, descriptions redacted
    of the victim's and the person causing harm's location-critical values."""
    actions = (
        MaracAction.objects.visible_to(user)
        .carried_forward_to(meeting)
        .select_related(
            "owning_organisation",
            "agenda_item__marac_referral__case__victim",
            "agenda_item__marac_referral__perpetrator",
        )
    )
    today = timezone.localdate()
    actions = list(actions)
    values_by_referral = location_values_for(
        {
            action.agenda_item.marac_referral_id: [
                action.agenda_item.marac_referral.case.victim,
                action.agenda_item.marac_referral.perpetrator,
            ]
            for action in actions
        }
    )
    rows = []
    for action in actions:
        values = values_by_referral[action.agenda_item.marac_referral_id]
        rows.append(
            CarriedAction(
                description=redact(action.description or "", values),
                agency=action.owning_organisation.name,
                due_on=action.due_on,
                state=action.get_current_state_display(),
                overdue=action.due_on < today,
            )
        )
    return rows
