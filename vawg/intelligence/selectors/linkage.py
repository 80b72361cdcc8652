"""Reads of identity links (docs/identity-resolution.md): clusters of Person records judged to be the same
person, and the pairs a reviewer may see. A link never merges records; a cluster is only a grouping."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from vawg.accounts.models import Membership, User
from vawg.accounts.roles import holders_of
from vawg.audit.services import audit_read
from vawg.cases.models import Case
from vawg.intelligence.config import REVIEW_LINKS
from vawg.intelligence.models import ForceReference, IdentityLink, LinkState
from vawg.people.models import PersonAlias

# The states in which two records count as the same person.
SAME_PERSON = (LinkState.LINKED, LinkState.ACCEPTED)


def _find(parent: dict[UUID, UUID], node: UUID) -> UUID:
    root = node
    while parent[root] != root:
        root = parent[root]
    while parent[node] != root:  # path compression
        parent[node], node = root, parent[node]
    return root


def _components(person_ids: Iterable[UUID]) -> tuple[set[UUID], dict[UUID, UUID]]:
    """The given ids, and every id joined to them by linked or accepted links, with each one's parent in a
    union-find whose roots are the smallest id of their component."""
    wanted = {UUID(str(pid)) for pid in person_ids}
    parent: dict[UUID, UUID] = {pid: pid for pid in wanted}
    frontier = set(wanted)
    seen_links: set[UUID] = set()
    while frontier:
        batch = sorted(frontier)
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
    return wanted, parent


def person_clusters(person_ids: Iterable[UUID]) -> dict[UUID, UUID]:
    """Each given Person id mapped to its cluster's representative: the smallest id in its connected
    component over identity links that are linked or accepted. An id with no such link maps to itself.

    Walks the links outward from the given ids until no new id appears, so a chain a-b-c puts a and c
    in one cluster even when only a is asked about.
    """
    wanted, parent = _components(person_ids)
    return {pid: _find(parent, pid) for pid in wanted}


def cluster_members(person_ids: Iterable[UUID]) -> set[UUID]:
    """Every Person id in the clusters of the given ids (the given ids included)."""
    _, parent = _components(person_ids)
    return set(parent)


def links_visible_to(user: User) -> QuerySet[IdentityLink]:
    """The pairs ``user`` may review: they hold ``intelligence.review_links`` through an active membership,
    and one side of the pair holds a force reference of an agency where they hold it (their own force's
    data). Every other pair does not exist for them (404, and absent from lists and counts)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None or not user.is_active:
        return IdentityLink.objects.none()
    agencies = (
        Membership.objects.active()
        .filter(user=user.pk, user__is_active=True, role__in=holders_of(REVIEW_LINKS))
        .values("organisation_id")
    )
    own_data = ForceReference.objects.filter(organisation__in=agencies)
    return IdentityLink.objects.filter(
        Exists(own_data.filter(person_id=OuterRef("left_id"))) | Exists(own_data.filter(person_id=OuterRef("right_id")))
    )


def identity_link_get_for(*, user: User, identity_link_id: UUID) -> IdentityLink:
    """One pair the user may review (404 otherwise), with both people."""
    link = links_visible_to(user).select_related("left", "right").filter(pk=identity_link_id).first()
    if link is None:
        raise Http404("No such identity link")
    return audit_read(action="intelligence.identity_link.view", obj=link)


def links_for_review(*, user: User, state: str = LinkState.WAITING) -> QuerySet[IdentityLink]:
    """The pairs the user may review in ``state`` ("" for all), waiting ones first, likeliest first."""
    links = links_visible_to(user).select_related("left", "right")
    if state:
        links = links.filter(current_state=state)
    waiting_first = models.Case(models.When(current_state=LinkState.WAITING, then=models.Value(0)), default=1)
    return links.order_by(waiting_first, "-match_probability", "created_at")


def person_sources(*, user: User, person_id: UUID) -> list[str]:
    """Where a reviewer may be told a record comes from: their own force's reference for it, and each case
    about the person that they can see. Anything else is not described (the page says "another agency's
    record")."""
    agencies = (
        Membership.objects.active()
        .filter(user=user.pk, user__is_active=True, role__in=holders_of(REVIEW_LINKS))
        .values("organisation_id")
    )
    sources = [
        f"Force reference {ref.reference} ({ref.organisation.name})"
        for ref in ForceReference.objects.filter(person_id=person_id, organisation__in=agencies)
        .select_related("organisation")
        .order_by("reference")
    ]
    cases = (
        Case.objects.visible_to(user)
        .filter(Q(victim_id=person_id) | Q(parties__person_id=person_id))
        .select_related("owning_organisation")
        .distinct()
    )
    sources += sorted({f"A case held by {case.owning_organisation.name}" for case in cases})
    return sources


def person_aliases(person_id: UUID) -> list[str]:
    return sorted(PersonAlias.objects.filter(person_id=person_id).values_list("name", flat=True))
