"""Display values for MARAC actions: table rows (description redacted for its own case's people), one
action's summary list and history, and the coordinator's outstanding actions by agency."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone

from vawg.core.presenters import SummaryRow, Tag
from vawg.marac.models import ActionState, MaracAction, MaracActionStatus, RiskAddressed
from vawg.marac.presenters.research import uk_date
from vawg.marac.selectors.actions import AgencyOutstanding, action_location_values
from vawg.people.rules import redact
from vawg.people.selectors import location_values

OVERDUE = Tag("Overdue", "red")


@dataclass(frozen=True)
class ActionRow:
    """One action in a table (chair's view, an agency's list)."""

    action: MaracAction
    description: str
    agency: str
    owner: str
    due: str
    overdue: bool
    risk: str
    state: str
    meeting: str
    reference: str = ""

    @property
    def overdue_tag(self) -> Tag | None:
        return OVERDUE if self.overdue else None


def action_rows(actions: Iterable[MaracAction], values: list[str], *, with_reference: bool = False) -> list[ActionRow]:
    """Rows for ``actions`` of one case, redacted with that case's location values."""
    today = timezone.localdate()
    return [
        ActionRow(
            action=action,
            description=redact(action.description, values),
            agency=action.owning_organisation.name,
            owner=str(action.owner) if action.owner else "",
            due=uk_date(action.due_on),
            overdue=action.current_state in (ActionState.OPEN, ActionState.IN_PROGRESS) and action.due_on < today,
            risk=RiskAddressed(action.risk_addressed).label,
            state=action.get_current_state_display(),
            meeting=uk_date(timezone.localtime(action.agenda_item.meeting.starts_at).date()),
            reference=action.agenda_item.marac_referral.reference if with_reference else "",
        )
        for action in actions
    ]


def action_list_rows(actions: list[MaracAction]) -> list[ActionRow]:
    """Rows for actions of several cases, each description redacted for its own case's people (the
    location values of every case in one query)."""
    values_by_referral = action_location_values(actions)
    return [
        action_rows([action], values_by_referral[action.agenda_item.marac_referral_id], with_reference=True)[0]
        for action in actions
    ]


def outstanding_first(rows: list[ActionRow]) -> list[ActionRow]:
    """``rows`` with the outstanding actions first (stable: otherwise in the order given)."""
    return sorted(rows, key=lambda row: row.action.current_state not in (ActionState.OPEN, ActionState.IN_PROGRESS))


def action_summary(row: ActionRow) -> list[SummaryRow]:
    """One action's summary list."""
    return [
        SummaryRow("Action", linebreaksbr(row.description)),
        SummaryRow("Agency", row.agency),
        SummaryRow("Owner", row.owner or "Not named"),
        SummaryRow("Due", row.due, tags=(OVERDUE,) if row.overdue else ()),
        SummaryRow("Risk addressed", row.risk),
        SummaryRow("Agreed at", f"The meeting on {row.meeting}"),
        SummaryRow("Status", row.state),
    ]


@dataclass(frozen=True)
class HistoryEntry:
    state: str
    note: str
    by: str
    on: str


def action_history(action: MaracAction, statuses: Iterable[MaracActionStatus]) -> list[HistoryEntry]:
    """The action's status rows, notes redacted for its case's people."""
    referral = action.agenda_item.marac_referral
    values = location_values([referral.case.victim, referral.perpetrator])
    return [
        HistoryEntry(
            state=row.get_state_display(),
            note=redact(row.note, values),
            by=str(row.created_by),
            on=uk_date(row.created_at.date()),
        )
        for row in statuses
    ]


@dataclass(frozen=True)
class OutstandingRow:
    organisation_id: UUID
    organisation: str
    outstanding: int
    overdue: int
    oldest_due_text: str


def outstanding_rows(rows: Iterable[AgencyOutstanding]) -> list[OutstandingRow]:
    return [
        OutstandingRow(
            organisation_id=row["organisation_id"],
            organisation=row["organisation"],
            outstanding=row["outstanding"],
            overdue=row["overdue"],
            oldest_due_text=uk_date(row["oldest_due"]),
        )
        for row in rows
    ]
