"""``manage.py rotate_keys [--batch-size N]``: re-encrypt every encrypted value under the active key.

Finds every EncryptedTextField in every installed model. For each model it reads
the rows that hold a value under another key, in primary-key order and in
batches; each batch is its own transaction, and a value is written back only if
it is still the one that was read (a concurrent edit wins). Values already under
the active key are skipped, so a run that stops halfway is finished by running it
again. Prints counts per model and writes one audit entry per model it changed.
Remove an old key only after a run reports nothing left to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction

from vawg.audit.services import audit_record
from vawg.core import crypto
from vawg.core.fields import EncryptedTextField

JOB = "rotate_keys"


@dataclass
class ModelRotation:
    label: str
    rotated: int = 0  # values re-encrypted
    failed: int = 0  # values that did not decrypt (left as they are)
    changed_meanwhile: int = 0  # values edited by someone else during the run (already re-encrypted by that edit)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]


def models_with_encrypted_fields() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = encrypted_fields(model)
        if fields:
            found.append((model, fields))
    return sorted(found, key=lambda pair: pair[0]._meta.label)


def _needs_rotation(fields: list[EncryptedTextField], active: str) -> models.Q:
    done = f"{crypto.PREFIX}:{active}:"
    query = models.Q()
    for field in fields:
        has_value = ~models.Q(**{f"{field.attname}__isnull": True}) & ~models.Q(**{field.attname: ""})
        query |= has_value & ~models.Q(**{f"{field.attname}__startswith": done})
    return query


def _rotate_row(
    model: type[models.Model],
    fields: list[EncryptedTextField],
    pk: Any,
    stored: dict[str, str | None],
    ring: crypto.Keyring,
    result: ModelRotation,
) -> None:
    table = model._meta.db_table
    canonical_pk = model._meta.pk.to_python(pk)
    for field in fields:
        value = stored[field.attname]
        if not value or value.startswith(f"{crypto.PREFIX}:{ring.active}:"):
            continue
        aad = crypto.associated_data(table, canonical_pk, cast(str, field.column))
        try:
            plaintext = crypto.decrypt(value, aad=aad, ring=ring)
        except crypto.DecryptionError:
            result.failed += 1
            continue
        sealed = crypto.encrypt(plaintext, aad=aad, ring=ring)
        # Compare-and-set: only if the row still holds what was read. update() keeps updated_at as it was.
        written = model._base_manager.filter(pk=pk, **{field.attname: value}).update(**{field.attname: sealed})
        if written:
            result.rotated += 1
        else:
            result.changed_meanwhile += 1


def rotate_model(
    model: type[models.Model], fields: list[EncryptedTextField], *, batch_size: int, ring: crypto.Keyring
) -> ModelRotation:
    result = ModelRotation(label=model._meta.label)
    attnames = [field.attname for field in fields]
    pending = model._base_manager.filter(_needs_rotation(fields, ring.active)).order_by("pk")
    last_pk: Any = None
    while True:
        batch = pending if last_pk is None else pending.filter(pk__gt=last_pk)
        rows = list(batch.values_list("pk", *attnames)[:batch_size])
        if not rows:
            break
        with transaction.atomic():
            for pk, *values in rows:
                _rotate_row(model, fields, pk, dict(zip(attnames, values, strict=True)), ring, result)
        last_pk = rows[-1][0]
    return result


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field value that is not under the active key (resumable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size: int = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        ring = crypto.keyring()
        self.stdout.write(f"Active key: {ring.active}")
        failed = 0
        for model, fields in models_with_encrypted_fields():
            result = rotate_model(model, fields, batch_size=batch_size, ring=ring)
            failed += result.failed
            self.stdout.write(
                f"{result.label}: {result.rotated} re-encrypted, {result.failed} could not be decrypted, "
                f"{result.changed_meanwhile} changed during the run"
            )
            audit_record(
                action="audit.field_key.rotate",
                system_job=JOB,
                object_type=model._meta.label_lower,
                details={
                    "active_key": ring.active,
                    "fields": [field.name for field in fields],
                    "rotated": result.rotated,
                    "failed": result.failed,
                    "changed_meanwhile": result.changed_meanwhile,
                },
            )
        if failed:
            raise CommandError(
                f"{failed} values could not be decrypted with the configured keys and were left as they are. "
                "Keep the old keys until they are resolved."
            )
        self.stdout.write("Done: every encrypted value is under the active key.")
