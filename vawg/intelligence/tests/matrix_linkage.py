"""Access-matrix entries for the identity-link review queue (docs/identity-resolution.md#review,
docs/access-control.md: intelligence.review_links, held by the police role). The matrix pair has one side
in agency B's police data, so police_b reviews it; everyone else is refused (403 for the queue, 403 or
404 for a pair)."""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import Rule

REVIEWERS = frozenset({"police_b"})


def pair_of_b(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.intelligence.models import ForceReference
    from vawg.intelligence.tests.factories import IdentityLinkFactory

    link = IdentityLinkFactory()
    ForceReference.objects.create(person=link.left, organisation=ctx["agencies"].b, reference="MATRIX-1")
    return {"identity_link_id": link.pk}


WEB = {
    "linkage:identity_link_list": Rule(allowed=REVIEWERS),
    "linkage:identity_link_detail": Rule(
        allowed=REVIEWERS, kwargs=pair_of_b, audited="intelligence.identity_link.view"
    ),
    "linkage:identity_link_decide": Rule(allowed=REVIEWERS, kwargs=pair_of_b),
}

API: dict[str, Rule] = {}
