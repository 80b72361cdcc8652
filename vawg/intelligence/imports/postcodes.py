"""UK postcodes: the shape only (outward code, space, inward code), never whether the postcode exists.

Messages about a postcode never repeat it: it is where someone lives.
"""

from __future__ import annotations

import re

# Outward: A9, A99, AA9, AA99, A9A, AA9A; inward: 9AA. Plus GIR 0AA.
_SHAPE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)([0-9][A-Z]{2})$")


def postcode_normalise(text: str) -> str | None:
    """``text`` as a stored postcode (capitals, one space before the inward code), or None when it does
    not have the shape of a UK postcode. Spaces anywhere and any case are accepted."""
    compact = "".join(text.split()).upper()
    if not _SHAPE.match(compact):
        return None
    if compact.startswith("GIR") and compact != "GIR0AA":
        return None
    return f"{compact[:-3]} {compact[-3:]}"
