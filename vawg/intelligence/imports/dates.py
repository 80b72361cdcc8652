"""Dates as UK extracts write them: always day first, never month first, and four-digit years only.

Accepted: ``05/03/2025``, ``5/3/2025``, ``05-03-2025``, ``05.03.2025``, ``2025-03-05``, ``5 March 2025``,
``05 Mar 2025`` (month names in English, any case; ``Sept`` too). Anything else, a two-digit year, or a
day and month that make no real date (``03/25/2025`` read day first) is refused with a plain message.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

# Day first with one separator used twice; the year must be last and have four digits.
_DAY_FIRST = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d+)$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d+)$")

FORMAT_HINT = "for example 05/03/2025, 2025-03-05 or 5 March 2025"
UNREADABLE = f"Enter the date as day, month and year ({FORMAT_HINT})"
SHORT_YEAR = "Write the year with 4 digits"
NOT_REAL = "The date is not a real date: dates are read day first (DD/MM/YYYY), never month first"
UNKNOWN_MONTH = "The month is not a month name (write it in full or as its first three letters)"


class DateError(ValueError):
    """The text is not a date this import accepts; ``str()`` says why in plain words."""


def parse_uk_date(text: str) -> date:
    """The date ``text`` writes (surrounding spaces and repeated inner spaces ignored), or ``DateError``."""
    value = " ".join(text.split())
    if match := _ISO.match(value):
        year, month, day = match.groups()
    elif match := _DAY_FIRST.match(value):
        day, _, month, year = match.groups()
    elif match := _WORDS.match(value):
        day, month_name, year = match.groups()
        number = MONTHS.get(month_name.lower())
        if number is None:
            raise DateError(UNKNOWN_MONTH)
        month = str(number)
    else:
        raise DateError(UNREADABLE)
    if len(year) != 4:
        raise DateError(SHORT_YEAR if len(year) <= 2 else UNREADABLE)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise DateError(NOT_REAL) from None
