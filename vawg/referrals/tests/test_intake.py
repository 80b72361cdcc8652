"""referral_submit: one referral per idempotency key, duplicates flagged (never merged), safe contact recorded."""

from __future__ import annotations

from datetime import date, time
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.people.models import Channel, Person, SafeContactPreference, SafeStatus
from vawg.people.services import person_create
from vawg.referrals.models import (
    Consent,
    FormOfAbuse,
    PossibleDuplicate,
    Referral,
    ReferralSource,
    ReferralState,
    RiskGrade,
    RiskTool,
    SubjectRole,
)
from vawg.referrals.services import intake
from vawg.referrals.services.intake import ReferralInput, SafeContactInput, referral_submit, stored_idempotency_key

pytestmark = pytest.mark.django_db


def make_input(**overrides: Any) -> ReferralInput:
    values: dict[str, Any] = {
        "given_name": "Alice",
        "family_name": "Example",
        "date_of_birth": date(1990, 5, 17),
        "forms_of_abuse": [FormOfAbuse.DOMESTIC_ABUSE],
        "consent": Consent.GIVEN,
        "risk_tool": RiskTool.SAFELIVES_DASH,
        "risk_score": 15,
        "risk_grade": RiskGrade.HIGH,
        "details": "Synthetic details for a test.",
        "safe_contact": SafeContactInput(
            channels={Channel.SMS: SafeStatus.SAFE, Channel.LETTER: SafeStatus.UNSAFE},
            safe_from=time(10),
            safe_until=time(14),
            code_word="bluebell",
        ),
    }
    values.update(overrides)
    return ReferralInput(**values)


def submit(user: User | None, key: str | None = None, **overrides: Any) -> tuple[Referral, bool]:
    source = ReferralSource.PROFESSIONAL if user is not None else ReferralSource.SELF
    return referral_submit(data=make_input(**overrides), by=user, source=source, idempotency_key=key)


def test_it_records_the_referral_its_first_state_and_routes(idva_a: User, agencies: Any) -> None:
    referral, created = referral_submit(
        data=make_input(),
        by=idva_a,
        source=ReferralSource.PROFESSIONAL,
        idempotency_key="k1",
        referrer_organisation=agencies.a,
    )

    assert created is True
    assert referral.reference.startswith("R-")
    assert referral.current_state == ReferralState.SUBMITTED
    assert list(referral.statuses.values_list("state", flat=True)) == [ReferralState.SUBMITTED]
    assert referral.referrer_user == idva_a
    assert referral.referrer_organisation == agencies.a
    assert referral.risk_score == 15 and referral.risk_grade == RiskGrade.HIGH
    assert referral.routes.exists()
    assert referral.first_contact_due is not None
    assert AuditEntry.objects.filter(action="referrals.referral.submit", object_id=str(referral.pk)).count() == 1


def test_it_records_safe_contact_for_each_answered_channel(idva_a: User) -> None:
    referral, _ = submit(idva_a)

    current = SafeContactPreference.objects.current_preferences(referral.subject)
    assert current[Channel.SMS].status == SafeStatus.SAFE
    assert (current[Channel.SMS].safe_from, current[Channel.SMS].safe_until) == (time(10), time(14))
    assert current[Channel.LETTER].status == SafeStatus.UNSAFE
    assert current[Channel.EMAIL].status == SafeStatus.NOT_KNOWN
    assert current[Channel.SMS].record is not None and current[Channel.SMS].record.code_word == "bluebell"


def test_it_returns_the_same_referral_for_the_same_key_and_creates_nothing(idva_a: User) -> None:
    first, created = submit(idva_a, key="same")
    people = Person.objects.count()

    again, created_again = submit(idva_a, key="same", given_name="Someone else")

    assert created and not created_again
    assert again.pk == first.pk
    assert Referral.objects.count() == 1
    assert Person.objects.count() == people


def test_it_scopes_keys_to_the_submitter(idva_a: User, police_b: User) -> None:
    mine, _ = submit(idva_a, key="shared-key")
    theirs, created = submit(police_b, key="shared-key")

    assert created is True
    assert theirs.pk != mine.pk
    assert mine.idempotency_key == stored_idempotency_key(
        source=ReferralSource.PROFESSIONAL, by=idva_a, key="shared-key"
    )
    assert "shared-key" not in (mine.idempotency_key or "")


def test_it_makes_a_new_referral_each_time_without_a_key(idva_a: User) -> None:
    submit(idva_a)
    submit(idva_a)

    assert Referral.objects.count() == 2


def test_it_returns_the_winner_when_a_concurrent_submit_took_the_key(idva_a: User) -> None:
    winner, _ = submit(idva_a, key="race")
    # The other request looked before the winner committed: it found nothing and went on to create.
    with mock.patch.object(intake, "_existing", side_effect=[None, winner]):
        loser, created = submit(idva_a, key="race")

    assert created is False
    assert loser.pk == winner.pk
    assert Referral.objects.count() == 1


def test_it_reraises_an_integrity_problem_that_is_not_a_repeat(idva_a: User) -> None:
    with mock.patch.object(intake, "_existing", return_value=None), pytest.raises(ValidationError):
        submit(idva_a, key="x", forms_of_abuse=["not-a-form"])

    assert Referral.objects.count() == 0


def test_it_flags_a_possible_duplicate_the_referrer_can_see_without_merging(idva_a: User) -> None:
    first, _ = submit(idva_a)

    second, _ = submit(idva_a, given_name="Alice", family_name="Example")

    assert second.subject_id != first.subject_id  # a new person: never merged
    flag = PossibleDuplicate.objects.get(referral=second)
    assert flag.person_id == first.subject_id
    assert flag.reasons == ["same-name-and-dob"]
    assert AuditEntry.objects.filter(action="referrals.possible_duplicate.flag").count() == 1


def test_it_never_compares_with_people_the_referrer_cannot_see(idva_a: User, outsider_c: User) -> None:
    submit(idva_a)

    other, _ = submit(outsider_c)

    assert not PossibleDuplicate.objects.filter(referral=other).exists()


def test_it_compares_a_self_referral_with_everyone(idva_a: User) -> None:
    person_create(system_job="test", given_name="Alice", family_name="Example", approximate_age=35)

    referral, _ = submit(
        None,
        date_of_birth=None,
        approximate_age=36,
        risk_tool=RiskTool.NONE,
        risk_score=None,
        risk_grade=RiskGrade.NOT_ASSESSED,
    )

    assert PossibleDuplicate.objects.filter(referral=referral).count() == 1
    assert referral.referrer_user is None
    assert referral.statuses.get().system_job == intake.SELF_REFERRAL_JOB


def test_it_routes_a_perpetrator_self_referral_as_a_person_causing_harm() -> None:
    source, role = intake.self_referral_source(worried_about_own_behaviour=True)
    referral, _ = referral_submit(
        data=make_input(subject_role=role, risk_tool=RiskTool.NONE, risk_score=None, risk_grade=RiskGrade.NOT_ASSESSED),
        by=None,
        source=source,
        idempotency_key=None,
    )

    assert (referral.source, referral.subject_role) == (ReferralSource.PERPETRATOR_SELF, SubjectRole.PERPETRATOR)
    assert "perpetrator-programme" in set(referral.routes.values_list("service_kind", flat=True))


def test_it_refuses_sharing_without_consent_unless_a_lawful_basis_and_reason_are_given(idva_a: User) -> None:
    with pytest.raises(ValidationError) as error:
        submit(idva_a, consent=Consent.NOT_GIVEN_LAWFUL_BASIS)

    assert {"lawful_basis", "consent_reason"} <= set(error.value.message_dict)
    assert Referral.objects.count() == 0
    assert Person.objects.count() == 0  # the whole submit rolled back
