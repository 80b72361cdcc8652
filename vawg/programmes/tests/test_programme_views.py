"""Programmes pages: the queue, the referral page and its forms, the referrer's view (state only), another
provider's worker (404), and a canary: the person's stored address, postcode and phone never appear."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.intelligence.tests.factories import PersonCausingHarmFactory
from vawg.programmes import services
from vawg.programmes.models import Attendance, ProgrammeReferralState
from vawg.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

ADDRESS = "12 Canaryfield Road"
POSTCODE = "ZZ9 8CX"
PHONE = "07700 900471"


@pytest.fixture
def world(police_b: Any) -> dict[str, Any]:
    provider = OrganisationFactory(name="Change Service (test)", type=OrganisationType.PROGRAMME_PROVIDER)
    worker = user_with_role(Role.PROGRAMME_WORKER, provider, email="worker@example.invalid")
    programme = ProgrammeFactory(provider=provider, name="Change Group (test)", max_missed=0)
    person = PersonCausingHarmFactory(
        owning_organisation=police_b.memberships.get().organisation,
        person__given_name="Quentin",
        person__family_name="Testperson",
        person__address=ADDRESS,
        person__postcode=POSTCODE,
        person__phone=PHONE,
    )
    referral = services.programme_referral_create(
        programme=programme,
        person_causing_harm=person,
        source="professional",
        reason="Two call-outs",
        referring_organisation=police_b.memberships.get().organisation,
        by=police_b,
    )
    return {"worker": worker, "programme": programme, "person": person, "referral": referral}


def _clean(body: str) -> None:
    assert ADDRESS not in body and POSTCODE not in body and PHONE not in body


def test_it_shows_the_queue_with_counts_and_the_referral_to_triage(world: dict[str, Any], signed_in: SignedIn) -> None:
    body = signed_in(world["worker"]).get(reverse("programmes:referral_queue")).content.decode()
    assert "To triage (1)" in body and "Taking part (0)" in body
    assert "Quentin Testperson" in body
    _clean(body)
    other_tab = signed_in(world["worker"]).get(reverse("programmes:referral_queue") + "?tab=engaged")
    assert "Quentin Testperson" not in other_tab.content.decode()


def test_it_works_a_referral_through_the_pages(world: dict[str, Any], signed_in: SignedIn) -> None:
    client = signed_in(world["worker"])
    referral, programme = world["referral"], world["programme"]
    detail = reverse("programmes:referral_detail", kwargs={"referral_id": referral.pk})

    assess = reverse("programmes:referral_assess", kwargs={"referral_id": referral.pk})
    response = client.post(assess, {"suitable": "no"})
    assert "Choose why they are not suitable" in response.content.decode()
    response = client.post(
        reverse("programmes:referral_assess", kwargs={"referral_id": referral.pk}),
        {"suitable": "yes", "note": "Motivated"},
    )
    assert response["Location"] == detail
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("programmes:session_new", kwargs={"programme_id": programme.pk}),
        {"day_0": day.day, "day_1": day.month, "day_2": day.year, "start": "18:30"},
    )
    assert response.status_code == 302
    session = programme.programme_sessions.get()
    url = reverse("programmes:attendance_record", kwargs={"session_id": session.pk})
    assert "Quentin Testperson" in client.get(url).content.decode()
    client.post(url, {f"attendance_{referral.pk}": "missed"})
    assert Attendance.objects.get().outcome == "missed"

    body = client.get(detail).content.decode()
    assert "Review the place" in body  # past the programme's rule (no misses allowed)
    assert "Motivated" in body
    _clean(body)
    referral.refresh_from_db()
    assert referral.current_state == ProgrammeReferralState.WAITING


def test_it_hides_the_referral_from_another_providers_worker(world: dict[str, Any], signed_in: SignedIn) -> None:
    other = user_with_role(Role.PROGRAMME_WORKER, OrganisationFactory(type=OrganisationType.PROGRAMME_PROVIDER))
    client = signed_in(other)
    detail = reverse("programmes:referral_detail", kwargs={"referral_id": world["referral"].pk})
    assert client.get(detail).status_code == 404
    assert "Quentin" not in client.get(reverse("programmes:referral_queue")).content.decode()
    assert "To triage (0)" in client.get(reverse("programmes:referral_queue")).content.decode()


def test_it_shows_the_referrer_the_state_only(world: dict[str, Any], police_b: Any, signed_in: SignedIn) -> None:
    client = signed_in(police_b)
    referral = world["referral"]
    services.programme_referral_assess(referral=referral, suitable=True, note="Private note", by=world["worker"])
    page = client.get(reverse("harm:person_causing_harm_detail", kwargs={"person_causing_harm_id": world["person"].pk}))
    body = page.content.decode()
    assert "Behaviour-change programmes" in body and "Change Group (test)" in body and "Waiting to start" in body
    assert "Private note" not in body
    assert reverse("programmes:referral_detail", kwargs={"referral_id": referral.pk}) not in body
    assert "Refer to a programme" in body
    _clean(body)
    assert client.get(reverse("programmes:referral_detail", kwargs={"referral_id": referral.pk})).status_code == 403


def test_it_refers_from_the_persons_record(world: dict[str, Any], police_b: Any, signed_in: SignedIn) -> None:
    other = ProgrammeFactory(provider=world["programme"].provider, name="Another group (test)")
    url = reverse("programmes:referral_new", kwargs={"person_causing_harm_id": world["person"].pk})
    client = signed_in(police_b)
    _clean(client.get(url).content.decode())
    response = client.post(url, {"programme": world["programme"].pk, "source": "professional", "reason": "Again"})
    assert "already have an open referral" in response.content.decode()
    response = client.post(url, {"programme": other.pk, "source": "court", "reason": "A DAPO requirement"})
    assert response.status_code == 302
    assert other.referrals.get().source == "court"
