"""Normalising people's identifying fields before they are compared (docs/identity-resolution.md).

Every function takes and returns pandas objects and touches no database: the same code serves the
``link_people`` command, the links found after a police import, the tests and the benchmarks.
"""

from __future__ import annotations

import re

import pandas as pd

from vawg.intelligence.linkage.config import NICKNAMES

INPUT_COLUMNS = ("record_id", "given_name", "family_name", "date_of_birth", "postcode", "phone")
_ISO_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


def _blank_to_none(series: pd.Series) -> pd.Series:
    text = series.astype("string").str.strip()
    return text.mask(text.isna() | (text == ""), None)


def letters(series: pd.Series) -> pd.Series:
    """Lower case ASCII letters and spaces only: accents folded (é -> e), punctuation dropped, runs of
    spaces made one."""
    text = _blank_to_none(series).str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    text = text.str.lower().str.replace(r"[^a-z ]", "", regex=True).str.replace(r"\s+", " ", regex=True).str.strip()
    return text.mask(text.isna() | (text == ""), None)


def given_names(series: pd.Series) -> pd.Series:
    """The first given name (a second one is often left out by one agency)."""
    return letters(series.astype("string").str.replace("-", " ", regex=False)).str.split(" ").str[0]


def family_names(series: pd.Series) -> pd.Series:
    """The family name without spaces, hyphens or apostrophes ("O'Brien-Smith" -> "obriensmith")."""
    text = letters(series).str.replace(" ", "", regex=False)
    return text.mask(text == "", None)


def canonical_given_names(given: pd.Series) -> pd.Series:
    """The canonical names each given name may stand for (nickname table), as a list; itself when the
    name is not in the table."""
    return given.map(lambda name: list(NICKNAMES.get(name, (name,))) if isinstance(name, str) else None)


def postcodes(series: pd.Series) -> pd.Series:
    """Upper case with no spaces ("al1 1aa" -> "AL11AA")."""
    text = _blank_to_none(series).str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
    return text.mask(text == "", None)


def postcode_district(postcode: pd.Series) -> pd.Series:
    """The outward code (all but the last three characters) of a UK-shaped postcode: "AL11AA" -> "AL1"."""
    shaped = postcode.str.len().between(5, 7)
    return postcode.str[:-3].where(shaped, None)


def postcode_sector(postcode: pd.Series) -> pd.Series:
    """The outward code and the first character of the inward code: "AL11AA" -> "AL11"."""
    shaped = postcode.str.len().between(5, 7)
    return postcode.str[:-2].where(shaped, None)


def phones(series: pd.Series) -> pd.Series:
    """Digits only, with the UK country code (+44, 0044, 44 before ten digits) written as a leading 0."""
    text = _blank_to_none(series).str.replace("(0)", "", regex=False).str.replace(r"[^0-9+]", "", regex=True)
    text = text.str.replace(r"^(\+44|0044)", "0", regex=True).str.replace("+", "", regex=False)
    text = text.where(~(text.str.startswith("44") & (text.str.len() == 12)), "0" + text.str[2:])
    return text.mask(text == "", None)


def dates(series: pd.Series) -> pd.Series:
    """ISO dates (YYYY-MM-DD) from YYYY-MM-DD or YYYYMMDD; anything else becomes missing (the command
    refuses a file with a bad date before it gets here)."""
    parts = _blank_to_none(series).str.extract(_ISO_DATE)
    iso = parts[0] + "-" + parts[1] + "-" + parts[2]
    return iso.mask(iso.isna(), None)


def swapped_dates(iso: pd.Series) -> pd.Series:
    """The date with day and month exchanged, when that is also a month (day 1 to 12, not equal to it)."""
    year, month, day = iso.str[:4], iso.str[5:7], iso.str[8:10]
    day_number = pd.to_numeric(day, errors="coerce")
    ok = iso.notna() & day_number.between(1, 12) & (day != month)
    return (year + "-" + day + "-" + month).where(ok, None)


def normalise(records: pd.DataFrame) -> pd.DataFrame:
    """The columns the model compares, from the input columns (``INPUT_COLUMNS``). ``unique_id`` is the
    record id as text."""
    out = pd.DataFrame({"unique_id": records["record_id"].astype("string").str.strip()})
    out["given_name"] = given_names(records["given_name"])
    canons = canonical_given_names(out["given_name"])
    out["given_canons"] = canons
    out["given_canon"] = canons.map(lambda names: names[0] if isinstance(names, list) else None)
    # The initial of the canonical name, so that Bob and Robert, or Kate and Catherine, block together.
    out["given_initial"] = out["given_canon"].str[:1]
    out["family_name"] = family_names(records["family_name"])
    out["family_initial"] = out["family_name"].str[:1]
    out["dob"] = dates(records["date_of_birth"])
    out["dob_swapped"] = swapped_dates(out["dob"])
    out["dob_year"] = out["dob"].str[:4]
    out["postcode"] = postcodes(records["postcode"])
    out["postcode_sector"] = postcode_sector(out["postcode"])
    out["postcode_district"] = postcode_district(out["postcode"])
    out["phone"] = phones(records["phone"])
    text_columns = [column for column in out.columns if column != "given_canons"]
    out[text_columns] = out[text_columns].astype(object).where(out[text_columns].notna(), None)
    return out
