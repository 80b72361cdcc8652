"""What the people-causing-harm pages show: list rows, the record's summary, its cases, victims,
incidents and score, its access, and the serial flag beside the person wherever they appear.

Never an address, postcode, phone number or email: no presenter here reads those fields.
"""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from vawg.intelligence.selectors.harm import serial_person_ids
from vawg.people.presenters import Flag

SERIAL_FLAG_TEXT = "Serial: 2 or more victims in 3 years"


def serial_person_flags(person_ids: Collection[UUID]) -> dict[UUID, list[Flag]]:
    """people's PERSON_FLAGS source: a person whose record (or a record linked to theirs) is serial. One
    query. The flag says only that; never the victims, the incidents or where they come from."""
    return {person_id: [Flag(SERIAL_FLAG_TEXT, "red")] for person_id in serial_person_ids(person_ids)}
