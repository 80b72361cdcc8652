"""Every write of a protective order or disclosure (docs/orders.md).

Each service checks ``justice.manage_orders`` (403) and sight of the respondent's record (404 otherwise),
validates with the rules (vawg/justice/rules/orders.py), saves through ``save_valid`` and writes one audit
entry (ids and codes only: never a condition's text, a breach summary or a place). The order's ``state``,
``ends_at`` and ``next_due_at`` are kept here, from the status history and the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.cases.models import Case
from vawg.cases.selectors import case_get_for
from vawg.core.dates import london_date
from vawg.core.models import save_valid
from vawg.intelligence.models import PersonCausingHarm
from vawg.justice.config.orders import MANAGE_ORDERS, ORDER_TYPES, VERSION, OrderTypeCode
from vawg.justice.models import (
    ORDER_TRANSITIONS,
    Order,
    OrderCondition,
    OrderProtectedPerson,
    OrderRequirement,
    OrderState,
    OrderStatus,
)
from vawg.justice.rules.orders import (
    age_error,
    deadlines_for,
    ends_at_for,
    next_action_due,
    period_error,
    rank_error,
)
from vawg.justice.selectors.orders import facts_of
from vawg.people.models import Person

NOT_FOUND = "No such order."
TRANSITION_ACTIONS = {
    "applied": "justice.order.apply",
    "made": "justice.order.make",
    "served": "justice.order.serve",
    "varied": "justice.order.vary",
    "extended": "justice.order.extend",
    "discharged": "justice.order.discharge",
    "refused": "justice.order.refuse",
    "expired": "justice.order.expire",
}
# The moment each starting state needs.
STATE_MOMENT = {OrderState.APPLIED: "applied_at", OrderState.MADE: "made_at", OrderState.SERVED: "served_at"}
NOTICES = (OrderTypeCode.DVPN, OrderTypeCode.DAPN)
ORDER_FOR_NOTICE = {OrderTypeCode.DVPN: OrderTypeCode.DVPO, OrderTypeCode.DAPN: OrderTypeCode.DAPO}


@dataclass(frozen=True)
class Protected:
    person: Person
    case: Case | None = None


@dataclass(frozen=True)
class Term:
    """A condition or requirement: its kind and text (location data)."""

    kind: str
    text: str


def dapo_available() -> bool:
    """Whether this partnership is a DAPN/DAPO pilot area (the VAWG_DAPO_AVAILABLE setting)."""
    return bool(getattr(settings, "DAPO_AVAILABLE", False))


def type_offered(order_type: str) -> bool:
    rules = ORDER_TYPES.get(order_type)
    return rules is not None and (not rules.needs_switch or dapo_available())


def _may_manage(by: User, respondent: PersonCausingHarm) -> None:
    if not by.has_perm(MANAGE_ORDERS):
        raise PermissionDenied
    if not PersonCausingHarm.objects.visible_to(by).filter(pk=respondent.pk).exists():
        raise Http404("No such person causing harm.")


def locked(order: Order, by: User) -> Order:
    """The order again, locked, if ``by`` may manage it (403 without the permission, 404 otherwise)."""
    if not by.has_perm(MANAGE_ORDERS):
        raise PermissionDenied
    found = Order.objects.visible_to(by).filter(pk=order.pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    _may_manage(by, found.respondent)
    return Order.objects.select_for_update().select_related("respondent__person").get(pk=order.pk)


def _keep_timers(order: Order) -> None:
    order.ends_at = None if order.until_further_order else ends_at_for(order.ends_on)
    order.next_due_at = next_action_due(deadlines_for(facts_of(order)))
    order.rules_version = VERSION


def _acting_organisation(by: User) -> Organisation:
    membership = by.active_memberships().order_by("created_at").first()
    if membership is None:
        raise PermissionDenied
    return membership.organisation


def _victim_case(person: Person) -> Case | None:
    """The person's newest open case as its victim (found for the link; shown only to those who see it)."""
    return Case.objects.open().filter(victim=person).order_by("-created_at").first()


def _allowed(order: Order, state: str) -> None:
    if state not in ORDER_TRANSITIONS.get(order.state or "", frozenset()):
        now = order.get_state_display() or "new"
        raise ValidationError({"to": f"An order that is {now.lower()} cannot become {state}"})


def _status(order: Order, state: str, at: datetime, by: User, reason: str = "") -> OrderStatus:
    """The status row of the state the order (already saved in it) has moved to."""
    row = OrderStatus(order=order, state=state, at=at, reason=reason.strip(), created_by=by)
    save_valid(row)
    return row


def _check(order: Order, errors: dict[str, str]) -> None:
    on = london_date(order.served_at or order.made_at or order.applied_at or timezone.now())
    if error := rank_error(order.order_type, order.authorising_rank):
        errors["authorising_rank"] = error
    if error := age_error(order.order_type, order.respondent.person.date_of_birth, on):
        errors["respondent"] = error
    made_on = london_date(order.made_at) if order.made_at else None
    period = order.ends_on is not None or order.made_at is not None or order.until_further_order
    ends, until = order.ends_on, order.until_further_order
    if period and (error := period_error(order.order_type, made_on=made_on, ends_on=ends, until_further=until)):
        errors["ends_on"] = error
    if order.order_type in NOTICES and not (order.victim_view_considered and order.child_welfare_considered):
        errors["considerations"] = "Confirm the victim's view and the welfare of any child were considered"
    if ORDER_TYPES[order.order_type].is_disclosure and not order.dvds_applicant:
        errors["dvds_applicant"] = "Select who applied"


@transaction.atomic
def order_record(
    *,
    by: User,
    respondent: PersonCausingHarm,
    order_type: str,
    state: str,
    protected: Sequence[Protected],
    conditions: Sequence[Term] = (),
    requirements: Sequence[Term] = (),
    parent: Order | None = None,
    owning_officer: User | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Order:
    """Record an order, notice or disclosure on ``respondent``, protecting ``protected`` (each linked to
    their case: the one given, else their newest open case as victim). ``state`` is where it starts
    (applied, made or served) and needs its moment in ``fields`` (applied_at, made_at, served_at).
    ``fields`` are Order fields (issuing_body, reference, ends_on, authorising_rank, ...)."""
    _may_manage(by, respondent)
    if not type_offered(order_type):
        raise ValidationError({"order_type": "This type of order is not available in this area"})
    order = Order(
        order_type=order_type,
        respondent=respondent,
        owning_organisation=_acting_organisation(by),
        owning_officer=owning_officer or by,
        parent=parent,
        created_by=by,
        **fields,
    )
    errors: dict[str, str] = {}
    moment = STATE_MOMENT.get(state)  # type: ignore[call-overload]
    if moment is None:
        errors["state"] = "Select whether it was applied for, made or served"
    elif getattr(order, moment) is None:
        errors[moment] = "Enter when this happened"
    if not protected:
        errors["protected"] = "Add at least one person the order protects"
    _check(order, errors)
    if errors:
        raise ValidationError(errors)
    _allowed(order, state)
    order.state = state
    _keep_timers(order)
    save_valid(order)
    _status(order, state, getattr(order, moment), by)
    for each in protected:
        save_valid(OrderProtectedPerson(order=order, person=each.person, case=each.case or _victim_case(each.person)))
    for term in conditions:
        if term.text.strip():
            save_valid(OrderCondition(order=order, kind=term.kind, text=term.text.strip(), created_by=by))
    for term in requirements:
        if term.text.strip():
            save_valid(OrderRequirement(order=order, kind=term.kind, text=term.text.strip(), created_by=by))
    audit_record(
        action="justice.order.record",
        by=by,
        obj=order,
        request=request,
        details={
            "order_id": order.pk,
            "order_type": order_type,
            "state": state,
            "respondent_id": respondent.pk,
            "protected": len(protected),
            "parent_id": parent.pk if parent else None,
        },
    )
    return order


@transaction.atomic
def order_transition(
    *,
    order: Order,
    to: str,
    at: datetime,
    by: User,
    reason: str = "",
    ends_on: Any = None,
    until_further_order: bool | None = None,
    request: HttpRequest | None = None,
) -> Order:
    """Move an order to ``to`` at ``at`` (served, made, varied, extended, discharged, refused, expired).
    Made sets ``made_at``, served ``served_at``; varied or extended may set a new last day in force."""
    order = locked(order, by)
    _allowed(order, to)
    if to == OrderState.MADE:
        order.made_at = at
    if to == OrderState.SERVED:
        order.served_at = at
    if ends_on is not None:
        order.ends_on = ends_on
    if until_further_order is not None:
        order.until_further_order = until_further_order
    if to == OrderState.EXTENDED and ends_on is None and not order.until_further_order:
        raise ValidationError({"ends_on": "Enter the new last day the order is in force"})
    errors: dict[str, str] = {}
    _check(order, errors)
    errors.pop("considerations", None)  # recorded when the notice was; not asked again
    if errors:
        raise ValidationError(errors)
    order.state = to
    _keep_timers(order)
    save_valid(order)
    status = _status(order, to, at, by, reason)
    audit_record(
        action=TRANSITION_ACTIONS[to],
        by=by,
        obj=order,
        request=request,
        details={"order_id": order.pk, "state": to, "status_id": status.pk},
    )
    return order


@transaction.atomic
def order_decide(*, order: Order, decision: str, at: datetime, by: User, request: HttpRequest | None = None) -> Order:
    """Record a DVDS decision (disclose or not) and when it was made: the decision deadline is met."""
    order = locked(order, by)
    if not ORDER_TYPES[order.order_type].is_disclosure:
        raise ValidationError({"decision": "Only a DVDS application has a disclosure decision"})
    if order.decided_at is not None:
        raise ValidationError({"decision": "The decision is already recorded"})
    order.dvds_decision, order.decided_at = decision, at
    _keep_timers(order)
    save_valid(order)
    audit_record(
        action="justice.order.decide",
        by=by,
        obj=order,
        request=request,
        details={"order_id": order.pk, "decision": decision},
    )
    return order


@transaction.atomic
def order_notify(*, order: Order, at: datetime, by: User, request: HttpRequest | None = None) -> Order:
    """Record that the respondent notified the police of their name and home address (SPO s9): the
    notification deadline is met. The address itself is never recorded here."""
    order = locked(order, by)
    if order.order_type not in (OrderTypeCode.SPO, OrderTypeCode.INTERIM_SPO):
        raise ValidationError({"at": "Only a stalking protection order has this notification"})
    order.notified_at = at
    _keep_timers(order)
    save_valid(order)
    audit_record(action="justice.order.notify", by=by, obj=order, request=request, details={"order_id": order.pk})
    return order


@transaction.atomic
def order_determine(
    *,
    notice: Order,
    made: bool,
    heard_at: datetime,
    by: User,
    ends_on: Any = None,
    conditions: Sequence[Term] = (),
    reference: str = "",
    request: HttpRequest | None = None,
) -> Order | None:
    """The outcome of the order application a DVPN (or DAPN) started: the hearing deadline is met; if the
    court made the order, a DVPO (or DAPO) pointing at the notice, protecting the same people, is recorded
    and the notice is discharged; otherwise the notice is refused. Returns the new order, or None."""
    notice = locked(notice, by)
    if notice.order_type not in NOTICES:
        raise ValidationError({"made": "Only a DVPN or DAPN leads to an order application"})
    if notice.determined_at is not None:
        raise ValidationError({"made": "The outcome is already recorded"})
    notice.determined_at = heard_at
    made_order = None
    if made:
        protected = [Protected(person=row.person, case=row.case) for row in notice.protected.all()]
        made_order = order_record(
            by=by,
            respondent=notice.respondent,
            order_type=ORDER_FOR_NOTICE[OrderTypeCode(notice.order_type)],
            state=OrderState.MADE,
            protected=protected,
            conditions=conditions,
            parent=notice,
            owning_officer=notice.owning_officer,
            made_at=heard_at,
            ends_on=ends_on,
            issuing_body="Magistrates' court",
            reference=reference,
            request=request,
        )
    outcome = OrderState.DISCHARGED if made else OrderState.REFUSED
    _allowed(notice, outcome)
    notice.state = outcome
    _keep_timers(notice)
    save_valid(notice)
    reason = "The court made the order" if made else "The court refused the order"
    _status(notice, outcome, heard_at, by, reason)
    audit_record(
        action="justice.order.determine",
        by=by,
        obj=notice,
        request=request,
        details={"order_id": notice.pk, "made": made, "new_order_id": made_order.pk if made_order else None},
    )
    return made_order


@transaction.atomic
def order_protected_case_link(
    *, protected: OrderProtectedPerson, case: Case, by: User, request: HttpRequest | None = None
) -> OrderProtectedPerson:
    """Link a protected person to their case (one ``by`` may see, whose victim they are)."""
    locked(protected.order, by)
    case = case_get_for(user=by, case_id=case.pk)
    if case.victim_id != protected.person_id:
        raise ValidationError({"case": "Choose a case of the person the order protects"})
    protected.case = case
    save_valid(protected)
    audit_record(
        action="justice.order_protected_person.link",
        by=by,
        obj=protected.order,
        request=request,
        details={"order_id": protected.order_id, "protected_id": protected.pk, "case_id": case.pk},
    )
    return protected


def order_list_record(*, by: User, show: str, rows: int, request: HttpRequest | None = None) -> None:
    """The one audit entry of a page listing orders (its filter code and how many rows it showed)."""
    audit_record(action="justice.order.list", by=by, request=request, details={"show": show, "rows": rows})
