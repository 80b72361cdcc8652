"""The people around a case: people causing harm, children and other adults at risk (``CaseParty``).

Who may change them is ``selectors.may_change_parties`` (whoever may manage the case, and whoever opened
it): a user who may see the case but not change it gets PermissionDenied (403), one who may not see it
Http404. Every change writes one audit entry with ids and codes only, never a name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.cases import selectors
from vawg.cases.hooks import CASE_PARTY_ADDED
from vawg.cases.models import Case, CaseParty, PartyRole
from vawg.cases.services._common import required_text
from vawg.core.models import save_valid
from vawg.people.models import Gender, Person
from vawg.people.rules import possible_duplicates
from vawg.people.services import person_create

MAX_DUPLICATE_CANDIDATES = 200


def _require_may_change(*, by: User, case: Case) -> None:
    if not Case.objects.visible_to(by).filter(pk=case.pk).exists():
        raise Http404(selectors.NO_SUCH_CASE)
    if not selectors.may_change_parties(user=by, case=case):
        raise PermissionDenied


def _check_date_of_birth(value: date | None) -> None:
    if value is not None and value >= timezone.localdate():
        raise ValidationError({"date_of_birth": "Date of birth must be in the past"})


def _child_details(
    role: str, lives_with_victim: bool | None, school_or_nursery: str, social_care: Organisation | None
) -> dict[str, Any]:
    """What only a child has; cleared for anyone else (so a change of role leaves nothing behind)."""
    if role != PartyRole.CHILD:
        return {"lives_with_victim": None, "school_or_nursery": "", "childrens_social_care": None}
    return {
        "lives_with_victim": lives_with_victim,
        "school_or_nursery": school_or_nursery.strip(),
        "childrens_social_care": social_care,
    }


def _duplicate_flags(*, person: Person, by: User) -> list[dict[str, Any]]:
    """People ``by`` may already see who may be the same as the new ``person`` (as for a referral's subject:
    those sharing a name or the date of birth are compared; a check that never reveals anyone)."""
    near = Q(given_name__iexact=person.given_name) if person.given_name else Q()
    if person.family_name:
        near |= Q(family_name__iexact=person.family_name)
    if person.date_of_birth is not None:
        near |= Q(date_of_birth=person.date_of_birth)
    candidates = (
        selectors.people_visible_to(by)
        .exclude(pk=person.pk)
        .filter(near)
        .prefetch_related("aliases")
        .order_by("-created_at")[:MAX_DUPLICATE_CANDIDATES]
    )
    found = possible_duplicates(person, candidates)
    return [{"person_id": str(other.pk), "reasons": [str(reason) for reason in reasons]} for other, reasons in found]


@transaction.atomic
def case_party_add(
    *,
    by: User,
    case: Case,
    role: str,
    relationship_to_victim: str = "",
    person: Person | None = None,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: date | None = None,
    gender: str = Gender.NOT_KNOWN,
    lives_with_victim: bool | None = None,
    school_or_nursery: str = "",
    childrens_social_care: Organisation | None = None,
    address: str = "",
    postcode: str = "",
    request: HttpRequest | None = None,
) -> CaseParty:
    """Record ``person`` (one ``by`` may see) or a new person made from the names as a party to ``case``.

    A new person is checked for possible duplicates among the people ``by`` may see. ``address`` and
    ``postcode`` (location-critical, stored encrypted, never shown with the party) are only for records
    brought in from elsewhere, such as the demo data: no page or API operation asks for them."""
    _require_may_change(by=by, case=case)
    flags: list[dict[str, Any]] = []
    if person is not None:
        if not selectors.people_visible_to(by).filter(pk=person.pk).exists():
            raise ValidationError({"person": "Select someone from the search results"})
    else:
        if not (given_name.strip() or family_name.strip()):
            raise ValidationError({"given_name": "Enter a given name or a family name"})
        _check_date_of_birth(date_of_birth)
        person = person_create(
            by=by,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            gender=gender or Gender.NOT_KNOWN,
            address=address,
            postcode=postcode,
        )
        flags = _duplicate_flags(person=person, by=by)
    party = CaseParty(
        case=case,
        person=person,
        role=role,
        relationship_to_victim=relationship_to_victim,
        added_by=by,
        possible_duplicates=flags,
        **_child_details(role, lives_with_victim, school_or_nursery, childrens_social_care),
    )
    save_valid(party)
    audit_record(
        action="cases.party.add",
        by=by,
        obj=case,
        request=request,
        details={"party_id": str(party.pk), "person_id": str(person.pk), "role": role, "flagged": len(flags)},
    )
    for added in CASE_PARTY_ADDED:
        added(party, by)
    return party


@transaction.atomic
def case_party_change(
    *,
    by: User,
    party: CaseParty,
    role: str,
    relationship_to_victim: str = "",
    date_of_birth: date | None = None,
    gender: str | None = None,
    lives_with_victim: bool | None = None,
    school_or_nursery: str = "",
    childrens_social_care: Organisation | None = None,
    request: HttpRequest | None = None,
) -> CaseParty:
    """Change a current party's role, relationship and (for a child) living arrangement, school and social
    care. The person's date of birth and gender are changed only when given (a person may be on several
    cases: their names are not changed here)."""
    case = party.case
    _require_may_change(by=by, case=case)
    if party.ended_at is not None:
        raise ValidationError({"party": "This person is no longer recorded on the case"})
    person = party.person
    if date_of_birth is not None or gender:
        _check_date_of_birth(date_of_birth)
        fields = ["updated_at"]
        if date_of_birth is not None:
            person.date_of_birth, person.approximate_age = date_of_birth, None
            fields += ["date_of_birth", "approximate_age"]
        if gender:
            person.gender = gender
            fields.append("gender")
        save_valid(person, update_fields=fields)
    role_changed = party.role != role
    party.role = role
    party.relationship_to_victim = relationship_to_victim
    for field, value in _child_details(role, lives_with_victim, school_or_nursery, childrens_social_care).items():
        setattr(party, field, value)
    save_valid(party)
    audit_record(
        action="cases.party.change",
        by=by,
        obj=case,
        request=request,
        details={"party_id": str(party.pk), "person_id": str(person.pk), "role": role},
    )
    if role_changed:
        for added in CASE_PARTY_ADDED:
            added(party, by)
    return party


@transaction.atomic
def case_party_end(*, by: User, party: CaseParty, reason: str, request: HttpRequest | None = None) -> CaseParty:
    """Stop recording someone as a party to the case (the row stays, with who ended it and when)."""
    case = party.case
    _require_may_change(by=by, case=case)
    reason = required_text(reason, field="reason", message="Enter why this person is no longer on the case")
    if party.ended_at is not None:
        raise ValidationError({"reason": "This person is no longer recorded on the case"})
    party.ended_at, party.ended_by, party.end_reason = timezone.now(), by, reason
    save_valid(party, update_fields=["ended_at", "ended_by", "end_reason", "updated_at"])
    # The reason is free text about a person: it stays on the row, out of the audit details.
    audit_record(
        action="cases.party.end",
        by=by,
        obj=case,
        request=request,
        details={"party_id": str(party.pk), "person_id": str(party.person_id), "role": party.role},
    )
    return party


def case_party_search_record(*, case: Case, by: User, results: int, request: HttpRequest | None = None) -> None:
    """Audit a search for someone to add to ``case``: how many were found, never the name searched for."""
    audit_record(action="cases.party.search", by=by, obj=case, request=request, details={"results": results})
