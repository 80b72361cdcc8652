"""Shared model bases."""

from __future__ import annotations

import uuid

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
