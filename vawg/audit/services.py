"""Writing and verifying the audit log.

``audit_record`` is the only way to add an entry, and every app calls it directly (no wrappers).
Call it from services, inside the same transaction as the change it records, so the entry and the
change commit or roll back together. Actions are named ``<app>.<entity>.<verb>``
(vawg/audit/actions.py); reads of sensitive records use the verb ``view``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from vawg.audit.actions import is_well_formed
from vawg.audit.models import AuditEntry, RateCount

M = TypeVar("M", bound=models.Model)
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
    return _CANONICAL_JSON.encode(body).encode()


# The same output as json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=True), built once.
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _hasher() -> Any:
    """An HMAC keyed with AUDIT_HMAC_KEY, to ``.copy()`` for each entry (saves keying it every time)."""
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), digestmod=hashlib.sha256)


def compute_hash(entry: AuditEntry, prev_hash: str, *, hasher: Any = None) -> str:
    mac = (hasher or _hasher()).copy()
    mac.update(prev_hash.encode() + b"|" + canonical(entry))
    return str(mac.hexdigest())


def require_one_author(*, by: Any, system_job: str) -> None:
    """A service that a person or a system job may run takes exactly one of the two: ``by`` (the acting
    user) or ``system_job`` (the job's name). ValueError otherwise, before anything is written."""
    if (by is None) == (not system_job):
        raise ValueError("Give exactly one of an acting user (by=) or a system job (system_job=).")


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    proxies: int = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    if proxies:
        header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    remote: str | None = request.META.get("REMOTE_ADDR")
    return remote or None


# --- Counting anonymous clients (docs/security.md#s-4) ---------------------------------------------
#
# Counters live in RateCount rows, one per (key, scope, fixed window), taken under a row lock
# (SELECT ... FOR UPDATE on PostgreSQL; on SQLite every writing transaction already runs alone), so
# parallel requests cannot all read the same count.

REPEAT_WINDOW = 60  # seconds: at most one audit entry per client, action and subject in this window


def rate_key(value: str | None) -> str:
    """A client address (or typed email) as the counters store it: keyed with the secret key."""
    return salted_hmac("vawg.audit.rate", value or "unknown", algorithm="sha256").hexdigest()


def window_start(at: datetime, window: int) -> datetime:
    """The start of the fixed ``window``-second window (counted from the Unix epoch) that ``at`` falls in."""
    seconds = int(at.timestamp())
    return datetime.fromtimestamp(seconds - seconds % window, tz=UTC)


def _counter(*, key: str, scope: str, window: int, start: datetime) -> RateCount:
    counter, _ = RateCount.objects.select_for_update().get_or_create(
        key=key, scope=scope, window_seconds=window, window_start=start
    )
    return counter


def rate_count_get(*, key: str, scope: str, window: int) -> int:
    """How many ``scope`` events ``key`` has in the current window (a read; nothing is counted)."""
    start = window_start(timezone.now(), window)
    counter = RateCount.objects.filter(key=key, scope=scope, window_seconds=window, window_start=start).first()
    return counter.count if counter is not None else 0


@transaction.atomic
def rate_allowance_take(*, key: str, scope: str, window: int, allowed: int | None = None) -> bool:
    """Count one ``scope`` event for ``key`` in the current window. False, and nothing counted, when
    the window already holds ``allowed`` (None: no limit). Windows that are over are deleted."""
    now = timezone.now()
    start = window_start(now, window)
    RateCount.objects.filter(scope=scope, window_seconds=window, window_start__lt=start).delete()
    counter = _counter(key=key, scope=scope, window=window, start=start)
    if allowed is not None and counter.count >= allowed:
        return False
    RateCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    return True


def rate_count_clear(*, key: str, scope: str) -> int:
    """Forget every window of ``scope`` for ``key`` (an administrator lifting a lockout). Returns rows removed."""
    removed, _ = RateCount.objects.filter(key=key, scope=scope).delete()
    return removed


@transaction.atomic
def audit_repeat_take(*, action: str, request: HttpRequest | None, subject: str = "") -> int | None:
    """Count one ``action`` by this client (about ``subject``, if any) and say whether to audit it.

    The first in each minute returns how many attempts its entry stands for: itself, and the
    repeats counted since this client's previous entry of the kind (they wait in their counter until
    then). Later ones in the minute are counted only, and return None: write no entry for them.
    Call it in the same transaction as the ``audit_record`` it decides about.
    """
    now = timezone.now()
    start = window_start(now, REPEAT_WINDOW)
    key, scope = rate_key(client_ip(request)), f"{action}:{subject}"[:150]
    counter = _counter(key=key, scope=scope, window=REPEAT_WINDOW, start=start)
    RateCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    if counter.count > 0:
        return None
    earlier = RateCount.objects.filter(key=key, scope=scope, window_seconds=REPEAT_WINDOW, window_start__lt=start)
    carried = sum(max(count - 1, 0) for count in earlier.values_list("count", flat=True))
    earlier.delete()
    # Other clients' finished minutes with no repeats have nothing left to carry.
    RateCount.objects.filter(window_seconds=REPEAT_WINDOW, window_start__lt=start, count__lte=1).delete()
    return 1 + carried


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
    # SQLite: transactions start IMMEDIATE (settings), so writers are already serialised.


def audit_record(
    *,
    action: str,
    by: Any = None,
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

    ``by`` is the acting user; when there is none (or it is anonymous), ``system_job`` names the
    job that acted. ``obj`` fills object type and id; ``agency_id`` is the agency the record belongs
    to, taken from ``obj.audit_agency_id`` when not given (cases and referrals have one).
    ``details`` holds ids and codes only, never personal content (values that are not JSON types
    are stored as text).
    """
    if not is_well_formed(action):
        raise AuditError(f"Audit actions are named <app>.<entity>.<verb>, not {action!r}.")
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    if actor is None and not system_job:
        raise AuditError("An audit entry needs an acting user or a system job.")
    reads = _READS.get()
    if reads is not None and actor is not None:
        reads.audited = True
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        agency_id = agency_id or getattr(obj, "audit_agency_id", "")
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
        entry = AuditEntry(
            seq=(last.seq + 1) if last else 1,
            at=timezone.now(),
            actor_id=str(actor.pk) if actor is not None else "",
            actor_label=(actor.get_username() if actor is not None else "")[:254],
            system_job="" if actor is not None else system_job[:100],
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            agency_id=str(agency_id or ""),
            purpose=purpose[:500],
            ip=client_ip(request),
            # Through JSON first: ids and dates become text, and the hash covers exactly what is stored.
            details=json.loads(json.dumps(dict(details or {}), default=str)),
            prev_hash=last.entry_hash if last else GENESIS_HASH,
        )
        entry.full_clean(exclude=["prev_hash", "entry_hash", "seq", "at"])
        entry.entry_hash = compute_hash(entry, entry.prev_hash)
        entry.save()
    return entry


# --- Reads of sensitive records -------------------------------------------------------------------
#
# The access-checked getters (``case_get_for``, ``meeting_get_for``...) call ``audit_read`` with the record
# they hand out. ``ReadAuditMiddleware`` (vawg/audit/middleware.py) opens a ledger for each request and,
# when a page that showed such a record (a 200 answer) wrote no audit entry of its own in the reader's
# name, writes one: so every page that shows a person is audited exactly once, including pages written
# later that forget to. Outside a request (services, jobs, tests calling a getter) nothing is noted.


@dataclass
class ReadLedger:
    """What one request has handed out: (action, record) in the order read, and whether it audited."""

    shown: list[tuple[str, models.Model]] = field(default_factory=list)
    audited: bool = False


_READS: ContextVar[ReadLedger | None] = ContextVar("vawg_audit_reads", default=None)


def audit_read(*, action: str, obj: M) -> M:
    """Note that the request being served shows ``obj`` (read as ``action``, a ``<app>.<entity>.view``);
    returns ``obj``, so a getter can ``return audit_read(action=..., obj=queryset.get(...))``."""
    if not is_well_formed(action):
        raise AuditError(f"Audit actions are named <app>.<entity>.<verb>, not {action!r}.")
    reads = _READS.get()
    if reads is not None and all(shown is not obj for _, shown in reads.shown):
        reads.shown.append((action, obj))
    return obj


@contextmanager
def read_ledger() -> Iterator[ReadLedger]:
    """The ledger of the request being served (the middleware opens one per request)."""
    ledger = ReadLedger()
    token = _READS.set(ledger)
    try:
        yield ledger
    finally:
        _READS.reset(token)


def audit_unaudited_reads(*, ledger: ReadLedger, by: Any, request: HttpRequest) -> AuditEntry | None:
    """The one entry for a page that showed records and wrote none itself: the first record read, with
    the others by type and id."""
    if not ledger.shown or ledger.audited:
        return None
    action, obj = ledger.shown[0]
    others = [f"{shown._meta.label_lower}:{shown.pk}" for _, shown in ledger.shown[1:]]
    details: dict[str, Any] = {"path": request.path[:200]}
    if others:
        details["also"] = others
    return audit_record(action=action, by=by, obj=obj, request=request, details=details)


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    entry_id: int | None
    reason: str


@dataclass(frozen=True)
class ChainReport:
    """What a walk of the chain found: entries checked, the head reached, and the first problem."""

    count: int
    head_seq: int
    head_hash: str
    problem: ChainProblem | None


# The columns the verifier reads: rows, not model instances, so a million entries verify quickly.
_CHAIN_FIELDS = (
    "id",
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "system_job",
    "action",
    "object_type",
    "object_id",
    "agency_id",
    "purpose",
    "ip",
    "details",
    "prev_hash",
    "entry_hash",
)


def _chain_rows(chunk_size: int) -> Iterable[Any]:
    return AuditEntry.objects.order_by("seq").values_list(*_CHAIN_FIELDS, named=True).iterator(chunk_size=chunk_size)


def walk_chain(entries: Iterable[Any] | None = None, *, chunk_size: int = 5000) -> ChainReport:
    """Walk the chain in ``seq`` order and stop at the first broken entry.

    ``entries`` are AuditEntry instances or rows with the same attribute names
    (default: every stored entry, read in chunks). A well-formed chain numbers its
    entries 1, 2, 3... with no gaps, each links to the hash of the one before, and
    each hash matches its content.
    """
    if entries is None:
        entries = _chain_rows(chunk_size)
    prev_hash = GENESIS_HASH
    count = 0
    hasher = _hasher()
    for entry in entries:
        expected_seq = count + 1
        problem = None
        if entry.seq != expected_seq:
            problem = ChainProblem(entry.seq, entry.id, f"expected entry {expected_seq} here, found {entry.seq}")
        elif entry.prev_hash != prev_hash:
            problem = ChainProblem(entry.seq, entry.id, "does not link to the entry before it")
        elif not hmac.compare_digest(entry.entry_hash, compute_hash(entry, prev_hash, hasher=hasher)):
            problem = ChainProblem(entry.seq, entry.id, "content does not match its hash")
        if problem is not None:
            return ChainReport(count=count, head_seq=count, head_hash=prev_hash, problem=problem)
        prev_hash = entry.entry_hash
        count += 1
    return ChainReport(count=count, head_seq=count, head_hash=prev_hash, problem=None)


def verify_chain(entries: Iterable[Any] | None = None) -> ChainProblem | None:
    """Walk the chain in order; return the first broken entry, or None when the chain is whole."""
    return walk_chain(entries).problem


def check_anchored_head(seq: int, entry_hash: str) -> ChainProblem | None:
    """Compare the stored entry ``seq`` with a head recorded earlier (finds truncation or a replaced log)."""
    entry = AuditEntry.objects.filter(seq=seq).only("id", "entry_hash").first()
    if entry is None:
        total = AuditEntry.objects.count()
        return ChainProblem(seq, None, f"the anchored head is missing: the log holds {total} entries")
    if not hmac.compare_digest(entry.entry_hash, entry_hash):
        return ChainProblem(seq, entry.pk, "its hash differs from the anchored head")
    return None
