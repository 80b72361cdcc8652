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
from vawg.justice.rules.attrition import last_full_year
from vawg.justice.selectors import attrition_for
from vawg.marac.models import ActionState
from vawg.nonprod.demo.intelligence.extract import EXTRACT_ANCHOR, EXTRACT_PATH, FORCE, demo_extract, imported_at
from vawg.nonprod.demo.programmes.programmes import GROUP_PROGRAMME, HIGH_HARM_PROGRAMME
from vawg.nonprod.models import DemoClock
from vawg.people.models import Person
from vawg.programmes.models import Programme, ProgrammeKind, ProgrammeReferral, ProgrammeReferralState
from vawg.programmes.selectors import referral_sessions, referral_verdict

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


# Crime outcomes (the demo police extract)


def test_it_gives_the_analyst_a_year_of_crimes_with_outcomes(seeded: str, signed_in: SignedIn) -> None:
    start, end = last_full_year(imported_at(EXTRACT_ANCHOR).date())
    f = attrition_for(start, end).figures
    assert f.incidents >= f.crimes >= f.suspect_identified >= f.charged >= f.convicted > 0
    assert sum(f.by_outcome.values()) == f.with_outcome and f.with_outcome < f.crimes  # a few still open
    assert 0.04 <= f.charged / f.with_outcome <= 0.12
    assert f.convicted / f.charged >= 0.5
    assert f.victim_does_not_support + f.victim_supports + f.no_suspect > f.with_outcome / 2
    analyst = User.objects.get(email="analyst@demo.invalid")
    query = {"from_date_0": "1", "from_date_1": "1", "from_date_2": str(start.year)}
    query |= {"to_date_0": "31", "to_date_1": "12", "to_date_2": str(end.year)}
    response = signed_in(analyst).get(reverse("justice:attrition_detail"), query)
    assert response.status_code == 200
    funnel = {line.label: line.figures[0] for line in response.context["view"].funnel.lines}
    assert funnel["Crimes recorded"] == f"{f.crimes:,}"


# Behaviour-change programmes (vawg/nonprod/demo/programmes/programmes.py)


def test_it_runs_the_two_demo_programmes_at_the_provider(seeded: str) -> None:
    worker = User.objects.get(email="programme-worker@demo.invalid")
    programmes = {p.name: p for p in Programme.objects.run_by(worker)}
    group, high_harm = programmes[GROUP_PROGRAMME], programmes[HIGH_HARM_PROGRAMME]
    assert (group.kind, group.respect_accredited, group.sessions, group.session_minutes) == ("group", True, 27, 150)
    assert (high_harm.kind, high_harm.sessions) == (ProgrammeKind.HIGH_HARM, 0)


def test_it_puts_demo_programme_referrals_in_every_state(seeded: str) -> None:
    states = set(ProgrammeReferral.objects.values_list("current_state", flat=True))
    assert states >= set(ProgrammeReferralState.values)
    completed = ProgrammeReferral.objects.filter(current_state=ProgrammeReferralState.COMPLETED)
    assert all({m.timepoint for m in r.outcome_measures.all()} == {"intake", "exit"} for r in completed)


def test_it_shows_the_programme_worker_the_queue_with_one_past_the_attendance_rule(
    seeded: str, signed_in: SignedIn
) -> None:
    worker = User.objects.get(email="programme-worker@demo.invalid")
    body = signed_in(worker).get(reverse("programmes:referral_queue")).content.decode()
    assert "To triage (" in body and "To triage (0)" not in body
    engaged = ProgrammeReferral.objects.visible_to(worker).filter(current_state=ProgrammeReferralState.ENGAGED)
    verdicts = [referral_verdict(r, referral_sessions(r)).review for r in engaged]
    assert verdicts.count(True) == 1


# Partner support and high-harm cases (vawg/nonprod/demo/programmes/)


def test_it_links_demo_partner_support_with_reports_seen_only_by_the_idva(seeded: str, signed_in: SignedIn) -> None:
    from vawg.programmes.models import PartnerSupport, RiskChange

    idva = User.objects.get(email="idva@demo.invalid")
    worker = User.objects.get(email="programme-worker@demo.invalid")
    supports = list(PartnerSupport.objects.filter(worker=idva).select_related("referral"))
    assert 1 <= len(supports) <= 3
    assert all(s.safety_reports.count() >= 2 for s in supports)
    left_early = [s for s in supports if s.referral.current_state == ProgrammeReferralState.EXITED]
    assert left_early and left_early[0].safety_reports.first().risk_change == RiskChange.HIGHER
    case_page = reverse("cases:case_detail", kwargs={"case_id": supports[0].partner_case_id})
    assert 'id="partner-support"' in signed_in(idva).get(case_page).content.decode()
    assert signed_in(worker).get(case_page).status_code == 404


def test_it_gives_demo_high_harm_cases_a_case_manager_and_interventions(seeded: str) -> None:
    from vawg.programmes.models import Intervention

    worker = User.objects.get(email="programme-worker@demo.invalid")
    cases = ProgrammeReferral.objects.filter(programme__name=HIGH_HARM_PROGRAMME)
    assert 3 <= cases.count() <= 4
    assert all(r.case_manager == worker and r.interventions.count() >= 3 for r in cases)
    states = set(Intervention.objects.filter(referral__in=cases).values_list("current_state", flat=True))
    assert states == {"planned", "in-progress", "done", "not-done"}
    assert Intervention.objects.filter(referral__in=cases).overdue().exists()


# Protective orders (vawg/nonprod/demo/justice/orders.py)


def test_it_seeds_an_order_of_every_type_but_the_pilot_ones(seeded: str) -> None:
    from vawg.justice.models import Order, OrderType

    types = set(Order.objects.values_list("order_type", flat=True))
    assert types == set(OrderType.values) - {"dapn", "dapo"}


def test_it_seeds_orders_due_within_48_hours_overdue_and_expired(seeded: str) -> None:
    from django.utils import timezone

    from vawg.justice.models import Order

    now = timezone.now()
    assert Order.objects.due_within(now).count() >= 3
    assert Order.objects.overdue(now).exists() and Order.objects.expired(now).exists()


def test_it_seeds_a_breach_with_its_incident_and_shows_the_idva_an_order(seeded: str, signed_in: SignedIn) -> None:
    from vawg.justice.models import Order, OrderBreach

    breach = OrderBreach.objects.select_related("incident").first()
    assert breach is not None and breach.incident is not None and breach.incident.kind == "breach"
    idva = User.objects.get(email="idva@demo.invalid")
    seen = Order.objects.visible_to(idva).first()
    assert seen is not None
    case = seen.protected.get().case
    page = signed_in(idva).get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert 'id="protective-orders"' in page
