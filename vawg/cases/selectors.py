"""Reads of cases, each through the ``visible_to`` gate: what the user may not see is 404, exactly as
for a record that does not exist.

- ``case_get_for``: a case the user may see; ``case_get_to_manage``: one they may also manage
  (``cases.manage_case`` at the owning agency); ``may_change_parties`` and ``case_party_get_for`` for the
  people around a case.
- The team members, agency links, grants and deny-list entries of a case already gated.
- ``alerts_for``: break-glass alerts to the user's agencies about cases they can see.
- The rules the audit app asks (vawg/audit/hooks.py): who may see who has accessed a case or its victim.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from vawg.accounts.models import Membership, User
from vawg.audit.services import audit_read
from vawg.cases.models import (
    REVEAL_CONTACT,
    VIEW_CASES,
    Case,
    CaseAccessGrant,
    CaseAgency,
    CaseAlert,
    CaseDenyEntry,
    CaseParty,
    CaseTeamMember,
)
from vawg.people.models import Person, PersonAlias

NO_SUCH_CASE = "No such case."


def case_get_for(*, user: User, case_id: uuid.UUID | str) -> Case:
    """The case ``case_id`` if ``user`` may see it; otherwise 404, exactly as for a case that does not exist."""
    try:
        return audit_read(action="cases.case.view", obj=Case.objects.visible_to(user).get(pk=case_id))
    except (Case.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404(NO_SUCH_CASE) from None


def case_get_to_manage(*, user: User, case_id: uuid.UUID | str) -> Case:
    """The case ``case_id`` if ``user`` may manage its access; otherwise 404."""
    try:
        return Case.objects.managed_by(user).get(pk=case_id)
    except (Case.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404(NO_SUCH_CASE) from None


def may_manage(*, user: User, case: Case) -> bool:
    """Whether ``user`` may manage the (already visible) ``case``."""
    return Case.objects.managed_by(user).filter(pk=case.pk).exists()


def may_change_parties(*, user: User, case: Case) -> bool:
    """Whether ``user`` may record, change and end the people around the (already visible) ``case``: whoever
    may manage it (the rule for its team and status), and whoever opened it (docs/access-control.md)."""
    return case.created_by_id == user.pk or may_manage(user=user, case=case)


def people_visible_to(user: User) -> QuerySet[Person]:
    """People ``user`` may see: the victims of the cases they may see and the current parties to them."""
    cases = Case.objects.visible_to(user)
    parties = CaseParty.objects.current().filter(case__in=cases).values("person_id")
    return Person.objects.filter(Q(pk__in=cases.values("victim_id")) | Q(pk__in=parties))


def party_candidates_for(*, user: User, case: Case, name: str) -> QuerySet[Person]:
    """People ``user`` may see whose given name, family name or an alias holds every word of ``name``, who are
    not ``case``'s victim or already on it (the add page's search)."""
    people = people_visible_to(user).exclude(pk=case.victim_id)
    people = people.exclude(pk__in=CaseParty.objects.current().filter(case=case).values("person_id"))
    for word in name.split():
        alias = Exists(PersonAlias.objects.filter(person=OuterRef("pk"), name__icontains=word))
        people = people.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word) | alias)
    return people.order_by("family_name", "given_name", "pk")


def case_party_get_for(*, case: Case, party_id: uuid.UUID | str) -> CaseParty:
    """A current party to ``case`` (the case already gated); 404 otherwise. A read of the person."""
    try:
        party = CaseParty.objects.current().select_related("person").get(case=case, pk=party_id)
    except (CaseParty.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such person on this case.") from None
    return audit_read(action="cases.party.view", obj=party)


def may_reveal_contact(*, user: User, case: Case) -> bool:
    """Whether ``user`` may see the victim's address and contact details of the (already visible) ``case``:
    they hold ``cases.reveal_contact`` or may manage the case (docs/access-control.md)."""
    return user.has_perm(REVEAL_CONTACT) or may_manage(user=user, case=case)


def team_member_get_for(*, case: Case, team_member_id: uuid.UUID) -> CaseTeamMember:
    """A current member of ``case``'s team (the case already gated); 404 otherwise."""
    found = CaseTeamMember.objects.current().select_related("user").filter(case=case, pk=team_member_id).first()
    if found is None:
        raise Http404("No such team member.")
    return found


def case_agency_get_for(*, case: Case, case_agency_id: uuid.UUID) -> CaseAgency:
    """An agency currently working on ``case`` (the case already gated); 404 otherwise."""
    found = CaseAgency.objects.current().select_related("organisation").filter(case=case, pk=case_agency_id).first()
    if found is None:
        raise Http404("No such agency.")
    return found


def grant_get_for(*, case: Case, grant_id: uuid.UUID) -> CaseAccessGrant:
    """A grant of ``case`` still in force (the case already gated); 404 otherwise."""
    found = CaseAccessGrant.objects.in_force().select_related("organisation").filter(case=case, pk=grant_id).first()
    if found is None:
        raise Http404("No such grant.")
    return found


def deny_entry_get_for(*, case: Case, deny_entry_id: uuid.UUID) -> CaseDenyEntry:
    """A current deny-list entry of ``case`` (the case already gated); 404 otherwise."""
    found = CaseDenyEntry.objects.current().select_related("user").filter(case=case, pk=deny_entry_id).first()
    if found is None:
        raise Http404("No such entry.")
    return found


# "My work" (vawg/accounts/hooks.py): grants about to end, so the agency can renew or let them lapse.
GRANT_EXPIRING_DAYS = 14


def grants_expiring_for(user: User) -> QuerySet[CaseAccessGrant]:
    """Access grants in force that end within ``GRANT_EXPIRING_DAYS`` days, on cases ``user`` may see, that
    one of their casework agencies holds or made (the case's owning agency makes its grants): the
    expiring-grants list and its count on "My work", in one query."""
    agencies = Membership.objects.active().of_active_user(user).holding(VIEW_CASES).values("organisation_id")
    grants = CaseAccessGrant.objects.expiring_within(GRANT_EXPIRING_DAYS).filter(
        case__in=Case.objects.visible_to(user)
    )
    return grants.filter(organisation__in=agencies) | grants.filter(case__owning_organisation__in=agencies)


def grants_expiring_count(user: User) -> int:
    return grants_expiring_for(user).count()


def alerts_for(user: User) -> QuerySet[CaseAlert]:
    """Alerts to the user's agencies, about cases they can see (a restricted case's alerts go to its team)."""
    mine = Membership.objects.active().filter(user=user.pk, organisation=OuterRef("organisation"))
    return (
        CaseAlert.objects.filter(Exists(mine), case__in=Case.objects.visible_to(user))
        .select_related("case", "break_glass__user")
        .order_by("-created_at")
    )


def alert_get_for(*, user: User, alert_id: uuid.UUID) -> CaseAlert:
    """An alert ``user`` may see; 404 otherwise."""
    found = alerts_for(user).filter(pk=alert_id).first()
    if found is None:
        raise Http404("No such alert.")
    return audit_read(action="cases.alert.view", obj=found)


# Rules for vawg/audit/hooks.py RECORD_ACCESS_RULES (registered in CasesConfig.ready()) ---------------
# Whoever may manage a case (``cases.manage_case`` at the owning agency, the case visible to them) may see
# who has accessed it, and who has seen its victim's contact details.


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def may_see_case_accesses(user: User, object_id: str) -> bool:
    pk = _uuid(object_id)
    return pk is not None and Case.objects.managed_by(user).filter(pk=pk).exists()


def may_see_victim_accesses(user: User, object_id: str) -> bool:
    pk = _uuid(object_id)
    return pk is not None and Case.objects.managed_by(user).filter(victim_id=pk).exists()
