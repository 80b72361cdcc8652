"""``manage.py notifications_orders_due``: tell the owning officer, and the protected victim's caseworkers,
of each order deadline due within 48 hours or overdue (docs/orders.md#alerts).

Run it every hour from the host's scheduler (README, "Scheduled jobs"). Each recipient is told once per
order, deadline and due moment (the event key holds them), so a new deadline tells them again; anyone
the order (or the case) is now hidden from is never told. The message carries no detail, only a link.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.justice.config.orders import DUE_SOON_HOURS
from vawg.justice.models import ENDED_STATES, Order
from vawg.justice.rules.orders import DeadlineState, deadline_state, deadlines_for
from vawg.justice.selectors.orders import case_workers, facts_of, sees_order
from vawg.notifications.selectors import recipients_who_see
from vawg.notifications.services import notification_queue

ALERTING = (DeadlineState.SOON, DeadlineState.OVERDUE)


def _recipients(order: Order) -> list[User]:
    people = [order.owning_officer]
    for protected in order.protected.all():
        if protected.case is not None and protected.case.is_open:
            people.extend(case_workers(protected.case))
    return list({user.pk: user for user in people}.values())


def orders_due_notify() -> int:
    """Queue one order-deadline message per recipient, order, deadline and due moment; return how many."""
    now = timezone.now()
    soon = now + timedelta(hours=DUE_SOON_HOURS)
    orders = (
        Order.objects.exclude(state__in=ENDED_STATES)
        .filter(next_due_at__lte=soon)
        .select_related("owning_officer")
        .prefetch_related("protected__case")
    )
    queued = 0
    for order in orders:
        for deadline in deadlines_for(facts_of(order)):
            if deadline.is_end or deadline_state(deadline, now) not in ALERTING:
                continue
            queued += notification_queue(
                kind="order-deadline",
                recipients=recipients_who_see(_recipients(order), sees=partial(sees_order, order_id=order.pk)),
                event=f"order:{order.pk}:{deadline.code}:{deadline.due_at.isoformat()}",
                link=reverse("orders:order_detail", kwargs={"order_id": order.pk}),
            )
    return queued


class Command(BaseCommand):
    help = "Tell officers and caseworkers of order deadlines within 48 hours or overdue (once per deadline)."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = orders_due_notify()
        self.stdout.write(f"Queued {queued} notification(s) of order deadlines.")
