"""Access-matrix entries for the public finder and the Open Referral UK feed: everyone, signed in or not."""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import EVERYONE, Rule


def _listed_service(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.provision.tests.factories import ServiceFactory

    return {"id": str(ServiceFactory(name="Matrix listed service").pk)}


WEB = {"find_support:service_find": Rule(allowed=EVERYONE)}

API = {
    "GET /api/v1/openreferral/": Rule(allowed=EVERYONE),
    "GET /api/v1/openreferral/services": Rule(allowed=EVERYONE),
    "GET /api/v1/openreferral/services/{id}": Rule(allowed=EVERYONE, kwargs=_listed_service),
    "GET /api/v1/openreferral/taxonomy_terms": Rule(allowed=EVERYONE),
}
