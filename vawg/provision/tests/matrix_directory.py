"""Access-matrix entries for the service directory on staff pages (docs/access-control.md, docs/service-directory.md).

Everyone on the staff service sees the directory (provision.view_directory); casework roles and system
administrators keep entries (provision.keep_services), but only their own agency's (an administrator any
agency's): a keeper at another agency gets 403 on agency A's entry. Only a system administrator
(referrals.change_routingrule) chooses the routing rules that name a service.
"""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import ADMIN_ONLY, CASEWORK, STAFF, Rule

KEEPERS = CASEWORK | ADMIN_ONLY
KEEPERS_OF_A = frozenset({"idva_a", "admin"})


def _service_of_a(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.provision.tests.factories import ServiceFactory

    return {"service_id": ServiceFactory(organisation=ctx["agencies"].a).pk}


WEB: dict[str, Rule] = {
    "directory:service_list": Rule(allowed=STAFF),
    "directory:service_list_mine": Rule(allowed=KEEPERS),
    "directory:service_create": Rule(allowed=KEEPERS),
    "directory:service_detail": Rule(allowed=STAFF, kwargs=_service_of_a),
    "directory:service_change": Rule(allowed=KEEPERS_OF_A, kwargs=_service_of_a),
    "directory:service_check": Rule(
        allowed=KEEPERS_OF_A, method="POST", kwargs=_service_of_a, audited="provision.service.check"
    ),
    "directory:service_routing_rules_set": Rule(allowed=ADMIN_ONLY, kwargs=_service_of_a),
}
API: dict[str, Rule] = {}
