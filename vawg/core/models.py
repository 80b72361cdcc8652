"""Shared model bases: every record's id and times, and rows that are written once."""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

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
