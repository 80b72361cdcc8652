"""Access-matrix entries for the case list's CSV download (docs/access-control.md, ``cases.export_cases``)."""

from __future__ import annotations

from vawg.core.tests.matrix import Rule

# Holders of cases.export_cases: IDVAs and MARAC coordinators. Everyone else gets 403; nobody else is audited.
EXPORTERS = frozenset({"idva_a", "marac_coordinator"})

WEB = {
    "cases:case_list_export": Rule(allowed=EXPORTERS, audited="cases.case_list.export"),
}
