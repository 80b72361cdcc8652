"""Links found after a police import: linked, waiting, nothing; never overriding a decision; audited."""

from __future__ import annotations

from datetime import date

import pytest

from vawg.accounts.tests.factories import OrganisationFactory
from vawg.audit.models import AuditEntry
from vawg.intelligence.models import ForceReference, IdentityLink, IdentityLinkDecision, LinkState
from vawg.intelligence.services.linkage import links_find_for_import
from vawg.intelligence.tests.factories import (
    IdentityLinkFactory,
    PersonCausingHarmFactory,
    PoliceImportFactory,
    PoliceIncidentFactory,
)
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

DOB = date(1984, 3, 9)


@pytest.fixture
def imported():  # type: ignore[no-untyped-def]
    """A police import of one person causing harm (Robert Ashworth) and his victim, with force references."""
    force = OrganisationFactory()
    police_import = PoliceImportFactory(organisation=force)
    harm = PersonCausingHarmFactory(
        person__given_name="Robert",
        person__family_name="Ashworth",
        person__date_of_birth=DOB,
        person__postcode="ZZ9 9ZZ",
        person__phone="",
    )
    incident = PoliceIncidentFactory(first_import=police_import, perpetrator=harm)
    ForceReference.objects.create(person=harm.person, organisation=force, reference="P-1")
    ForceReference.objects.create(person=incident.victim, organisation=force, reference="V-1")
    return police_import, harm.person


def _pair(a, b):  # type: ignore[no-untyped-def]
    left, right = sorted([a.pk, b.pk])
    return IdentityLink.objects.filter(left_id=left, right_id=right).first()


def test_it_links_the_same_person_and_queues_the_uncertain_and_a_twin(imported) -> None:  # type: ignore[no-untyped-def]
    police_import, robert = imported
    same = PersonFactory(given_name="ROBERT", family_name="Ashworth", date_of_birth=DOB, postcode="zz99zz", phone="")
    # Nickname, a changed family name, day and month swapped, no postcode: possibly him.
    maybe = PersonFactory(
        given_name="Bob", family_name="Hartley", date_of_birth=date(1984, 9, 3), postcode="", phone=""
    )
    # Only the names, nothing else: not enough to put to a reviewer.
    bare = PersonFactory(given_name="Rob", family_name="Ashworth", date_of_birth=None, postcode="", phone="")
    twin = PersonFactory(given_name="Stephen", family_name="Ashworth", date_of_birth=DOB, postcode="ZZ9 9ZZ", phone="")
    PersonFactory(given_name="Amelia", family_name="Quinn", date_of_birth=date(1991, 1, 2), postcode="AB1 2CD")

    summary = links_find_for_import(police_import=police_import)

    linked = _pair(robert, same)
    assert linked is not None and linked.current_state == LinkState.LINKED
    assert linked.comparison["given_name"]["level"] == "exact"
    assert linked.decisions.get().system_job == "identity_links_find"
    waiting = _pair(robert, maybe)
    assert waiting is not None and waiting.current_state == LinkState.WAITING
    # His twin agrees on everything but the given name: never linked by the model, put to a reviewer.
    twin_pair = _pair(robert, twin)
    assert twin_pair is not None and twin_pair.current_state == LinkState.WAITING
    assert twin_pair.comparison["given_name"]["level"] == "disagree"
    assert _pair(robert, bare) is None
    assert summary.linked >= 1 and summary.waiting >= 1
    entry = AuditEntry.objects.get(action="intelligence.identity_link.find")
    assert entry.details["linked"] == summary.linked
    assert "Ashworth" not in str(entry.details) and "ZZ9" not in str(entry.details).upper()


def test_it_never_overrides_a_decided_pair(imported) -> None:  # type: ignore[no-untyped-def]
    police_import, robert = imported
    same = PersonFactory(given_name="Robert", family_name="Ashworth", date_of_birth=DOB, postcode="ZZ9 9ZZ", phone="")
    rejected = IdentityLinkFactory(left=robert, right=same, current_state=LinkState.REJECTED, match_probability=0.99)

    summary = links_find_for_import(police_import=police_import)

    rejected.refresh_from_db()
    assert rejected.current_state == LinkState.REJECTED
    assert not IdentityLinkDecision.objects.filter(link=rejected).exists()
    assert summary.already_decided == 1


def test_it_finds_nothing_without_other_people(imported) -> None:  # type: ignore[no-untyped-def]
    police_import, _ = imported
    summary = links_find_for_import(police_import=police_import, system_job="tests")
    assert (summary.linked, summary.waiting) == (0, 0)
    assert AuditEntry.objects.filter(action="intelligence.identity_link.find", system_job="tests").count() == 1
