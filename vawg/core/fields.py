"""EncryptedTextField: a text field stored with AES-GCM (see vawg/core/crypto.py).

The database holds ciphertext only. On the model instance the attribute reads
and writes plaintext; decryption happens on first read, with the row's table,
primary key and field name as associated data. Encrypted fields cannot be
filtered or ordered on, by design. The model's primary key must be set before
the first save (BaseModel's UUID is).
"""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from vawg.core import crypto


class Sealed(str):
    """Ciphertext as loaded from the database, not yet decrypted."""

    __slots__ = ()


class _EncryptedDescriptor(DeferredAttribute):
    """Reads decrypt (once per instance); a deferred value is loaded first, as for any field."""

    field: EncryptedTextField

    def __get__(self, instance: models.Model | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, owner)
        if isinstance(value, Sealed):
            value = crypto.decrypt(str(value), aad=self.field.aad_for(instance))
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Location-critical text (addresses, safe phone numbers, safe emails)."""

    description = "Text encrypted at rest with AES-GCM"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    descriptor_class = _EncryptedDescriptor

    def aad_for(self, instance: models.Model) -> bytes:
        if instance.pk is None:
            raise ValueError(f"{type(instance).__name__} needs a primary key before {self.name} is encrypted.")
        # The canonical form of the key (a UUID given as a string is the same row as the UUID itself).
        pk = instance._meta.pk.to_python(instance.pk)
        return crypto.associated_data(instance._meta.db_table, pk, cast(str, self.column))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return Sealed(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        if self.attname not in model_instance.__dict__:
            model_instance.refresh_from_db(fields=[self.attname])  # deferred: keep what is stored
        value = model_instance.__dict__.get(self.attname)
        if value is None or value == "":
            return value
        if isinstance(value, Sealed):
            # A row may only hold ciphertext sealed for it: a copied instance's value, or one pasted
            # from another row (e.g. through loaddata), is not. One AES-GCM check per save.
            try:
                crypto.decrypt(str(value), aad=self.aad_for(model_instance))
            except crypto.DecryptionError as exc:
                raise crypto.DecryptionError(
                    f"{self.name} holds a value sealed for another row; assign its plaintext before saving."
                ) from exc
            return str(value)
        return crypto.encrypt(str(value), aad=self.aad_for(model_instance))

    def value_to_string(self, obj: models.Model) -> str:
        """Serialisers (dumpdata) get ciphertext, never plaintext (docs/security.md#s-41)."""
        value = obj.__dict__.get(self.attname) if self.attname in obj.__dict__ else None
        if value is None and self.attname not in obj.__dict__:
            obj.refresh_from_db(fields=[self.attname])
            value = obj.__dict__.get(self.attname)
        if value is None or value == "":
            return "" if value is None else value
        if isinstance(value, Sealed):
            return str(value)
        return crypto.encrypt(str(value), aad=self.aad_for(obj))

    def get_prep_value(self, value: Any) -> Any:
        # Values reaching here were sealed by pre_save; lookups on plaintext are refused.
        if value in (None, "") or isinstance(value, Sealed) or str(value).startswith(crypto.PREFIX + ":"):
            return value if value is None else str(value)
        raise TypeError(
            "Encrypted fields hold only ciphertext sealed by the model's save(): they cannot be used in "
            "lookups, and raw saves (such as loaddata) of plaintext are refused."
        )

    def stored_value(self, instance: models.Model) -> str | None:
        """The ciphertext currently held for this instance (None if it was changed in memory)."""
        value = instance.__dict__.get(self.attname)
        return str(value) if isinstance(value, Sealed) else None
