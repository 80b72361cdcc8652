"""Reads of identity links: clusters of Person records judged to be the same person
(docs/identity-resolution.md). A link never merges records; a cluster is only a grouping."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db.models import Q

from vawg.intelligence.models import IdentityLink, LinkState

# The states in which two records count as the same person.
SAME_PERSON = (LinkState.LINKED, LinkState.ACCEPTED)


def _find(parent: dict[UUID, UUID], node: UUID) -> UUID:
    root = node
    while parent[root] != root:
        root = parent[root]
    while parent[node] != root:  # path compression
        parent[node], node = root, parent[node]
    return root


def person_clusters(person_ids: Iterable[UUID]) -> dict[UUID, UUID]:
    """Each given Person id mapped to its cluster's representative: the smallest id in its connected
    component over identity links that are linked or accepted. An id with no such link maps to itself.

    Walks the links outward from the given ids until no new id appears, so a chain a-b-c puts a and c
    in one cluster even when only a is asked about.
    """
    wanted = {UUID(str(pid)) for pid in person_ids}
    parent: dict[UUID, UUID] = {pid: pid for pid in wanted}
    frontier = set(wanted)
    seen_links: set[UUID] = set()
    while frontier:
        batch = list(frontier)
        frontier = set()
        for start in range(0, len(batch), 500):  # keep each IN list a reasonable size
            chunk = batch[start : start + 500]
            rows = (
                IdentityLink.objects.filter(current_state__in=SAME_PERSON)
                .filter(Q(left_id__in=chunk) | Q(right_id__in=chunk))
                .values_list("id", "left_id", "right_id")
            )
            for link_id, left, right in rows:
                if link_id in seen_links:
                    continue
                seen_links.add(link_id)
                for node in (left, right):
                    if node not in parent:
                        parent[node] = node
                        frontier.add(node)
                a, b = _find(parent, left), _find(parent, right)
                if a != b:
                    # The smaller id is the root, so the representative is the smallest id in the cluster.
                    parent[max(a, b)] = min(a, b)
    return {pid: _find(parent, pid) for pid in wanted}
