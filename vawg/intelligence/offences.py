"""The offence codes a police extract may carry: versioned configuration, plain data.

UNCONFIRMED. This table is a starting point, not a force's code list. Where a code below is a Home
Office Counting Rules classification (``1``, ``2``, ``3B``, ``5D``, ``8L``, ``8N``, ``8Q``, ``8R``,
``8U``, ``19C``, ``20A``, ``58A``, ``105A``) it is given as we understand the published
classification; the codes starting ``L-`` are local placeholders for offences the classification
does not separate (it counts GBH without intent and ABH together under assault with injury, for
example) or that are not notifiable crimes (the breach of a domestic violence protection order is a
civil matter). A partnership replaces this table with its force's own code list before importing real
data, and raises ``OFFENCES_VERSION`` when it does (docs/police-import.md says how).

``NON_CRIME`` is the code an incident that is not a crime carries; it is not in ``OFFENCES``.
"""

from __future__ import annotations

from dataclasses import dataclass

OFFENCES_VERSION = "2025.1-unconfirmed"

NON_CRIME = "NC"

# The short categories an offence falls in (other parts group and weigh by these).
VIOLENCE = "violence"
SEXUAL = "sexual"
STALKING_AND_HARASSMENT = "stalking and harassment"
COERCIVE_CONTROL = "controlling or coercive behaviour"
THREATS = "threats"
CRIMINAL_DAMAGE = "criminal damage"
BREACH_OF_ORDER = "breach of order"
OTHER = "other"

CATEGORIES: tuple[str, ...] = (
    VIOLENCE,
    SEXUAL,
    STALKING_AND_HARASSMENT,
    COERCIVE_CONTROL,
    THREATS,
    CRIMINAL_DAMAGE,
    BREACH_OF_ORDER,
    OTHER,
)


@dataclass(frozen=True)
class Offence:
    """One offence of the configured list: its code as the force writes it, a label and a category."""

    code: str
    label: str
    category: str


_TABLE: tuple[Offence, ...] = (
    Offence("1", "Murder", VIOLENCE),
    Offence("2", "Attempted murder", VIOLENCE),
    Offence("5D", "Assault with intent to cause serious harm (GBH with intent)", VIOLENCE),
    Offence("L-GBH", "Grievous bodily harm or wounding without intent", VIOLENCE),
    Offence("8N", "Assault with injury (actual bodily harm)", VIOLENCE),
    Offence("105A", "Assault without injury (common assault)", VIOLENCE),
    Offence("L-NFS", "Non-fatal strangulation or suffocation", VIOLENCE),
    Offence("19C", "Rape of a female aged 16 and over", SEXUAL),
    Offence("L-RAPE", "Rape (other)", SEXUAL),
    Offence("20A", "Sexual assault on a female aged 13 and over", SEXUAL),
    Offence("L-SEXA", "Sexual assault (other)", SEXUAL),
    Offence("L-PSI", "Disclosing private sexual photographs or films", SEXUAL),
    Offence("8U", "Controlling or coercive behaviour", COERCIVE_CONTROL),
    Offence("8Q", "Stalking", STALKING_AND_HARASSMENT),
    Offence("L-STFV", "Stalking involving fear of violence or serious alarm or distress", STALKING_AND_HARASSMENT),
    Offence("8L", "Harassment", STALKING_AND_HARASSMENT),
    Offence("L-PFV", "Putting people in fear of violence", STALKING_AND_HARASSMENT),
    Offence("8R", "Malicious communications", STALKING_AND_HARASSMENT),
    Offence("3B", "Threats to kill", THREATS),
    Offence("L-THR", "Threatening behaviour (fear or provocation of violence)", THREATS),
    Offence("58A", "Criminal damage to a dwelling", CRIMINAL_DAMAGE),
    Offence("L-CDO", "Criminal damage (other)", CRIMINAL_DAMAGE),
    Offence("L-ARS", "Arson", CRIMINAL_DAMAGE),
    Offence("L-BNMO", "Breach of a non-molestation order", BREACH_OF_ORDER),
    Offence("L-BRO", "Breach of a restraining order", BREACH_OF_ORDER),
    Offence("L-BDVPO", "Breach of a domestic violence protection order", BREACH_OF_ORDER),
    Offence("L-BSHPO", "Breach of a stalking protection order", BREACH_OF_ORDER),
    Offence("L-BURG", "Burglary of a dwelling", OTHER),
    Offence("L-CHILD", "Cruelty to or neglect of a child", OTHER),
    Offence("L-KIDN", "False imprisonment or kidnapping", OTHER),
)

OFFENCES: dict[str, Offence] = {offence.code: offence for offence in _TABLE}
