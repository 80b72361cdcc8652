"""``manage.py seed_demo``: the synthetic caseload (referrals, cases, risk), seeded once for this module."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

from vawg.accounts.models import User
from vawg.cases.models import Case, CaseDenyEntry, ChronologyEntry, ChronologyKind
from vawg.people.models import Person, SafeContactPreference
from vawg.referrals.models import (
    DOMESTIC_ABUSE_FORMS,
    DuplicateResolution,
    FormOfAbuse,
    PossibleDuplicate,
    Referral,
    ReferralRoute,
    ReferralSource,
    ReferralState,
    ReferralStatus,
    RiskGrade,
)
from vawg.risk.models import DashAssessment, Incident, PoliceRiskGrade

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The full demo seed, made once for every test here and rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", seed=42, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def every_model_count() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_it_makes_about_three_hundred_referrals_mostly_worked_through(seeded: str) -> None:
    states = Counter(Referral.objects.values_list("current_state", flat=True))
    assert 280 <= sum(states.values()) <= 320
    assert states[ReferralState.ACCEPTED] >= 150
    assert 10 <= states[ReferralState.DECLINED] <= 60
    assert 5 <= states[ReferralState.WITHDRAWN] <= 50
    assert 1 <= states[ReferralState.SUBMITTED] <= 20
    assert 1 <= Referral.objects.first_contact_overdue().count() <= 15
    declines = ReferralStatus.objects.filter(state=ReferralState.DECLINED)
    assert declines.count() == states[ReferralState.DECLINED]
    assert not declines.filter(reason="").exists()


def test_it_spreads_referrals_over_two_years_and_every_district(seeded: str) -> None:
    dates = sorted(Referral.objects.values_list("created_at", flat=True))
    assert (dates[-1] - dates[0]).days >= 700
    assert (dates[-1] - dates[0]).days <= 770
    districts = Counter(Referral.objects.values_list("district__name", flat=True))
    assert len(districts) == 10
    assert min(districts.values()) >= 10


def test_it_mixes_sources_mostly_professional(seeded: str) -> None:
    sources = Counter(Referral.objects.values_list("source", flat=True))
    total = sum(sources.values())
    assert sources[ReferralSource.PROFESSIONAL] / total >= 0.75
    assert 0.05 <= sources[ReferralSource.SELF] / total <= 0.25
    assert 1 <= sources[ReferralSource.PERPETRATOR_SELF] <= 20
    referrer_types = Counter(
        Referral.objects.filter(source=ReferralSource.PROFESSIONAL).values_list(
            "referrer_organisation__type", flat=True
        )
    )
    assert {"police", "nhs", "childrens-social-care"} <= set(referrer_types)


def test_it_covers_the_forms_of_vawg_mostly_domestic_abuse(seeded: str) -> None:
    forms = [set(f) for f in Referral.objects.values_list("forms_of_abuse", flat=True)]
    domestic = sum(1 for f in forms if f & DOMESTIC_ABUSE_FORMS)
    assert domestic / len(forms) >= 0.55
    seen = set().union(*forms)
    for form in (
        FormOfAbuse.COERCIVE_CONTROL,
        FormOfAbuse.SEXUAL_VIOLENCE,
        FormOfAbuse.STALKING,
        FormOfAbuse.TRAFFICKING,
        FormOfAbuse.TECHNOLOGY,
        FormOfAbuse.SPIKING,
    ):
        assert form in seen
    harmful = sum(
        1 for f in forms if f & {FormOfAbuse.HONOUR_BASED_ABUSE, FormOfAbuse.FORCED_MARRIAGE, FormOfAbuse.FGM}
    )
    assert 1 <= harmful <= 30


def test_it_grades_risk_mostly_standard_and_medium(seeded: str) -> None:
    grades = Counter(Referral.objects.exclude(risk_grade=RiskGrade.NOT_ASSESSED).values_list("risk_grade", flat=True))
    total = sum(grades.values())
    assert total >= 100
    assert 0.40 <= grades[RiskGrade.STANDARD] / total <= 0.70
    assert 0.18 <= grades[RiskGrade.MEDIUM] / total <= 0.42
    assert 0.07 <= grades[RiskGrade.HIGH] / total <= 0.25


def test_it_includes_children_under_18_and_in_households(seeded: str) -> None:
    referrals = list(Referral.objects.select_related("subject"))
    with_children = sum(1 for r in referrals if r.children_in_household)
    assert 0.28 <= with_children / len(referrals) <= 0.52
    under_18 = [r for r in referrals if (r.subject.age_on(r.created_at.date()) or 99) < 18]
    assert 3 <= len(under_18) <= 40


def test_it_includes_repeats_and_possible_duplicates(seeded: str) -> None:
    flags = PossibleDuplicate.objects.all()
    assert flags.filter(resolution=DuplicateResolution.PENDING).count() >= 2
    assert flags.filter(resolution=DuplicateResolution.LINKED).count() >= 3
    repeated = [
        person
        for person in Person.objects.all()
        if len(dates := sorted(person.referrals.values_list("created_at", flat=True))) >= 2
        and (dates[1] - dates[0]).days <= 365
    ]
    assert len(repeated) >= 3


def test_it_routes_every_referral(seeded: str) -> None:
    assert not Referral.objects.exclude(pk__in=ReferralRoute.objects.values("referral")).exists()
    assert not ReferralRoute.objects.filter(organisation__isnull=True).exists()


def test_it_gives_each_accepted_referral_for_a_victim_a_case_owned_by_the_accepting_agency(seeded: str) -> None:
    accepted = Referral.objects.in_state(ReferralState.ACCEPTED).filter(subject_role="victim")
    assert accepted.count() >= 150
    for referral in accepted.select_related("case"):
        row = ReferralStatus.objects.get(referral=referral, state=ReferralState.ACCEPTED)
        assert referral.case is not None
        assert row.created_by is not None
        assert referral.case.owning_organisation_id in row.created_by.organisation_ids()
        assert referral.routes.filter(organisation=referral.case.owning_organisation_id).exists()


def test_it_works_the_cases(seeded: str) -> None:
    cases = Case.objects.count()
    assert cases >= 150
    assert ChronologyEntry.objects.filter(kind=ChronologyKind.NOTE).values("case").distinct().count() >= cases * 0.8
    assert DashAssessment.objects.values("case").distinct().count() >= cases * 0.5
    assert PoliceRiskGrade.objects.filter(tool="dara", score__isnull=True).exists()
    assert not PoliceRiskGrade.objects.filter(tool="dara", score__isnull=False).exists()
    assert Incident.objects.exists()
    statuses = set(SafeContactPreference.objects.values_list("status", flat=True))
    assert statuses == {"safe", "unsafe"}  # "not known" is the absence of a row
    assert Person.objects.exclude(pk__in=SafeContactPreference.objects.values("person")).exists()


def test_it_scores_dash_to_follow_the_grade(seeded: str) -> None:
    levels = Counter(DashAssessment.objects.values_list("level", flat=True))
    assert levels["high"] >= 5
    assert all(score >= 14 for score in DashAssessment.objects.filter(level="high").values_list("score", flat=True))
    escalation = [a for a in DashAssessment.objects.all() if "potential_escalation" in a.marac_criteria]
    assert escalation


def test_it_shows_the_restricted_case_and_deny_list_controls(seeded: str) -> None:
    restricted = Case.objects.get(is_restricted=True)
    team = [member.user for member in restricted.team.filter(ended_at__isnull=True)]
    assert team
    assert all(restricted in Case.objects.visible_to(user) for user in team)
    colleagues = User.objects.filter(memberships__organisation=restricted.owning_organisation).exclude(
        pk__in=[user.pk for user in team]
    )
    assert colleagues.exists()
    assert not any(restricted in Case.objects.visible_to(user) for user in colleagues)
    entry = CaseDenyEntry.objects.get()
    assert entry.case not in Case.objects.visible_to(entry.user)
    colleague_cases = Case.objects.filter(owning_organisation__in=entry.user.organisation_ids())
    assert Case.objects.visible_to(entry.user).count() == colleague_cases.filter(is_restricted=False).count() - 1


def test_it_lets_the_demo_idva_see_some_cases_and_the_analyst_none(seeded: str) -> None:
    idva = User.objects.get(email="idva@demo.invalid")
    assert 1 <= Case.objects.visible_to(idva).count() < Case.objects.count()
    assert Case.objects.visible_to(User.objects.get(email="analyst@demo.invalid")).count() == 0
    assert Case.objects.visible_to(User.objects.get(email="police@demo.invalid")).exists()


def test_it_prints_counts_but_no_personal_data(seeded: str) -> None:
    assert "300  referrals" in seeded
    assert "cases" in seeded
    for person in Person.objects.all()[:50]:
        assert person.family_name not in seeded


def test_it_stores_no_phone_number_or_address_in_plaintext(seeded: str) -> None:
    everyone = list(Person.objects.order_by("created_at"))
    people = [p for p in everyone if p.phone][:5]
    with_address = [p for p in everyone if p.address][:5]
    canaries = [p.phone for p in people] + [p.address.splitlines()[0] for p in with_address]
    assert len(canaries) == 10
    assert all(len(c) > 5 for c in canaries)
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
        assert people[0].family_name in dump  # the dump is real
        assert not [c for c in canaries if c in dump]


def test_it_creates_nothing_on_a_second_run(seeded: str) -> None:
    before = every_model_count()
    out = StringIO()
    call_command("seed_demo", seed=42, stdout=out)
    assert every_model_count() == before
    assert "nothing to create" in out.getvalue()
