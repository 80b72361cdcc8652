"""Access-matrix entries for the SafeLives return, its downloads and API, and the benchmark dashboard."""

from __future__ import annotations

from vawg.core.tests.matrix import Rule

RETURN = frozenset({"marac_coordinator", "analyst"})
AGGREGATES = frozenset({"marac_coordinator", "analyst", "board_member", "admin", "commissioner"})

WEB = {
    "marac:return_detail": Rule(allowed=RETURN),
    "marac:return_download": Rule(
        allowed=RETURN, kwargs=lambda ctx: {"file_format": "csv"}, audited="marac.return.download"
    ),
    "marac:dashboard_detail": Rule(allowed=AGGREGATES),
}

API = {
    "GET /api/v1/marac/returns": Rule(allowed=RETURN),
}
