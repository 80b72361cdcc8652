"""The audit log: one append-only, hash-chained table (docs/adr/0004-audit.md).

Entries are written explicitly by services (never by signals), for writes and
for reads of sensitive records. The app offers no way to change or delete an
entry; database triggers refuse UPDATE and DELETE as well. Each entry's
``entry_hash`` is an HMAC over its content and the previous entry's hash, so
``manage.py audit_verify`` finds an edited, deleted, inserted or reordered entry.

The table holds ids and labels only: never names of victims, addresses or
other case content.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models

from vawg.audit.actions import action_spellings


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, object_type: str, object_id: object) -> AuditEntryQuerySet:
        return self.filter(object_type=object_type, object_id=str(object_id))

    def reads(self) -> AuditEntryQuerySet:
        return self.filter(action__endswith=".view")

    def newest_first(self) -> AuditEntryQuerySet:
        return self.order_by("-seq")

    def matching(
        self, *, action: str = "", actor_label: str = "", object_type: str = "", object_id: str = ""
    ) -> AuditEntryQuerySet:
        """Entries that match every filter given (empty filters match everything). An action matches
        under its current name and the names it had before the naming rule (vawg/audit/actions.py)."""
        entries = self
        if action:
            entries = entries.filter(action__in=action_spellings(action))
        if actor_label:
            entries = entries.filter(actor_label=actor_label)
        if object_type:
            entries = entries.filter(object_type=object_type)
        if object_id:
            entries = entries.filter(object_id=object_id)
        return entries

    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit entries cannot be changed.")

    def delete(self) -> NoReturn:
        raise PermissionError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    seq = models.BigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(editable=False, db_index=True)
    actor_id = models.CharField(max_length=64, blank=True, db_index=True)
    actor_label = models.CharField(max_length=254, blank=True)
    system_job = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    agency_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=500, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor_label"], name="audit_entry_actor_label_idx"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit entries cannot be deleted.")


class RateCount(models.Model):
    """How often one client did one thing in one fixed window: the throttles in front of anonymous
    requests, and the repeats that share one audit entry (docs/security.md#s-4).

    ``key`` is a keyed hash (HMAC with the secret key) of a client address or a typed email, so the
    table never holds either. ``scope`` names what is counted (an audit action, or a throttle). These
    rows are bookkeeping, not part of the audit log: they are changed and deleted as they are used.
    """

    key = models.CharField(max_length=64)
    scope = models.CharField(max_length=150)
    window_seconds = models.PositiveIntegerField()
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "scope", "window_seconds", "window_start"], name="audit_rate_count_one_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} for {self.window_seconds}s from {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
