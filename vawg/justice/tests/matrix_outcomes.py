"""Access-matrix entries for crime outcomes: the attrition funnel page, its CSV download and its API operation
(docs/access-control.md: justice.view_attrition, held by analysts, board members, commissioners and police)."""

from __future__ import annotations

from vawg.core.tests.matrix import Rule

ATTRITION = frozenset({"analyst", "board_member", "commissioner", "police_b"})

WEB = {
    "justice:attrition_detail": Rule(allowed=ATTRITION),
    "justice:attrition_download": Rule(allowed=ATTRITION, audited="justice.attrition.download"),
}

API = {
    "GET /api/v1/justice/attrition": Rule(allowed=ATTRITION),
}
