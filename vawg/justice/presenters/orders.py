"""Formatting of protective orders for the GOV.UK components (docs/orders.md): timers with their tags, the
register's rows, the order page's summary, and the sections on the case and person-causing-harm pages.

Conditions' and requirements' text and breach summaries are location data: only ``condition_rows``,
``requirement_rows`` and ``breach_rows`` (the order page) show them. Lists and sections never do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.models import Case
from vawg.core.dates import LONDON
from vawg.core.presenters import SummaryRow, Tag
from vawg.intelligence.models import PersonCausingHarm, PoliceIncident
from vawg.justice import selectors
from vawg.justice.config.orders import MANAGE_ORDERS, ORDER_TYPES, VIEW_ORDERS
from vawg.justice.models import ENDED_STATES, Order, OrderBreach, OrderState
from vawg.justice.rules.orders import Deadline, DeadlineState, deadline_state, deadlines_for

STATE_TAGS = {
    DeadlineState.LATER: Tag("Due later", "blue"),
    DeadlineState.SOON: Tag("Due within 48 hours", "orange"),
    DeadlineState.OVERDUE: Tag("Overdue", "red"),
    DeadlineState.MET: Tag("Met", "green"),
    DeadlineState.ENDED: Tag("Expired", "grey"),
}
EXPIRED = Tag("Expired", "grey")
ORDER_STATE_TAGS = {
    OrderState.APPLIED: Tag("Applied for", "light-blue"),
    OrderState.MADE: Tag("Made", "green"),
    OrderState.SERVED: Tag("Served", "green"),
    OrderState.VARIED: Tag("Varied", "turquoise"),
    OrderState.EXTENDED: Tag("Extended", "turquoise"),
    OrderState.DISCHARGED: Tag("Discharged", "grey"),
    OrderState.REFUSED: Tag("Refused", "grey"),
    OrderState.EXPIRED: Tag("Expired", "grey"),
}


def when(moment: datetime | None) -> str:
    """A moment in UK time, to the minute: 3 March 2026, 14:05."""
    if moment is None:
        return "Not recorded"
    return f"{moment.astimezone(LONDON):%-d %B %Y, %H:%M}"


def person_name(order: Order) -> str:
    person = order.respondent.person
    return f"{person.given_name} {person.family_name}".strip()


@dataclass(frozen=True)
class Timer:
    name: str
    due: str
    tag: Tag
    basis: str
    source: str


def timers(order: Order, now: datetime | None = None) -> list[Timer]:
    now = now or timezone.now()
    return [_timer(deadline, now) for deadline in deadlines_for(selectors.facts_of(order))]


def _timer(deadline: Deadline, now: datetime) -> Timer:
    state = deadline_state(deadline, now)
    due = when(deadline.due_at)
    if state == DeadlineState.MET and deadline.met_late:
        due = f"{due} (met late, {when(deadline.met_at)})"
    return Timer(deadline.name, due, STATE_TAGS[state], deadline.basis, deadline.source)


def next_timer(order: Order, now: datetime | None = None) -> Timer | None:
    """The timer to look at: the first not met, else the last."""
    found = timers(order, now)
    if order.state in ENDED_STATES:
        return None
    open_ = [timer for timer in found if timer.tag.text not in ("Met", "Expired")]
    chosen = open_ or found
    return chosen[0] if chosen else None


def order_rows(orders: Iterable[Order], *, with_person: bool = True) -> list[dict[str, Any]]:
    """Rows of the register and the sections: type, person, state, next deadline. Never a condition."""
    now = timezone.now()
    return [
        {
            "id": order.pk,
            "type": ORDER_TYPES[order.order_type].label,
            "person": person_name(order) if with_person else "",
            "state": ORDER_STATE_TAGS[OrderState(order.state)],
            "timer": next_timer(order, now),
            "expired": EXPIRED if order.ends_at is not None and order.ends_at < now else None,
        }
        for order in orders
    ]


def summary_rows(order: Order) -> list[SummaryRow]:
    rules = ORDER_TYPES[order.order_type]
    rows = [
        SummaryRow("Type", rules.label),
        SummaryRow("Status", "", tags=(ORDER_STATE_TAGS[OrderState(order.state)],)),
        SummaryRow(
            "Person causing harm",
            person_name(order),
            href=reverse("harm:person_causing_harm_detail", kwargs={"person_causing_harm_id": order.respondent_id}),
            action="View",
        ),
        SummaryRow("Issued by", order.issuing_body or rules.issued_by),
        SummaryRow("Owning agency and officer", f"{order.owning_organisation}, {order.owning_officer}"),
    ]
    if order.reference:
        rows.append(SummaryRow("Reference", order.reference))
    for label, moment in (
        ("Applied", order.applied_at),
        ("Made", order.made_at),
        ("Served", order.served_at),
        ("Hearing", order.hearing_at),
        ("Application determined", order.determined_at),
        ("Notified name and address", order.notified_at),
        ("Decided", order.decided_at),
    ):
        if moment is not None:
            rows.append(SummaryRow(label, when(moment)))
    if order.until_further_order:
        rows.append(SummaryRow("In force", "Until further order"))
    elif order.ends_on is not None:
        label = "Bail return date" if order.order_type == "bail-conditions" else "Last day in force"
        rows.append(SummaryRow(label, f"{order.ends_on:%-d %B %Y}"))
    if order.authorising_rank:
        rows.append(SummaryRow("Authorising officer's rank", order.get_authorising_rank_display()))
        considered = "Yes" if order.victim_view_considered and order.child_welfare_considered else "No"
        rows.append(SummaryRow("Victim's view and children's welfare considered", considered))
    if order.dvds_applicant:
        rows.append(SummaryRow("Applicant", order.get_dvds_applicant_display()))
        rows.append(SummaryRow("Decision", order.get_dvds_decision_display() or "Not yet decided"))
    if order.parent is not None:
        rows.append(
            SummaryRow(
                "Follows",
                ORDER_TYPES[order.parent.order_type].label,
                href=reverse("orders:order_detail", kwargs={"order_id": order.parent_id}),
                action="View",
            )
        )
    rows.extend(
        SummaryRow(
            "Followed by",
            ORDER_TYPES[successor.order_type].label,
            href=reverse("orders:order_detail", kwargs={"order_id": successor.pk}),
            action="View",
        )
        for successor in order.successors.all()
    )
    return rows


def protected_rows(order: Order, user: User) -> list[SummaryRow]:
    """Each protected person, with a link to their case only when ``user`` may see it."""
    people = list(order.protected.all())
    seen = selectors.visible_case_ids(user=user, case_ids=[row.case_id for row in people if row.case_id])
    rows = []
    for row in people:
        name = f"{row.person.given_name} {row.person.family_name}".strip()
        if row.case_id in seen:
            href = reverse("cases:case_detail", kwargs={"case_id": row.case_id})
            rows.append(SummaryRow("Protects", name, href=href, action="View case"))
        else:
            rows.append(SummaryRow("Protects", name))
    return rows


def condition_rows(order: Order) -> list[SummaryRow]:
    """The order page only: conditions and requirements with their text (location data)."""
    rows = [SummaryRow(row.get_kind_display(), row.text) for row in order.conditions.all()]
    rows += [SummaryRow(f"Requirement: {row.get_kind_display()}", row.text) for row in order.requirements.all()]
    return rows


def history_rows(order: Order) -> list[SummaryRow]:
    return [
        SummaryRow(
            when(row.at),
            f"by {row.created_by}" if row.created_by else "",
            tags=(ORDER_STATE_TAGS[OrderState(row.state)],),
        )
        for row in order.statuses.all()
    ]


def breach_rows(order: Order) -> list[list[SummaryRow]]:
    """The order page only: each breach, its summary (location data) and the crime it led to, if imported."""
    breaches: list[OrderBreach] = list(order.breaches.all())
    crimes: dict[tuple[object, str], PoliceIncident] = selectors.crimes_of(breaches)
    found = []
    for breach in breaches:
        person = breach.protected.person
        rows = [
            SummaryRow("When", when(breach.occurred_at)),
            SummaryRow("Protected person", f"{person.given_name} {person.family_name}".strip()),
            SummaryRow("What happened", breach.summary or "Not recorded"),
            SummaryRow("Crime reference", breach.crime_reference or "None given"),
            SummaryRow("Incident on the case", "Recorded" if breach.incident_id else "No open case linked"),
        ]
        crime = crimes.get((breach.force_id, breach.crime_reference))
        if crime is not None:
            rows.append(SummaryRow("Crime", f"Offence {crime.offence_code}, outcome {crime.outcome_code or 'pending'}"))
        elif breach.crime_reference:
            rows.append(SummaryRow("Crime", "Not yet in the force's imported data"))
        found.append(rows)
    return found


def actions(order: Order, user: User) -> dict[str, bool]:
    manage = user.has_perm(MANAGE_ORDERS) and user.has_perm(VIEW_ORDERS)
    live = order.state not in ENDED_STATES
    return {
        "manage": manage and live,
        "outcome": manage and order.order_type in ("dvpn", "dapn") and order.determined_at is None and live,
        "breach": manage,
    }


def case_page_section(case: Case, user: User) -> tuple[str, dict[str, Any]] | None:
    """CASE_PAGE_SECTIONS: the orders protecting the case's victim that ``user`` may see (no condition text)."""
    orders = list(selectors.orders_protecting(user=user, case=case))
    if not orders:
        return None
    return "justice/orders/_case_section.html", {"rows": order_rows(orders)}


def harm_page_section(record: PersonCausingHarm, user: User) -> tuple[str, dict[str, Any]] | None:
    """HARM_PAGE_SECTIONS: the person's orders ``user`` may see, with a link to record one."""
    if not user.has_perm(VIEW_ORDERS):
        return None
    orders = list(selectors.orders_of(user=user, respondent=record))
    return "justice/orders/_harm_section.html", {
        "rows": order_rows(orders, with_person=False),
        "record_id": record.pk,
        "may_record": user.has_perm(MANAGE_ORDERS),
    }
