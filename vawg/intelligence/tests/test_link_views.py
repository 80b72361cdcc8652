"""The review queue: who sees which pair, the side-by-side page, decisions and undo, and their audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from vawg.audit.models import AuditEntry
from vawg.intelligence.models import ForceReference, IdentityLinkDecision, LinkState
from vawg.intelligence.tests.factories import IdentityLinkFactory
from vawg.people.models import PersonAlias
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(agencies):  # type: ignore[no-untyped-def]
    """A waiting pair: the left person in agency B's police data, the right another agency's record."""
    police_person = PersonFactory(
        given_name="Robert", family_name="Ashworth", date_of_birth=date(1984, 3, 9), postcode="ZZ9 9ZZ"
    )
    other = PersonFactory(given_name="Bob", family_name="Ashworth", date_of_birth=date(1984, 3, 9), postcode="ZZ9 9ZZ")
    PersonAlias.objects.create(person=other, name="Bobby Ash")
    ForceReference.objects.create(person=police_person, organisation=agencies.b, reference="B-77")
    return IdentityLinkFactory(left=police_person, right=other, match_probability=0.87)


def _detail(link):  # type: ignore[no-untyped-def]
    return reverse("linkage:identity_link_detail", kwargs={"identity_link_id": link.pk})


def _decide(link):  # type: ignore[no-untyped-def]
    return reverse("linkage:identity_link_decide", kwargs={"identity_link_id": link.pk})


def test_it_shows_the_pair_side_by_side_without_location_and_audits_the_view(signed_in, police_b, pair) -> None:  # type: ignore[no-untyped-def]
    page = signed_in(police_b).get(_detail(pair))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Robert Ashworth" in text and "Bob Ashworth" in text and "Bobby Ash" in text
    assert "Force reference B-77" in text and "Another agency&#x27;s record" in text
    assert "Agree" in text and "-2.1" in text  # the comparison as the model stored it
    assert "ZZ9" not in text.upper() and "07700" not in text and "Example Street" not in text
    entries = AuditEntry.objects.filter(action="intelligence.identity_link.view", actor_id=str(police_b.pk))
    assert entries.count() == 1


def test_it_refuses_a_pair_outside_the_reviewers_force_with_a_404(signed_in, police_b) -> None:  # type: ignore[no-untyped-def]
    elsewhere = IdentityLinkFactory()
    client = signed_in(police_b)
    assert client.get(_detail(elsewhere)).status_code == 404
    assert client.post(_decide(elsewhere), {"state": "accepted", "reason": "x"}).status_code == 404
    listing = client.get(reverse("linkage:identity_link_list") + "?state=all").content.decode()
    assert str(elsewhere.pk) not in listing


def test_it_refuses_someone_without_the_permission(signed_in, idva_a, pair) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(idva_a)
    assert client.get(reverse("linkage:identity_link_list")).status_code == 403
    assert client.get(_detail(pair)).status_code in (403, 404)


def test_it_lists_waiting_pairs_without_names(signed_in, police_b, pair) -> None:  # type: ignore[no-untyped-def]
    text = signed_in(police_b).get(reverse("linkage:identity_link_list")).content.decode()
    assert str(pair.pk) in text and "87.0%" in text
    assert "Ashworth" not in text


def test_it_accepts_rejects_and_undoes_with_immutable_rows(signed_in, police_b, pair) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(police_b)
    for state, action in (
        ("accepted", "intelligence.identity_link.accept"),
        ("rejected", "intelligence.identity_link.reject"),
        ("waiting", "intelligence.identity_link.reopen"),
    ):
        response = client.post(_decide(pair), {"state": state, "reason": f"Checked the records: {state}"})
        assert response.status_code == 302
        pair.refresh_from_db()
        assert pair.current_state == state
        assert AuditEntry.objects.filter(action=action, object_id=str(pair.pk)).count() == 1
    decisions = list(IdentityLinkDecision.objects.filter(link=pair).values_list("state", "created_by"))
    assert decisions == [(s, police_b.pk) for s in ("accepted", "rejected", "waiting")]


def test_it_refuses_a_decision_without_a_reason_or_to_the_same_state(signed_in, police_b, pair) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(police_b)
    page = client.post(_decide(pair), {"state": "accepted", "reason": ""})
    assert page.status_code == 200 and "Enter the reason for your decision" in page.content.decode()
    page = client.post(_decide(pair), {"state": "waiting", "reason": "Again"})
    assert page.status_code == 200  # waiting is not a choice for a waiting pair
    pair.refresh_from_db()
    assert pair.current_state == LinkState.WAITING
    assert not IdentityLinkDecision.objects.filter(link=pair).exists()


def test_it_names_no_agency_whose_case_the_reviewer_cannot_see(signed_in, police_b, pair, agencies) -> None:  # type: ignore[no-untyped-def]
    from vawg.cases.tests.factories import CaseFactory

    CaseFactory(victim=pair.right, owning_organisation=agencies.a)
    text = signed_in(police_b).get(_detail(pair)).content.decode()
    assert agencies.a.name not in text
    assert "Another agency&#x27;s record" in text


def test_it_lists_waiting_pairs_first_under_all(signed_in, police_b, pair, agencies) -> None:  # type: ignore[no-untyped-def]
    accepted = IdentityLinkFactory(current_state=LinkState.ACCEPTED, match_probability=0.99)
    ForceReference.objects.create(person=accepted.left, organisation=agencies.b, reference="B-78")
    text = signed_in(police_b).get(reverse("linkage:identity_link_list") + "?state=all").content.decode()
    assert text.index(str(pair.pk)) < text.index(str(accepted.pk))
