"""Referral intake: the one service every way in uses (professional form, self-referral, the API).

``referral_submit`` records the person, their safe contact, the referral, its first
state and its possible duplicate people, then routes it, in one transaction. The
same idempotency key never makes a second referral: a retry gets the first one back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, time
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest

from vawg.accounts.models import District, Organisation, User
from vawg.audit.services import audit_record
from vawg.cases.models import Case
from vawg.core.models import save_valid
from vawg.people.models import Channel, Gender, Person, SafeStatus
from vawg.people.rules import possible_duplicates
from vawg.people.services import person_create, safe_contact_set
from vawg.referrals.models import (
    Consent,
    PossibleDuplicate,
    Referral,
    ReferralParty,
    ReferralSource,
    RiskGrade,
    RiskTool,
    SubjectRole,
    Urgency,
)
from vawg.referrals.services.referrals import referral_record_new

CREATE_PERMISSION = "referrals.create"
# Names the system jobs that record self-referrals (nobody is signed in).
SELF_REFERRAL_JOB = "public-self-referral"
# At most this many existing people are compared with a new one (the closest by the database's filter).
MAX_DUPLICATE_CANDIDATES = 500


@dataclass(frozen=True)
class SafeContactInput:
    """Per channel (a Channel value): safe, unsafe or not known; a window and words for the safe ones."""

    channels: Mapping[str, str] = field(default_factory=dict)
    safe_from: time | None = None
    safe_until: time | None = None
    code_word: str = ""
    what_may_be_said: str = ""


@dataclass(frozen=True)
class PartyInput:
    """Someone the referrer names besides the subject: a person causing harm (with how they are related) or a
    child (with whether they live with the subject). Recorded on the referral; a party to the case once it
    is accepted."""

    role: str
    given_name: str
    family_name: str = ""
    date_of_birth: date | None = None
    relationship_to_victim: str = ""
    lives_with_victim: bool | None = None


@dataclass(frozen=True)
class ReferralInput:
    """What a referral says, whichever way it came in."""

    given_name: str
    family_name: str = ""
    date_of_birth: date | None = None
    approximate_age: int | None = None
    gender: str = Gender.NOT_KNOWN
    district: District | None = None
    phone: str = ""
    email: str = ""
    subject_role: str = SubjectRole.VICTIM
    forms_of_abuse: Sequence[str] = ()
    children_in_household: int | None = None
    children_details: str = ""
    consent: str = Consent.NOT_YET_ASKED
    lawful_basis: str = ""
    consent_reason: str = ""
    safe_contact: SafeContactInput = field(default_factory=SafeContactInput)
    risk_tool: str = RiskTool.NONE
    risk_score: int | None = None
    risk_grade: str = RiskGrade.NOT_ASSESSED
    needs: Sequence[str] = ()
    urgency: str = Urgency.ROUTINE
    details: str = ""
    parties: Sequence[PartyInput] = ()


def stored_idempotency_key(*, source: str, by: User | None, key: str | None) -> str | None:
    """The key as stored: scoped to the submitter (one user's key never finds another's referral) and hashed."""
    if not key:
        return None
    scope = str(by.pk) if by is not None else "public"
    return hashlib.sha256(f"{source}|{scope}|{key}".encode()).hexdigest()


def referrer_organisation_for(user: User) -> Organisation | None:
    """The agency a member of staff refers from: their first active membership (by agency name)."""
    membership = user.active_memberships().select_related("organisation").order_by("organisation__name").first()
    return membership.organisation if membership is not None else None


def referral_submit(
    *,
    data: ReferralInput,
    by: User | None,
    source: str,
    idempotency_key: str | None,
    referrer_organisation: Organisation | None = None,
    request: HttpRequest | None = None,
) -> tuple[Referral, bool]:
    """Record and route a referral. Returns (referral, created); ``created`` is False for a repeat of a key.

    ``submitted_by`` is the member of staff (None for a self-referral). The work runs in
    one transaction (a savepoint when called inside another); a concurrent submit with
    the same key loses on the unique constraint and gets the winner's referral.
    """
    key = stored_idempotency_key(source=source, by=by, key=idempotency_key)
    existing = _existing(key)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            referral = _create(
                data=data,
                by=by,
                source=source,
                key=key,
                referrer_organisation=referrer_organisation,
                request=request,
            )
    except (IntegrityError, ValidationError):
        # A concurrent submit with the same key got there first (the unique constraint, or
        # full_clean's uniqueness check once it had committed): return its referral.
        existing = _existing(key)
        if existing is None:
            raise
        return existing, False
    return referral, True


def _existing(key: str | None) -> Referral | None:
    return Referral.objects.filter(idempotency_key=key).first() if key else None


def _create(
    *,
    data: ReferralInput,
    by: User | None,
    source: str,
    key: str | None,
    referrer_organisation: Organisation | None,
    request: HttpRequest | None,
) -> Referral:
    author: dict[str, Any] = {"by": by} if by is not None else {"system_job": SELF_REFERRAL_JOB}
    person = person_create(
        **author,
        given_name=data.given_name,
        family_name=data.family_name,
        date_of_birth=data.date_of_birth,
        approximate_age=data.approximate_age,
        gender=data.gender,
        district=data.district,
        phone=data.phone,
        email=data.email,
    )
    _record_safe_contact(person=person, safe_contact=data.safe_contact, author=author)
    referral = Referral(
        source=source,
        subject=person,
        subject_role=data.subject_role,
        referrer_user=by,
        referrer_organisation=referrer_organisation if by is not None else None,
        forms_of_abuse=list(data.forms_of_abuse),
        children_in_household=data.children_in_household,
        children_details=data.children_details,
        consent=data.consent,
        lawful_basis=data.lawful_basis if data.consent == Consent.NOT_GIVEN_LAWFUL_BASIS else "",
        consent_reason=data.consent_reason.strip() if data.consent == Consent.NOT_GIVEN_LAWFUL_BASIS else "",
        risk_tool=data.risk_tool,
        risk_score=data.risk_score,
        risk_grade=data.risk_grade,
        needs=list(data.needs),
        urgency=data.urgency,
        district=data.district,
        details=data.details,
        idempotency_key=key,
    )
    # Reference, the "submitted" state row, its audit entry, then routing (vawg/referrals/services/).
    referral_record_new(
        referral=referral,
        by=by,
        system_job="" if by is not None else SELF_REFERRAL_JOB,
        request=request if by is not None else None,  # never a survivor's IP address
    )
    _record_parties(referral=referral, parties=data.parties, author=author, request=request if by else None)
    flagged = _flag_possible_duplicates(referral=referral, person=person, by=by)
    if flagged:
        audit_record(
            action="referrals.possible_duplicate.flag",
            obj=referral,
            request=request if by is not None else None,
            details={"person_id": str(person.pk), "count": flagged},
            **author,
        )
    return referral


def _record_parties(
    *, referral: Referral, parties: Sequence[PartyInput], author: dict[str, Any], request: HttpRequest | None
) -> None:
    """The people named besides the subject (one audit entry for them all: roles only, never a name)."""
    rows = [ReferralParty(referral=referral, **asdict(party)) for party in parties]
    for row in rows:
        save_valid(row)
    if rows:
        roles = sorted(row.role for row in rows)
        audit_record(action="referrals.party.add", obj=referral, request=request, details={"roles": roles}, **author)


def _record_safe_contact(*, person: Person, safe_contact: SafeContactInput, author: dict[str, Any]) -> None:
    """One safe contact row per channel answered (no row means "not known", which counts as unsafe)."""
    for value, status in safe_contact.channels.items():
        channel, status = Channel(value), SafeStatus(status)
        if status == SafeStatus.NOT_KNOWN:
            continue
        safe = status == SafeStatus.SAFE
        safe_contact_set(
            person=person,
            channel=channel,
            status=status,
            safe_from=safe_contact.safe_from if safe else None,
            safe_until=safe_contact.safe_until if safe else None,
            code_word=safe_contact.code_word if safe else "",
            what_may_be_said=safe_contact.what_may_be_said if safe else "",
            **author,
        )


def _candidates(person: Person, by: User | None) -> Any:
    """Existing people worth comparing: those sharing a date of birth or a name; for staff, only people
    they can already see through a case or a referral (a duplicate check never reveals anyone)."""
    near = Q()
    if person.date_of_birth is not None:
        near |= Q(date_of_birth=person.date_of_birth)
    if person.given_name:
        near |= Q(given_name__iexact=person.given_name)
    if person.family_name:
        near |= Q(family_name__iexact=person.family_name)
    people = Person.objects.exclude(pk=person.pk).filter(near)
    if by is not None:
        seen_cases = Case.objects.visible_to(by).values("victim_id")
        seen_referrals = Referral.objects.visible_to(by).values("subject_id")
        people = people.filter(Q(pk__in=seen_cases) | Q(pk__in=seen_referrals))
    return people.prefetch_related("aliases").order_by("-created_at")[:MAX_DUPLICATE_CANDIDATES]


def _flag_possible_duplicates(*, referral: Referral, person: Person, by: User | None) -> int:
    found = possible_duplicates(person, _candidates(person, by))
    for other, reasons in found:
        flag = PossibleDuplicate(referral=referral, person=cast(Person, other), reasons=[str(r) for r in reasons])
        save_valid(flag)
    return len(found)


def self_referral_source(*, worried_about_own_behaviour: bool) -> tuple[str, str]:
    """(source, subject_role) for a public self-referral."""
    if worried_about_own_behaviour:
        return ReferralSource.PERPETRATOR_SELF, SubjectRole.PERPETRATOR
    return ReferralSource.SELF, SubjectRole.VICTIM
