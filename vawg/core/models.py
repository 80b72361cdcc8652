"""Shared model bases: every record's id and times, and rows that are written once."""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """A record with an opaque id (safe in URLs) and creation/update times.

    The UUID is assigned before the first save, so encrypted fields can bind their
    ciphertext to the row (see vawg/core/crypto.py).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def save_valid(row: models.Model, *, update_fields: list[str] | None = None) -> None:
    """Validate ``row`` (``full_clean()``: fields, choices, the model's ``clean`` and constraints), then save it.

    Services write every row through this, so nothing reaches the database unchecked. A ValidationError
    leaves the row unsaved.
    """
    row.full_clean()
    row.save(update_fields=update_fields)


class ImmutableQuerySet(models.QuerySet[Any]):
    """Bulk changes are refused: the rows of an ``ImmutableModel`` are written once, never changed or deleted.

    A model's own QuerySet subclasses this one, so ``Model.objects.filter(...).update(...)`` fails as
    ``instance.save()`` does on an existing row.
    """

    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError(f"{self.model.__name__} rows cannot be changed.")

    def delete(self) -> NoReturn:
        raise PermissionError(f"{self.model.__name__} rows cannot be deleted.")


def user_who(*, optional: bool = False) -> models.ForeignKey[Any, Any]:
    """The member of staff who did something (``created_by``, ``listed_by`` and the like): never deleted
    while a row names them, and with no reverse accessor on User. ``optional`` where a system job can act
    instead; the row's ``system_job`` then names the job."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=optional, blank=optional, related_name="+"
    )


class ImmutableModel(BaseModel):
    """A row that is written once and never changed or deleted: a status change, a chronology entry,
    a recorded preference. The current state is the latest row; history is every row.

    Each subclass declares ``objects`` from ``ImmutableQuerySet`` (or its own subclass of it), so
    bulk changes are refused too; vawg/core/tests/test_models.py checks every one.
    """

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError(f"{type(self).__name__} rows cannot be deleted.")


class StateChange(ImmutableModel):
    """One change of a record's state: the subclass adds the record and its ``state`` field; this adds
    why, and who made it (a member of staff, or the system job named in ``system_job``)."""

    reason = models.TextField(blank=True)
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True
