"""person_clusters: connected components over linked or accepted identity links."""

from __future__ import annotations

import pytest

from vawg.intelligence.models import IdentityLink, LinkState
from vawg.intelligence.selectors.linkage import person_clusters
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _link(a, b, state):  # type: ignore[no-untyped-def]
    left, right = sorted([a, b], key=lambda p: p.pk)
    return IdentityLink.objects.create(
        left=left, right=right, match_probability=0.99, model_version="test", current_state=state
    )


def test_it_maps_an_unlinked_person_to_itself() -> None:
    person = PersonFactory()
    assert person_clusters([person.pk]) == {person.pk: person.pk}


def test_it_follows_a_chain_and_picks_the_smallest_id() -> None:
    a, b, c, d = PersonFactory(), PersonFactory(), PersonFactory(), PersonFactory()
    _link(a, b, LinkState.LINKED)
    _link(b, c, LinkState.ACCEPTED)
    _link(c, d, LinkState.WAITING)
    smallest = min(a.pk, b.pk, c.pk)
    clusters = person_clusters([a.pk, c.pk, d.pk])
    assert clusters == {a.pk: smallest, c.pk: smallest, d.pk: d.pk}


def test_it_ignores_rejected_links() -> None:
    a, b = PersonFactory(), PersonFactory()
    _link(a, b, LinkState.REJECTED)
    assert person_clusters([a.pk, b.pk]) == {a.pk: a.pk, b.pk: b.pk}
