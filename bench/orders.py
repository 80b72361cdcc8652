"""Protective orders benchmarks: My work and the order register for a police officer (docs/orders.md).

``build_orders`` bulk-creates ``count`` orders (default 20,000; bypassing the services and audit: volume only,
not real data) of every type but the DAPN/DAPO pilot ones, on ``PEOPLE`` people causing harm held by
``FORCES`` forces, each order protecting one of ``VICTIMS`` people, with its first status row. Their
state, end and next deadline are worked out by the rules (vawg/justice/rules/orders.py), as the services
would: live notices served in the last 60 hours, DVDS applications in the last five weeks, DVPOs in their
14 to 28 days, bail to a return date in the next four weeks, the others made in the last two years (half
until further order); ended ones (expired, discharged or refused) over the last ten years.

The first force holds a tenth of the people and ``LIVE_ORDERS`` (300) live orders on them, among others long
ended; the officer measured is one of its three officers, owning a third of them. Then, over
``requests`` requests (median and p95 seconds, SQL queries per request): My work (the home page and
GET /api/v1/me/work, both counting ``orders_due`` and ``case_orders_due``), the register's first page,
its ``show=attention`` filter and My work's link (``show=attention&mine=1``), and each of the two counts.
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from bench.provision_reports import _bulk, _figure, _measure

FORCES = 3
PEOPLE = 4_000
VICTIMS = 8_000
LIVE_ORDERS = 300  # live orders the measured officer's force holds
OFFICERS = 3  # officers of that force; the measured one owns every third order
# Types and their weights (no DAPN or DAPO: this area is not a pilot).
TYPES = {"dvpn": 10, "dvpo": 12, "dvds-ask": 10, "dvds-know": 6, "spo": 4, "interim-spo": 2, "nmo": 14,
         "fmpo": 1, "fgmpo": 1, "shpo": 3, "restraining-order": 25, "bail-conditions": 12}  # fmt: skip
PAGES: tuple[tuple[str, str, str], ...] = (
    ("orders_my_work", "GET /home/ (My work: every count), officer", "/home/"),
    ("orders_my_work_api", "GET /api/v1/me/work, officer's token", "/api/v1/me/work"),
    ("orders_list", "GET /orders/ (page 1), officer", "/orders/"),
    ("orders_list_attention", "GET /orders/?show=attention, officer", "/orders/?show=attention"),
    ("orders_list_attention_mine", "GET /orders/?show=attention&mine=1 (My work's link), officer",
     "/orders/?show=attention&mine=1"),
)  # fmt: skip


def _live(order: Any, rng: random.Random, now: datetime) -> None:
    """Set the moments of a live order of its type (the state it starts in and what it has met)."""
    from vawg.core.dates import london_date

    kind = order.order_type
    if kind == "dvpn":
        order.state, order.served_at = "served", now - timedelta(hours=rng.uniform(0, 60))
    elif kind in ("dvds-ask", "dvds-know"):
        order.state, order.applied_at = "applied", now - timedelta(days=rng.uniform(0, 35))
        order.dvds_applicant = "self" if kind == "dvds-ask" else "police"
        if rng.random() < 0.4:
            order.decided_at = min(now, order.applied_at + timedelta(days=rng.uniform(1, 25)))
    elif kind == "dvpo":
        order.state, order.made_at = "made", now - timedelta(days=rng.uniform(0, 13))
        order.ends_on = london_date(order.made_at) + timedelta(days=rng.choice([13, 20, 27]))
    elif kind == "bail-conditions":
        order.state, order.made_at = "made", now - timedelta(days=rng.uniform(0, 28))
        order.ends_on = london_date(now) + timedelta(days=rng.randint(0, 28))
    else:
        order.state, order.made_at = "made", now - timedelta(days=rng.uniform(0, 700))
        if kind in ("spo", "interim-spo"):
            order.served_at = order.made_at
            if now - order.made_at > timedelta(days=4) or rng.random() < 0.5:
                order.notified_at = order.made_at + timedelta(days=1)
        if kind == "interim-spo" or rng.random() < 0.5:
            order.until_further_order = True
        else:
            order.ends_on = london_date(now) + timedelta(days=rng.randint(0, 400))


def _ended(order: Any, rng: random.Random, now: datetime) -> None:
    """Set the moments of an order that ended in the last ten years."""
    from vawg.core.dates import london_date

    start = now - timedelta(days=rng.uniform(60, 3650))
    if order.order_type == "dvpn":
        order.served_at, order.determined_at = start, start + timedelta(hours=40)
    elif order.order_type in ("dvds-ask", "dvds-know"):
        order.applied_at, order.decided_at = start, start + timedelta(days=20)
        order.dvds_applicant = "self" if order.order_type == "dvds-ask" else "police"
    else:
        order.made_at = order.served_at = start
        order.notified_at = start + timedelta(days=1)
    order.ends_on = london_date(start) + timedelta(days=rng.randint(14, 59))
    order.state = rng.choices(["expired", "discharged", "refused"], weights=[8, 3, 1])[0]


def build_orders(count: int, seed: int = 11) -> dict[str, Any]:
    """Create the forces, officers, people and orders; the measured officer is ``officers[0]``."""
    from django.utils import timezone

    from vawg.accounts.models import Membership, Organisation, OrganisationType, User
    from vawg.accounts.roles import Role
    from vawg.intelligence.models import PersonCausingHarm
    from vawg.justice.config.orders import VERSION
    from vawg.justice.models import Order, OrderProtectedPerson, OrderStatus
    from vawg.justice.rules.orders import deadlines_for, ends_at_for, next_action_due
    from vawg.justice.selectors.orders import facts_of
    from vawg.people.models import Person

    started = time.perf_counter()
    rng = random.Random(f"orders-bench-{count}-{seed}")  # noqa: S311 (benchmark data, not security)
    now = timezone.now()
    forces = [Organisation.objects.create(name=f"Bench force {n}", type=OrganisationType.POLICE) for n in range(FORCES)]
    officers = []
    for number in range(OFFICERS):
        user = User.objects.create_user(
            email=f"bench.orders.{number}@example.invalid", full_name=f"Bench officer {number}"
        )
        Membership.objects.create(user=user, organisation=forces[0], role=Role.POLICE)
        officers.append(user)
    others = []
    for number, force in enumerate(forces[1:]):
        user = User.objects.create_user(email=f"bench.orders.other.{number}@example.invalid", full_name="Bench other")
        Membership.objects.create(user=user, organisation=force, role=Role.POLICE)
        others.append(user)
    people = [Person(id=uuid.uuid4(), given_name="Bench", family_name=f"Person {n}") for n in range(PEOPLE + VICTIMS)]
    _bulk(Person, people)
    harm = [
        PersonCausingHarm(
            id=uuid.uuid4(),
            person=person,
            owning_organisation=forces[0] if n % 10 == 0 else forces[1 + n % (FORCES - 1)],
            system_job="bench",
        )
        for n, person in enumerate(people[:PEOPLE])
    ]
    _bulk(PersonCausingHarm, harm)
    victims = people[PEOPLE:]
    ours = [record for record in harm if record.owning_organisation_id == forces[0].pk]
    theirs = [record for record in harm if record.owning_organisation_id != forces[0].pk]
    ours_total = max(LIVE_ORDERS, count // 20)  # the force's orders: 300 live, the rest ended
    orders, protected, statuses = [], [], []
    for number in range(count):
        mine = number < ours_total
        respondent = rng.choice(ours if mine else theirs)
        live = number < LIVE_ORDERS if mine else rng.random() < 0.4
        officer = officers[number % OFFICERS] if mine else others[number % len(others)]
        order = Order(
            id=uuid.uuid4(),
            order_type=rng.choices(list(TYPES), weights=list(TYPES.values()))[0],
            respondent=respondent,
            owning_organisation_id=respondent.owning_organisation_id,
            owning_officer=officer,
            created_by=officer,
            issuing_body="Bench",
        )
        if order.order_type == "dvpn":
            order.authorising_rank = "superintendent"
            order.victim_view_considered = order.child_welfare_considered = True
        (_live if live else _ended)(order, rng, now)
        order.ends_at = None if order.until_further_order else ends_at_for(order.ends_on)
        order.next_due_at = next_action_due(deadlines_for(facts_of(order)))
        order.rules_version = VERSION
        orders.append(order)
        victim = rng.choice(victims)
        protected.append(OrderProtectedPerson(id=uuid.uuid4(), order=order, person=victim))
        moment = order.served_at or order.made_at or order.applied_at
        statuses.append(OrderStatus(id=uuid.uuid4(), order=order, state=order.state, at=moment, created_by=officer))
    _bulk(Order, orders)
    _bulk(OrderProtectedPerson, protected)
    _bulk(OrderStatus, statuses)
    live_ours = Order.objects.filter(owning_organisation=forces[0]).live().count()
    figures = {
        "orders": count,
        "people_causing_harm": PEOPLE,
        "forces": FORCES,
        "orders_of_the_officers_force": ours_total,
        "live_orders_of_the_officers_force": live_ours,
        "live_orders_in_all": Order.objects.live().count(),
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    print(f"  built {figures}")
    return {"figures": figures, "officer": officers[0]}


def _each_count(user: Any, requests: int) -> dict[str, Any]:
    """Median seconds of the two order counts on My work for ``user``."""
    from vawg.justice.selectors.orders import case_orders_due_count, officer_orders_due_count

    figures: dict[str, Any] = {"label": "median seconds and value of each order count on My work (officer)"}
    for key, count in (("orders_due", officer_orders_due_count), ("case_orders_due", case_orders_due_count)):
        seconds = []
        for _ in range(max(3, requests)):
            start = time.perf_counter()
            value = count(user)
            seconds.append(time.perf_counter() - start)
        figures[key] = {"median_seconds": round(statistics.median(seconds), 6), "value": value}
    print(f"  each count: {figures}")
    return figures


def bench_orders(dataset: dict[str, Any], requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from vawg.accounts.testing import sign_in_verified
    from vawg.api.services import api_token_create

    officer = dataset["officer"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = sign_in_verified(Client(), officer)
    token = api_token_create(user=officer, name="Benchmark", by=officer)[1]
    results: dict[str, Any] = {"orders_dataset": dataset["figures"]}
    for key, label, path in PAGES:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if path.startswith("/api/") else {}
        seconds, queries = _measure(lambda p=path, h=headers: client.get(p, **h), requests)  # type: ignore[misc]
        results[key] = _figure(label, seconds, queries)
    results["orders_my_work_counts"] = _each_count(officer, requests)
    return results
