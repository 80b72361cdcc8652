"""Readable labels for audit entries, looked up when a page is shown.

Entries store ids (ADR 0004). The audit app sits below accounts and imports
nothing from it, so agency names are found through the app registry, and an
agency that no longer exists shows its id.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.paginator import Page
from django.utils import timezone

from vawg.audit.actions import current_action
from vawg.audit.models import AuditEntry


@dataclass(frozen=True)
class EntryRow:
    entry: AuditEntry
    who: str
    agency: str
    action: str  # the current name, also for entries stored under a legacy one

    @property
    def local_time(self) -> datetime:
        return timezone.localtime(self.entry.at)


def _agency_names(agency_ids: Iterable[str]) -> dict[str, str]:
    valid: list[uuid.UUID] = []
    for value in set(agency_ids):
        try:
            valid.append(uuid.UUID(value))
        except ValueError:
            continue
    if not valid:
        return {}
    organisation = apps.get_model("accounts", "Organisation")
    return {str(pk): name for pk, name in organisation.objects.filter(pk__in=valid).values_list("pk", "name")}


def entry_rows(entries: Iterable[AuditEntry]) -> list[EntryRow]:
    entries = list(entries)
    names = _agency_names(entry.agency_id for entry in entries if entry.agency_id)
    return [
        EntryRow(
            entry=entry,
            who=entry.actor_label or f"System job: {entry.system_job}",
            agency=names.get(entry.agency_id, entry.agency_id),
            action=current_action(entry.action),
        )
        for entry in entries
    ]


def page_numbers(page: Page[AuditEntry]) -> list[int | None]:
    """Page numbers for the GOV.UK pagination component; None marks an ellipsis."""
    return [
        number if isinstance(number, int) else None
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
