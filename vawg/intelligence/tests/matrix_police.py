"""Access-matrix entries for police data (docs/access-control.md: intelligence.import_police_data, held by
the police role, for its own force only). The import page is a function page (403 to others); one import
is a record of agency B's (404 to anyone who may not import for that force)."""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import Rule

IMPORTERS = frozenset({"police_b"})


def import_of_b(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.intelligence.tests.factories import PoliceImportFactory

    return {"police_import_id": PoliceImportFactory(organisation=ctx["agencies"].b).pk}


WEB = {
    "police:police_import_list": Rule(allowed=IMPORTERS),
    "police:police_import_detail": Rule(allowed=IMPORTERS, kwargs=import_of_b),
}

API: dict[str, Rule] = {}
