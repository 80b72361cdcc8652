"""Breaches of protective orders (docs/orders.md#breaches): the breach, the incident it records on the
protected person's case through risk (a MARAC repeat follows), and the message to the case's workers."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.dates import london_date
from vawg.core.models import save_valid
from vawg.justice.models import Order, OrderBreach, OrderProtectedPerson
from vawg.justice.selectors.orders import case_workers, sees_case
from vawg.justice.services.orders import locked
from vawg.notifications.selectors import recipients_who_see
from vawg.notifications.services import notification_queue
from vawg.risk.models import IncidentKind
from vawg.risk.services import incident_record_for_job


@transaction.atomic
def order_breach_record(
    *,
    order: Order,
    protected: OrderProtectedPerson,
    occurred_at: datetime,
    summary: str,
    crime_reference: str = "",
    by: User,
    request: HttpRequest | None = None,
) -> OrderBreach:
    """Record a breach, and exactly one "breach" incident on the protected person's linked open case
    (through risk, so a MARAC repeat follows within 12 months of the last referral), even when ``by``
    may not see that case: nothing about it is shown to them. The case's team and its agency's
    caseworkers who see it are told (``order-breach``). Recording the same breach again (same order,
    person and moment) returns the first and records nothing more."""
    order = locked(order, by)
    if protected.order_id != order.pk:
        raise Http404("No such protected person.")
    if occurred_at > timezone.now():
        raise ValidationError({"occurred_at": "The breach must be in the past"})
    existing: OrderBreach | None = OrderBreach.objects.filter(
        order=order, protected=protected, occurred_at=occurred_at
    ).first()
    if existing is not None:
        return existing
    case = protected.case
    incident = None
    if case is not None and case.is_open:
        incident = incident_record_for_job(
            case=case,
            by=by,
            system_job="justice.breach",
            occurred_on=london_date(occurred_at),
            reported_by_organisation=order.owning_organisation,
            kind=IncidentKind.BREACH,
            request=request,
        )
    breach = OrderBreach(
        order=order,
        protected=protected,
        occurred_at=occurred_at,
        summary=summary.strip(),
        crime_reference=crime_reference.strip(),
        force=order.owning_organisation,
        incident=incident,
        created_by=by,
    )
    save_valid(breach)
    audit_record(
        action="justice.order_breach.record",
        by=by,
        obj=order,
        request=request,
        details={
            "order_id": order.pk,
            "breach_id": breach.pk,
            "incident_id": incident.pk if incident else None,
            "crime_reference_given": bool(breach.crime_reference),
        },
    )
    if case is not None and incident is not None:
        notification_queue(
            kind="order-breach",
            recipients=recipients_who_see(case_workers(case), sees=partial(sees_case, case_id=case.pk)),
            event=f"order-breach:{breach.pk}",
            link=reverse("cases:case_detail", kwargs={"case_id": case.pk}),
        )
    return breach
