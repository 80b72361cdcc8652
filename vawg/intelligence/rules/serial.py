"""The serial flag (docs/people-causing-harm.md#serial): a pure function, no database.

A person causing harm is serial when, in the window of ``window_days`` days up to and including the
day assessed (0 to ``window_days - 1`` days before it), they are recorded as causing harm to at least
``minimum_victims`` different victims, counting only encounters where the victim (and, when known, the
person causing harm) was aged ``minimum_age`` or over on the day.

This is Northumbria Police's working definition, used by MATAC: "listed as suspect or offender on more
than one domestic abuse incident or record, crimed or not, against two or more different victims,
partners, ex-partners and family, aged 16 or over, within the last 3 years" (Sunderland Safeguarding
Adults Board, MATAC procedure). Same window as the RFG ranking's serial column.

An unknown age counts as 16 or over: the records the encounters come from are domestic abuse records,
which by definition (Domestic Abuse Act 2021, section 1) are about people aged 16 or over, and leaving
them out would hide exactly the people whose details were least well recorded. A known age under 16 on
the day leaves the encounter out.

Victims are compared by identity: the caller passes each victim as its identity cluster's
representative, so two Person records of one human (linked) are one victim.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SerialParameters:
    """One version of the rule's parameters; a change is a new version, never an edit."""

    version: str
    window_days: int
    minimum_victims: int
    minimum_age: int
    source: str


SERIAL_V1 = SerialParameters(
    version="2026.1",
    window_days=1_095,
    minimum_victims=2,
    minimum_age=16,
    source=(
        "Northumbria Police working definition used by MATAC, as given in the Sunderland Safeguarding "
        "Adults Board MATAC procedure; ages as in the Domestic Abuse Act 2021, section 1"
    ),
)
SERIAL_PARAMETERS = SERIAL_V1  # the version in force


@dataclass(frozen=True)
class Encounter:
    """One record of harm: the victim (their identity cluster's representative), the day, and the ages
    of the victim and of the person causing harm on that day (None: not known)."""

    victim: Hashable
    on: date
    victim_age: int | None = None
    harmer_age: int | None = None


@dataclass(frozen=True)
class SerialResult:
    is_serial: bool
    victims: int  # distinct victims counted in the window
    encounters: int  # encounters counted in the window
    version: str


def in_window(day: date, *, on: date, parameters: SerialParameters = SERIAL_PARAMETERS) -> bool:
    """Whether ``day`` is 0 to ``window_days - 1`` days before ``on`` (a day after ``on`` is not)."""
    return 0 <= (on - day).days < parameters.window_days


def counts(encounter: Encounter, *, on: date, parameters: SerialParameters = SERIAL_PARAMETERS) -> bool:
    """Whether ``encounter`` counts towards the flag assessed on ``on``."""
    if not in_window(encounter.on, on=on, parameters=parameters):
        return False
    return all(age is None or age >= parameters.minimum_age for age in (encounter.victim_age, encounter.harmer_age))


def serial_assessment(
    encounters: Iterable[Encounter], *, on: date, parameters: SerialParameters = SERIAL_PARAMETERS
) -> SerialResult:
    """The flag as of ``on``, with its basis as counts."""
    counted = [encounter for encounter in encounters if counts(encounter, on=on, parameters=parameters)]
    victims = len({encounter.victim for encounter in counted})
    return SerialResult(
        is_serial=victims >= parameters.minimum_victims,
        victims=victims,
        encounters=len(counted),
        version=parameters.version,
    )


def age_on(born: date | None, day: date) -> int | None:
    """Age in whole years on ``day`` (None when the date of birth is not known)."""
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
