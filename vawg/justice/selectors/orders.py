"""Reads of protective orders, each starting at ``Order.objects.visible_to`` (docs/orders.md): one order
(404 otherwise), the register and its filters, a person's orders, a case's, and the My work counts."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import Membership, User
from vawg.accounts.roles import holders_of
from vawg.audit.services import audit_read
from vawg.cases.models import VIEW_CASES, Case, CaseTeamMember
from vawg.intelligence.models import PersonCausingHarm, PoliceIncident
from vawg.intelligence.selectors.harm import cases_of, forces_of
from vawg.justice.config.orders import OrderTypeCode
from vawg.justice.models import Order, OrderBreach, OrderProtectedPerson, OrderQuerySet, OrderStatus
from vawg.justice.rules.orders import OrderFacts
from vawg.people.models import Person

NOT_FOUND = "No such order."
FILTERS = {"due": "Due within 48 hours", "overdue": "Overdue", "expired": "Expired", "live": "Live"}


def facts_of(order: Order) -> OrderFacts:
    """What the rules need to know of ``order`` to give its deadlines."""
    return OrderFacts(
        order_type=order.order_type,
        applied_at=order.applied_at,
        served_at=order.served_at,
        ends_at=order.ends_at,
        decided_at=order.decided_at,
        determined_at=order.determined_at,
        notified_at=order.notified_at,
        replaces_interim=order.order_type == OrderTypeCode.SPO and order.parent_id is not None,
    )


def protected_candidates(*, user: User, record: PersonCausingHarm) -> list[Person]:
    """People an order on ``record`` may protect: victims in the user's force's incidents with them, and
    victims of the cases the user may see where they are the person causing harm."""
    forces = forces_of(user)
    ids = set(
        PoliceIncident.objects.filter(perpetrator=record, organisation__in=forces).values_list("victim_id", flat=True)
    )
    ids |= {party.case.victim_id for party in cases_of(record=record, user=user)}
    return list(Person.objects.filter(pk__in=ids).order_by("family_name", "given_name"))


def order_get_for(*, user: User, order_id: uuid.UUID | str) -> Order:
    """The order if ``user`` may see it (a read that is audited); otherwise 404, as for none."""
    try:
        order = (
            Order.objects.visible_to(user)
            .select_related("respondent__person", "owning_organisation", "owning_officer", "parent")
            .get(pk=order_id)
        )
    except (Order.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    return audit_read(action="justice.order.view", obj=order)


def protected_get_for(*, order: Order, protected_id: uuid.UUID | str) -> OrderProtectedPerson:
    found = OrderProtectedPerson.objects.filter(order=order, pk=protected_id).select_related("person").first()
    if found is None:
        raise Http404("No such protected person.")
    return found


def _listed(orders: OrderQuerySet) -> OrderQuerySet:
    return orders.select_related("respondent__person", "owning_officer").order_by("next_due_at", "-created_at")


def orders_for(*, user: User, show: str = "", order_type: str = "", mine: bool = False) -> OrderQuerySet:
    """The register: the orders ``user`` may see, filtered by ``show`` (a FILTERS key), type and owner."""
    now = timezone.now()
    orders = Order.objects.visible_to(user)
    if mine:
        orders = orders.filter(owning_officer=user)
    if show == "due":
        orders = orders.due_within(now)
    elif show == "overdue":
        orders = orders.overdue(now)
    elif show == "expired":
        orders = orders.expired(now)
    elif show == "live":
        orders = orders.live()
    elif show == "attention":
        orders = orders.due_or_overdue(now)
    if order_type:
        orders = orders.filter(order_type=order_type)
    return _listed(orders)


def officer_orders_due(user: User) -> OrderQuerySet:
    """My work: the orders ``user`` owns with a deadline in the next 48 hours or overdue."""
    return orders_for(user=user, show="attention", mine=True)


def officer_orders_due_count(user: User) -> int:
    return officer_orders_due(user).count()


def your_cases(user: User) -> Exists:
    """Orders protecting someone through a case ``user`` is on the open team of, and may see."""
    cases = CaseTeamMember.objects.filter(user=user.pk, ended_at__isnull=True).values("case_id")
    return Exists(
        OrderProtectedPerson.objects.filter(
            order=OuterRef("pk"), case__in=Case.objects.visible_to(user).filter(pk__in=cases)
        )
    )


def case_orders_due(user: User, now: datetime | None = None) -> OrderQuerySet:
    """My work for caseworkers: orders protecting their cases' victims with a deadline in the next 48 hours."""
    orders = Order.objects.visible_to(user).filter(your_cases(user)).due_within(now or timezone.now())
    return _listed(orders)


def case_orders_due_count(user: User) -> int:
    return case_orders_due(user).count()


def orders_of(*, user: User, respondent: PersonCausingHarm) -> OrderQuerySet:
    return _listed(Order.objects.visible_to(user).filter(respondent=respondent))


def orders_protecting(*, user: User, case: Case) -> OrderQuerySet:
    """Orders the user may see that protect the case's victim."""
    protecting = OrderProtectedPerson.objects.filter(order=OuterRef("pk"), person=case.victim_id)
    return _listed(Order.objects.visible_to(user).filter(Exists(protecting)))


def order_page_parts(order: Order) -> Order:
    """The order with its protected people, conditions, requirements, history and breaches (bounded)."""
    return (
        Order.objects.filter(pk=order.pk)
        .prefetch_related(
            Prefetch("protected", queryset=OrderProtectedPerson.objects.select_related("person", "case")),
            "conditions",
            "requirements",
            Prefetch("statuses", queryset=OrderStatus.objects.select_related("created_by").order_by("created_at")),
            Prefetch("breaches", queryset=OrderBreach.objects.select_related("protected__person", "incident")),
            "successors",
        )
        .select_related("respondent__person", "owning_organisation", "owning_officer", "parent")
        .get()
    )


def crimes_of(breaches: list[OrderBreach]) -> dict[tuple[object, str], PoliceIncident]:
    """The force's imported incidents matching the breaches' crime references (now or after an import)."""
    wanted = Q()
    for breach in breaches:
        if breach.crime_reference:
            wanted |= Q(organisation=breach.force_id, incident_id=breach.crime_reference)
    if not wanted:
        return {}
    return {(row.organisation_id, row.incident_id): row for row in PoliceIncident.objects.filter(wanted)}


def visible_case_ids(*, user: User, case_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    return set(Case.objects.visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True))


def sees_case(user: User, *, case_id: uuid.UUID) -> bool:
    return Case.objects.visible_to(user).filter(pk=case_id).exists()


def sees_order(user: User, *, order_id: uuid.UUID) -> bool:
    return Order.objects.visible_to(user).filter(pk=order_id).exists()


def case_workers(case: Case) -> list[User]:
    """The case's open team and the caseworkers (``cases.view_cases``) of its owning agency."""
    team = CaseTeamMember.objects.filter(case=case, ended_at__isnull=True).values("user_id")
    agency = Membership.objects.active().filter(
        organisation=case.owning_organisation_id, role__in=holders_of(VIEW_CASES)
    )
    return list(User.objects.filter(Q(pk__in=team) | Q(pk__in=agency.values("user_id")), is_active=True).distinct())
