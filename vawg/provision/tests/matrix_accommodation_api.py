"""Access-matrix entries for the safe accommodation API (vawg/provision/api/accommodation.py and match.py).

Those who find places (provision.request_accommodation: IDVA, housing officer, social worker) and those who
keep them (provision.keep_units: accommodation manager) may call the matcher and list what they may see
(docs/access-control.md); everyone else gets 403. Reserving needs a request on a case the caller may see:
only agency A's IDVA sees the matrix case, so everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import Rule

FINDERS = frozenset({"idva_a", "outsider_c", "social_worker"})
KEEPERS = frozenset({"accommodation_manager"})

MATCH_BODY: dict[str, Any] = {
    "on": "2026-12-05",
    "household": {"adults": 1, "children": [], "survivor_age": 34, "survivor_gender": "female"},
    "needs": {"wheelchair": False, "pets": False, "nrpf": False},
    "units": [
        {
            "id": "u1",
            "district": "stevenage",
            "available_from": "2026-12-01",
            "max_household": 2,
            "max_children": 1,
            "boys_max_age": None,
            "genders": ["female"],
            "min_age": 18,
            "wheelchair": False,
            "pets": False,
            "nrpf_accepted": False,
        }
    ],
}

WEB: dict[str, Rule] = {}

API: dict[str, Rule] = {
    "POST /api/v1/accommodation/match": Rule(allowed=FINDERS | KEEPERS, method="POST", data=MATCH_BODY),
}
