"""Writing and verifying the audit log.

``audit_record`` is the only way to add an entry. Call it from services, inside
the same transaction as the change it records, so the entry and the change
commit or roll back together. Reads of sensitive records are recorded with an
action ending in ``.view``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.audit.models import AuditEntry

GENESIS_HASH = "0" * 64
# Arbitrary constant for PostgreSQL's advisory lock: one writer appends at a time, so the chain never forks.
_CHAIN_LOCK_ID = 7_261_843


class AuditError(Exception):
    """An audit entry cannot be written (for example: neither an actor nor a system job)."""


def canonical(entry: AuditEntry) -> bytes:
    """The bytes the HMAC covers: every field but the hashes, in a fixed form."""
    body = {
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "system_job": entry.system_job,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "agency_id": entry.agency_id,
        "purpose": entry.purpose,
        "ip": entry.ip or "",
        "details": entry.details,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def compute_hash(entry: AuditEntry, prev_hash: str) -> str:
    key = settings.AUDIT_HMAC_KEY.encode()
    return hmac.new(key, prev_hash.encode() + b"|" + canonical(entry), hashlib.sha256).hexdigest()


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    proxies: int = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
    # SQLite: transactions start IMMEDIATE (settings), so writers are already serialised.


def audit_record(
    *,
    action: str,
    actor: Any = None,
    system_job: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: object = "",
    agency_id: object = "",
    purpose: str = "",
    request: HttpRequest | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log and return it.

    ``actor`` is the signed-in user (or None for a system job, which must then be
    named in ``system_job``). ``obj`` fills object type and id; ``details`` holds
    ids and codes only, never personal content.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if actor is None and not system_job:
        raise AuditError("An audit entry needs an actor or a system job.")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
        entry = AuditEntry(
            seq=(last.seq + 1) if last else 1,
            at=timezone.now(),
            actor_id=str(actor.pk) if actor is not None else "",
            actor_label=(actor.get_username() if actor is not None else "")[:254],
            system_job=system_job[:100],
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            agency_id=str(agency_id or ""),
            purpose=purpose[:500],
            ip=client_ip(request),
            details=dict(details or {}),
            prev_hash=last.entry_hash if last else GENESIS_HASH,
        )
        entry.full_clean(exclude=["prev_hash", "entry_hash", "seq", "at"])
        # Round-trip details through JSON so the hash covers exactly what the database stores.
        entry.details = json.loads(json.dumps(entry.details, default=str))
        entry.entry_hash = compute_hash(entry, entry.prev_hash)
        entry.save()
    return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    entry_id: int
    reason: str


def verify_chain(entries: Iterable[AuditEntry] | None = None) -> ChainProblem | None:
    """Walk the chain in order; return the first broken entry, or None when the chain is whole."""
    if entries is None:
        entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    prev_hash = GENESIS_HASH
    expected_seq = 1
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainProblem(entry.seq, entry.pk, f"expected entry {expected_seq} here, found {entry.seq}")
        if entry.prev_hash != prev_hash:
            return ChainProblem(entry.seq, entry.pk, "does not link to the entry before it")
        if not hmac.compare_digest(entry.entry_hash, compute_hash(entry, prev_hash)):
            return ChainProblem(entry.seq, entry.pk, "content does not match its hash")
        prev_hash = entry.entry_hash
        expected_seq += 1
    return None
