"""Assessing the serial flag (docs/people-causing-harm.md#serial): recompute ``is_serial`` from the
encounters of each person causing harm (vawg/intelligence/rules/serial.py), and audit every flag that
changes.

The flag depends on the day (encounters leave the window), so ``manage.py serial_assess`` runs it for
every record daily; adding a person causing harm to a case, importing police data and deciding an
identity link call it for the records they touch.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.intelligence.models import PersonCausingHarm
from vawg.intelligence.rules.serial import SERIAL_PARAMETERS, serial_assessment
from vawg.intelligence.selectors.harm import serial_encounters

BATCH = 500


def serial_assess(
    *,
    people_causing_harm: Iterable[PersonCausingHarm] | None = None,
    on: date | None = None,
    by: User | None = None,
    system_job: str = "serial_assess",
) -> int:
    """Recompute the serial flag of ``people_causing_harm`` (None: every record) as of ``on`` (today when
    None). Sets ``serial_assessed_at`` on each; writes one audit entry for each flag that changes
    (``intelligence.serial_flag.set`` or ``.clear``, with the counts and the rule's version); returns how
    many changed. ``by`` acts when given, else ``system_job``."""
    if by is None and not system_job:
        raise ValueError("Give an acting user (by=) or a system job (system_job=).")
    day = on or timezone.localdate()
    if people_causing_harm is None:
        ids = list(PersonCausingHarm.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted({record.pk for record in people_causing_harm})
    changed = 0
    for start in range(0, len(ids), BATCH):
        changed += _assess_batch(ids[start : start + BATCH], on=day, by=by, system_job=system_job)
    return changed


@transaction.atomic
def _assess_batch(ids: list[UUID], *, on: date, by: User | None, system_job: str) -> int:
    records = list(PersonCausingHarm.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    encounters = serial_encounters(records)
    now = timezone.now()
    flips: dict[bool, list[UUID]] = {True: [], False: []}
    for record in records:
        result = serial_assessment(encounters[record.pk], on=on, parameters=SERIAL_PARAMETERS)
        if record.is_serial == result.is_serial:
            continue
        flips[result.is_serial].append(record.pk)
        record.is_serial = result.is_serial
        audit_record(
            action="intelligence.serial_flag.set" if result.is_serial else "intelligence.serial_flag.clear",
            by=by,
            system_job="" if by is not None else system_job,
            obj=record,
            details={
                "on": on.isoformat(),
                "victims": result.victims,
                "encounters": result.encounters,
                "rule_version": result.version,
            },
        )
    # Denormalised fields (editable=False) written in bulk: three queries a batch, not one a record.
    PersonCausingHarm.objects.filter(pk__in=ids).update(serial_assessed_at=now)
    for flag, flipped in flips.items():
        if flipped:
            PersonCausingHarm.objects.filter(pk__in=flipped).update(is_serial=flag)
    return len(flips[True]) + len(flips[False])
