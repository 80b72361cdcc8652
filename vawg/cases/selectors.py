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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import District, Membership, User
from vawg.accounts.roles import holders_of
from vawg.audit.services import audit_read
from vawg.cases import rules
from vawg.cases.config import NO_CONTACT_DAYS
from vawg.cases.hooks import CASE_LIST_FILTERS, FORM_OF_ABUSE, MARAC_RECENT
from vawg.cases.models import (
    REVEAL_CONTACT,
    VIEW_CASES,
    Case,
    CaseAccessGrant,
    CaseAgency,
    CaseAlert,
    CaseDenyEntry,
    CaseParty,
    CaseQuerySet,
    CaseStatusValue,
    CaseTeamMember,
    ChronologyEntry,
    ChronologyKind,
    RiskLevel,
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
    grants = CaseAccessGrant.objects.expiring_within(GRANT_EXPIRING_DAYS).filter(case__in=Case.objects.visible_to(user))
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


# The case list: its filters (parsed by vawg/cases/rules.py) and one query for a page (docs/case-list.md) ------


@dataclass(frozen=True)
class CaseListChoices:
    """The values each filter of the case list offers (codes and labels)."""

    districts: list[tuple[str, str]]
    forms_of_abuse: list[tuple[str, str]]
    marac: bool  # whether the MARAC filter is offered (marac registered it)


def case_list_choices() -> CaseListChoices:
    abuse = CASE_LIST_FILTERS.get(FORM_OF_ABUSE)
    return CaseListChoices(
        districts=list(District.objects.order_by("name").values_list("slug", "name")),
        forms_of_abuse=list(abuse.choices()) if abuse else [],
        marac=MARAC_RECENT in CASE_LIST_FILTERS,
    )


def case_list_query_from(params: Mapping[str, Sequence[str]], choices: CaseListChoices) -> rules.ParsedQuery:
    """The case list's filters read from the query string, against the values on offer."""
    return rules.parse_case_list_query(
        params,
        risk_levels=RiskLevel.values,
        statuses=CaseStatusValue.values,
        districts=[slug for slug, _ in choices.districts],
        forms_of_abuse=[code for code, _ in choices.forms_of_abuse],
        marac=choices.marac,
    )


def _casework_agencies(user: User) -> QuerySet[Membership, Any]:
    """The agencies where ``user`` holds a casework role (as the case gate counts them), as organisation ids."""
    memberships = Membership.objects.active().filter(user=user.pk, user__is_active=True)
    return memberships.filter(role__in=holders_of(VIEW_CASES)).values("organisation_id")


def whose_filter(user: User, whose: str) -> Q:
    """Whose cases (``rules.WHOSE``): "mine" is on the open case team or opened the case (the case list
    and the API's ``mine=true`` alike); "team", "agency"; anything else narrows nothing."""
    case = OuterRef("pk")
    if whose == "mine":
        on_team = CaseTeamMember.objects.current().filter(case=case, user=user.pk)
        return Q(created_by=user.pk) | Q(Exists(on_team))
    if whose == "team":
        colleagues = Membership.objects.active().filter(organisation__in=_casework_agencies(user)).values("user_id")
        return Q(Exists(CaseTeamMember.objects.current().filter(case=case, user__in=colleagues)))
    if whose == "agency":
        return Q(owning_organisation__in=_casework_agencies(user))
    return Q()


def _row_by_row(condition: Any) -> CaseWhen:
    """``condition`` wrapped in CASE, so PostgreSQL checks it on each case the gate has let through (a
    subplan on the referral's or MARAC referral's ``case_id`` index) instead of first joining every
    matching row in the partnership: at 100,000 cases that plan took 1.4 s for a common form of abuse."""
    return CaseWhen(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def case_list_for(*, user: User, query: rules.CaseListQuery) -> CaseQuerySet:
    """The cases ``user`` may see (``visible_to`` first: filters only narrow it), filtered and sorted by
    ``query``, with ``last_activity``, ``risk_rank``, ``no_recent_contact`` and (when marac registered it)
    ``marac_recent`` annotated: one query for any number of rows, whatever the filters."""
    case = OuterRef("pk")
    since = timezone.now() - timedelta(days=NO_CONTACT_DAYS)
    latest = ChronologyEntry.objects.filter(case=case).order_by("-created_at").values("created_at")[:1]
    contacted = Exists(ChronologyEntry.objects.filter(case=case, kind=ChronologyKind.CONTACT, created_at__gte=since))
    no_contact = Q(created_at__lte=since) & ~Q(contacted)
    ranks = [When(current_risk_level=level, then=Value(rank)) for level, rank in rules.RISK_RANK.items()]
    cases = Case.objects.visible_to(user).annotate(
        last_activity=Coalesce(Subquery(latest), F("created_at")),
        risk_rank=CaseWhen(*ranks, default=Value(0), output_field=IntegerField()),
        no_recent_contact=ExpressionWrapper(no_contact, output_field=BooleanField()),
    )
    marac = CASE_LIST_FILTERS.get(MARAC_RECENT)
    if marac is not None:
        cases = cases.annotate(marac_recent=ExpressionWrapper(Q(marac.condition(rules.YES)), BooleanField()))
    cases = cases.filter(whose_filter(user, query.whose))
    if query.risk:
        cases = cases.filter(current_risk_level__in=query.risk)
    if query.status:
        cases = cases.filter(current_status__in=query.status)
    if query.district:
        cases = cases.filter(district__slug=query.district)
    abuse = CASE_LIST_FILTERS.get(FORM_OF_ABUSE)
    if query.abuse and abuse is not None:
        cases = cases.filter(_row_by_row(abuse.condition(query.abuse)))
    if query.marac and marac is not None:
        cases = cases.filter(_row_by_row(marac.condition(rules.YES)))
    if query.no_contact:
        cases = cases.filter(no_recent_contact=True)
    return cases.for_list().order_by(*rules.order_for(query.sort))
