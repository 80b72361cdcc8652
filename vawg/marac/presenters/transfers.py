"""Display values for MARAC-to-MARAC transfers: the outbound summary as sent (never an address or contact
detail), the inbound summary redacted, and each transfer's state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vawg.core.presenters import SummaryRow, Tag
from vawg.marac.models import MaracTransfer, TransferDirection
from vawg.marac.services.transfers import TransferSummary
from vawg.people.rules import redact
from vawg.people.selectors import location_values


def summary_of(transfer: MaracTransfer) -> TransferSummary | None:
    """The outbound summary as sent (None for an inbound transfer)."""
    if transfer.direction != TransferDirection.OUTBOUND or not transfer.summary:
        return None
    return TransferSummary.from_json(transfer.summary)


def inbound_summary_text(transfer: MaracTransfer) -> str:
    """The summary received from another MARAC, with any location value of the victim removed."""
    return redact(transfer.summary, location_values([transfer.case.victim]))


def summary_rows(summary: TransferSummary) -> list[SummaryRow]:
    """The outbound summary's summary list (the page and the PDF)."""
    return [
        SummaryRow("Victim", summary.victim_name),
        SummaryRow("Date of birth", summary.date_of_birth),
        SummaryRow("MARAC referral", f"{summary.referral_reference}, {summary.from_marac}"),
        SummaryRow("Transferred to", summary.to_marac),
        SummaryRow("Criteria met", "; ".join(summary.criteria)),
        SummaryRow("Referrals to this MARAC", ", ".join(summary.repeat_history) or "None"),
        SummaryRow("Children in the household", summary.children_in_household),
    ]


def state_tag(transfer: MaracTransfer) -> Tag:
    return Tag(transfer.get_current_state_display(), "grey")


@dataclass(frozen=True)
class TransferRow:
    transfer: MaracTransfer
    state: Tag


def transfer_rows(transfers: Iterable[MaracTransfer]) -> list[TransferRow]:
    return [TransferRow(transfer=transfer, state=state_tag(transfer)) for transfer in transfers]
