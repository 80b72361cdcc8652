"""Access-matrix entries for commissioning: the coverage-gap matrix and the Part 4 return, its downloads and
its API operation (docs/access-control.md: provision.view_gaps and provision.view_part4_return)."""

from __future__ import annotations

from vawg.core.tests.matrix import Rule

GAPS = frozenset({"commissioner", "analyst", "board_member", "admin"})
PART4 = frozenset({"commissioner", "analyst"})

WEB = {
    "commissioning:gap_matrix_detail": Rule(allowed=GAPS),
    "commissioning:gap_matrix_download": Rule(
        allowed=GAPS, kwargs=lambda ctx: {"file_format": "csv"}, audited="provision.gap_matrix.download"
    ),
    "commissioning:part4_return_detail": Rule(allowed=PART4),
    "commissioning:part4_return_download": Rule(
        allowed=PART4, kwargs=lambda ctx: {"file_format": "xlsx"}, audited="provision.part4_return.download"
    ),
}

API = {
    "GET /api/v1/accommodation/part4-return": Rule(allowed=PART4),
}
