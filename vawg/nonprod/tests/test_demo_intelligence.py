"""``manage.py seed_demo``: people causing harm, the police extract, the RFG ranking and MATAC
(vawg/nonprod/demo/intelligence/), over one seed made for this module.

The demo is anchored at the shipped extract's reference moment (``EXTRACT_ANCHOR``), so the seed imports
exactly the shipped file: the test that it does is the check that the file and its generator never drift.
The extract depends only on the casework (and the closures), so the MARAC history and safe accommodation
are left out of this seed to keep it fast (test_seed_demo_full.py and test_demo_provision.py check them).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from vawg.accounts.models import Membership, OrganisationType, User
from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn
from vawg.cases.models import Case, CaseParty, PartyRole
from vawg.core.models import save_valid
from vawg.intelligence.models import (
    HarmAgency,
    HarmAgencyReason,
    IdentityLink,
    LinkState,
    MatacMeeting,
    MatacMeetingState,
    MatacNomination,
    MatacReview,
    MatacSubject,
    MatacTactic,
    NominationSource,
    NominationState,
    PersonCausingHarm,
    PoliceImport,
    PoliceIncident,
    RfgRun,
    SubjectState,
    TacticKind,
)
from vawg.intelligence.presenters.harm import SERIAL_FLAG_TEXT
from vawg.marac.models import ActionState
from vawg.nonprod.demo.intelligence.extract import EXTRACT_ANCHOR, EXTRACT_PATH, FORCE, demo_extract, imported_at
from vawg.nonprod.models import DemoClock
from vawg.people.models import Person

pytestmark = pytest.mark.django_db

REGENERATE = (
    "The shipped police extract is not what the generator makes for the demo: write it again with "
    "`DJANGO_SETTINGS_MODULE=vawg.settings_test DATABASE_URL=sqlite:////tmp/extract.sqlite3 manage.py migrate` "
    "then `manage.py demo_police_extract --reference --output vawg/nonprod/demo/intelligence/police_extract.csv`"
)


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The demo anchored at the extract's reference moment (without the MARAC history and safe accommodation),
    seeded once at that moment and rolled back at the end."""
    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        transaction.atomic(),
        time_machine.travel(EXTRACT_ANCHOR + timedelta(minutes=10), tick=True),
    ):
        patch.setattr("vawg.nonprod.services.seed_marac", lambda **kwargs: {})
        patch.setattr("vawg.nonprod.services.seed_provision", lambda **kwargs: {})
        save_valid(DemoClock(anchored_at=EXTRACT_ANCHOR))
        out = StringIO()
        call_command("seed_demo", seed=42, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _walkthrough(seeded: str) -> Case:
    line = next(line for line in seeded.splitlines() if line.startswith("Serial flag:"))
    return Case.objects.get(reference=line.rstrip(".").rsplit(" ", 1)[-1])


def test_it_gives_the_matac_coordinator_probation_and_the_programme_their_accounts(seeded: str) -> None:
    for email, role, agency, kind in (
        ("matac-coordinator@demo.invalid", Role.MATAC_COORDINATOR, FORCE, OrganisationType.POLICE),
        ("police@demo.invalid", Role.POLICE, FORCE, OrganisationType.POLICE),
        (
            "probation@demo.invalid",
            Role.PROBATION,
            "Brookmere Probation Delivery Unit (demo)",
            OrganisationType.PROBATION,
        ),
        (
            "programme-worker@demo.invalid",
            Role.PROGRAMME_WORKER,
            "Fresh Start Change Programme (demo)",
            OrganisationType.PROGRAMME_PROVIDER,
        ),
    ):
        membership = Membership.objects.active().select_related("organisation").get(user__email=email)
        assert (membership.role, membership.organisation.name, membership.organisation.type) == (role, agency, kind)
    coordinator = User.objects.get(email="matac-coordinator@demo.invalid")
    assert coordinator.has_perm("intelligence.run_matac") and coordinator.has_perm("intelligence.run_ranking")
    probation = User.objects.get(email="probation@demo.invalid")
    assert probation.has_perm("intelligence.take_part_in_matac") and not probation.has_perm("intelligence.run_matac")


def test_it_imports_the_shipped_extract_once_through_the_police_import(seeded: str) -> None:
    shipped = EXTRACT_PATH.read_bytes()
    data, _walkthrough_reference = demo_extract(seed=42, anchor=EXTRACT_ANCHOR)
    assert data == shipped, REGENERATE
    imported = PoliceImport.objects.get()
    assert imported.sha256 == hashlib.sha256(shipped).hexdigest()
    assert (imported.organisation.name, imported.system_job, imported.created_by) == (FORCE, "seed_demo", None)
    assert imported.created_at == pytest.approx(imported_at(EXTRACT_ANCHOR), abs=timedelta(minutes=5))
    assert imported.rows == PoliceIncident.objects.count() == shipped.count(b"\n") - 1


def test_it_links_most_demo_people_automatically_and_leaves_a_few_pairs_to_review(seeded: str) -> None:
    states = Counter(IdentityLink.objects.values_list("current_state", flat=True))
    assert states[LinkState.LINKED] >= 60
    assert 5 <= states[LinkState.WAITING] <= 15
    assert not states[LinkState.ACCEPTED] and not states[LinkState.REJECTED]


def test_it_ranks_as_of_today_and_five_weeks_before(seeded: str) -> None:
    runs = list(RfgRun.objects.order_by("as_of"))
    today = imported_at(EXTRACT_ANCHOR).date()
    assert [run.as_of for run in runs] == [today - timedelta(days=35), today]
    assert all(run.system_job == "seed_demo" and run.cohort_size >= 100 for run in runs)
    assert runs[1].scores.filter(serial=True).exists()


def test_it_flags_serial_people_and_the_idva_sees_the_flag_on_the_walkthrough_case(
    seeded: str, signed_in: SignedIn
) -> None:
    assert PersonCausingHarm.objects.serial().count() >= 10
    case = _walkthrough(seeded)
    party = CaseParty.objects.current().filter(case=case, role=PartyRole.PERSON_CAUSING_HARM).first()
    assert party is not None and PersonCausingHarm.objects.serial().filter(person=party.person).exists()
    idva = User.objects.get(email="idva@demo.invalid")
    response = signed_in(idva).get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    assert SERIAL_FLAG_TEXT in response.content.decode()


def test_it_gives_probation_and_the_programme_the_people_they_work_with(seeded: str) -> None:
    reasons = Counter(
        HarmAgency.objects.filter(ended_at__isnull=True, system_job="seed_demo").values_list("reason", flat=True)
    )
    assert reasons[HarmAgencyReason.SUPERVISES] == 4
    assert reasons[HarmAgencyReason.PROGRAMME] == 2
    probation = User.objects.get(email="probation@demo.invalid")
    assert PersonCausingHarm.objects.visible_to(probation).count() >= 4


def test_it_holds_one_matac_meeting_with_minutes_and_schedules_the_next(seeded: str) -> None:
    held, upcoming = MatacMeeting.objects.order_by("starts_at")
    today = imported_at(EXTRACT_ANCHOR).date()
    assert held.current_state == MatacMeetingState.MINUTES_PUBLISHED and held.starts_at.date() < today
    assert upcoming.current_state == MatacMeetingState.SCHEDULED and upcoming.starts_at.date() > today
    sources = Counter(MatacNomination.objects.values_list("source", "current_state"))
    assert sources[(NominationSource.PARTNER, NominationState.ACCEPTED)] == 1
    assert sources[(NominationSource.RANKING, NominationState.DECLINED)] == 1
    assert sources[(NominationSource.RANKING, NominationState.OPEN)] == 1
    assert MatacSubject.objects.filter(entry_meeting=held).count() >= 4
    assert MatacSubject.objects.filter(entry_meeting=upcoming).count() == 1
    assert MatacReview.objects.filter(meeting=held).count() == 1


def test_it_records_tactics_of_every_kind_in_several_states(seeded: str) -> None:
    tactics = MatacTactic.objects.all()
    assert set(tactics.values_list("kind", flat=True)) == set(TacticKind.values)
    assert set(tactics.values_list("current_state", flat=True)) == set(ActionState.values)
    assert tactics.overdue(on=imported_at(EXTRACT_ANCHOR).date()).exists()
    assert len(set(tactics.values_list("owning_organisation", flat=True))) >= 5


def test_it_exits_one_subject_with_a_score_on_entry_and_on_exit(seeded: str) -> None:
    exited = MatacSubject.objects.get(current_state=SubjectState.EXITED)
    assert exited.exit_reason == "custody"
    assert exited.entry_score is not None and exited.exit_score is not None
    assert exited.entry_score.run.as_of < exited.exit_score.run.as_of


def test_it_writes_no_location_value_into_matac_text(seeded: str) -> None:
    values = {
        value
        for person in Person.objects.filter(causing_harm__isnull=False)[:400]
        for value in (person.postcode, person.address)
        if value
    }
    assert values
    texts = [t.description for t in MatacTactic.objects.all()]
    texts += [r.note for r in MatacReview.objects.all()] + [s.exit_note for s in MatacSubject.objects.all()]
    assert not [text for text in texts for value in values if value in text]


def test_it_stores_no_postcode_from_the_extract_in_plaintext(seeded: str) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's dump")
    postcodes = {line.split(b",")[9].decode() for line in EXTRACT_PATH.read_bytes().splitlines()[1:50]}
    dump = "\n".join(connection.connection.iterdump())
    assert not [postcode for postcode in postcodes if postcode and postcode in dump]


def test_it_prints_counts_and_the_walkthrough_case_but_no_names(seeded: str) -> None:
    assert "police imports" in seeded and "matac meetings" in seeded
    assert f"case {_walkthrough(seeded).reference}" in seeded
    for person in Person.objects.filter(causing_harm__isnull=False)[:50]:
        assert person.family_name not in seeded


def test_it_creates_nothing_on_a_second_run(seeded: str) -> None:
    before = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    with time_machine.travel(EXTRACT_ANCHOR + timedelta(days=3), tick=False):
        out = StringIO()
        call_command("seed_demo", seed=42, stdout=out)
    after = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    assert "nothing to create" in out.getvalue()
    assert after == before
