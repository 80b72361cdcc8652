"""The demo's services and safe accommodation (part of ``manage.py seed_demo``, after the casework).

The directory (vawg/nonprod/demo/provision/directory.py), ten fictional safe accommodation providers with
about 60 units (units.py), two years of requests, reservations and placements (history.py), and today's
board: a walk-through request of the demo IDVA's (a family with a 13-year-old boy and a dog), a reservation
waiting for ``accommodation-manager@demo.invalid`` to answer, one accepted and waiting for the household to
move in, and a few units out of use for repairs. Everything is written through the services, audited like
real work. Run once: a later run finds what is there and adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from uuid import UUID

from django.utils import timezone
from faker import Faker

from vawg.accounts.models import District, Organisation, User
from vawg.accounts.roles import Role
from vawg.cases.models import Case
from vawg.nonprod.demo.data import IDVA_SERVICE
from vawg.nonprod.demo.provision.data import KESTREL_REFUGE
from vawg.nonprod.demo.provision.directory import seed_directory
from vawg.nonprod.demo.provision.history import (
    History,
    household,
    plan_asks,
    requesters,
    share_with_housing,
)
from vawg.nonprod.demo.provision.units import kept_free_units, seed_providers, seed_units
from vawg.notifications.services import notifications_paused
from vawg.provision.config import UnitState
from vawg.provision.models import AccommodationRequest, Unit
from vawg.provision.selectors.accommodation import request_matches, unit_availability
from vawg.provision.services.accommodation import (
    RequestInput,
    accommodation_request_raise,
    reservation_accept,
    reservation_create,
    unit_status_record,
)

HISTORY_DAYS = 730
REPAIRS = ("Repairs after a leak", "Redecorating between households", "Fire door replaced")


def seed_provision(
    *,
    seed: int,
    now: datetime,
    organisations: dict[str, Organisation],
    districts: dict[str, District],
    accounts: dict[Role, User],
) -> dict[str, int]:
    """Make what is not there yet; return how many of each thing were made."""
    created = dict.fromkeys(
        (
            "accommodation_providers",
            "caseworkers",
            "memberships",
            "directory_services",
            "units",
            "accommodation_requests",
            "reservations",
            "placements",
        ),
        0,
    )
    fake = Faker("en_GB")
    fake.seed_instance(seed * 7919 + 4)  # a stream of its own: the rest of the demo draws the same as before
    organisations = dict(organisations)
    managers = seed_providers(organisations=organisations, districts=districts, fake=fake, created=created)
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.invalid")}
    with notifications_paused():
        created["directory_services"] = seed_directory(
            now=now, organisations=organisations, districts=districts, users=users
        )
        created["units"] = seed_units(
            seed=seed, now=now, organisations=organisations, districts=districts, managers=managers, fake=fake
        )
        if not AccommodationRequest.objects.exists():
            by_agency = {organisations[name].pk: user for name, user in managers.items()}
            _history(seed=seed, now=now, managers=by_agency, accounts=accounts, created=created)
    return created


def _history(
    *, seed: int, now: datetime, managers: dict[UUID, User], accounts: dict[Role, User], created: dict[str, int]
) -> None:
    rng = random.Random(f"demo-accommodation-{seed}")  # noqa: S311 (synthetic demo data)
    latest = now - timedelta(minutes=5)
    kept = kept_free_units()
    history = History(
        rng=rng,
        latest=latest,
        kept_free={unit.pk for unit in kept},
        managers=managers,
        districts=list(District.objects.order_by("name")),
        created=created,
    )
    cases = list(
        Case.objects.open()
        .filter(is_restricted=False, created_at__gte=now - timedelta(days=HISTORY_DAYS))
        .select_related("victim", "district", "owning_organisation", "created_by")
        .order_by("reference")
    )
    idva = accounts[Role.IDVA]
    own = [case for case in cases if case.owning_organisation.name == IDVA_SERVICE and _adult_woman(case, now)]
    showcase = own[-2:]  # the IDVA's two latest cases are kept for today's walk-through
    others = [case for case in cases if case not in showcase]
    housing = accounts.get(Role.HOUSING)
    asks = plan_asks(rng=rng, cases=others[:-1], latest=latest - timedelta(days=1), housing=housing)
    for ask in asks:
        if share_with_housing(ask):
            history.push(ask.at, "raise", ask)
    history.push(now - timedelta(days=2), "call", lambda: _repairs(history))
    kestrel = [unit for unit in kept if unit.organisation.name == KESTREL_REFUGE]
    if len(showcase) == 2 and kestrel:
        walkthrough, waiting = showcase
        history.push(now - timedelta(hours=3), "call", lambda: _walkthrough(walkthrough, idva, history))
        history.push(now - timedelta(hours=2), "call", lambda: _waiting(waiting, idva, kestrel[0], history))
    if others:
        history.push(now - timedelta(hours=6), "call", lambda: _accepted(others[-1], history))
    history.run()


def _adult_woman(case: Case, now: datetime) -> bool:
    born = case.victim.date_of_birth
    return case.victim.gender == "female" and born is not None and (now.date() - born).days > 20 * 365


def _raise(case: Case, by: User, answers: RequestInput, history: History) -> AccommodationRequest:
    membership = by.active_memberships().filter(organisation=case.owning_organisation_id).first()
    organisation = membership.organisation if membership is not None else case.owning_organisation
    request = accommodation_request_raise(by=by, case=case, organisation=organisation, answers=answers)
    history.created["accommodation_requests"] += 1
    return request


def _walkthrough(case: Case, idva: User, history: History) -> None:
    """The demo IDVA's open request: a mother with her 9-year-old daughter, her 13-year-old son and their dog,
    away from the district they live in (where the person causing harm is)."""
    answers = household(history.rng, case, timezone.localdate())
    if answers is None:
        return
    walkthrough = replace(
        answers,
        urgency="this-week",
        children=[{"age": 9, "sex": "female"}, {"age": 13, "sex": "male"}],
        survivor_gender="female",
        survivor_age=max(answers.survivor_age, 18),
        wheelchair=False,
        pets=True,
        nrpf=False,
        notes="The family will not leave their dog behind.",
    )
    _raise(case, idva, walkthrough, history)


def _waiting(case: Case, idva: User, unit: Unit, history: History) -> None:
    """A request of the demo IDVA's holding a Kestrel unit: the accommodation manager's to answer."""
    answers = household(history.rng, case, timezone.localdate())
    if answers is None:
        return
    avoid = tuple(district for district in answers.excluded_districts if district.pk != unit.district_id)
    waiting = replace(
        answers,
        children=[{"age": 4, "sex": "female"}],
        survivor_gender="female",
        survivor_age=max(answers.survivor_age, 18),
        wheelchair=False,
        pets=False,
        nrpf=False,
        excluded_districts=avoid,
    )
    request = _raise(case, idva, waiting, history)
    reservation_create(by=idva, request=request, unit=unit)
    history.created["reservations"] += 1


def _accepted(case: Case, history: History) -> None:
    """A request whose reservation the provider has accepted: waiting for the household to move in."""
    found = requesters(case.owning_organisation_id)
    answers = household(history.rng, case, timezone.localdate())
    if not found or answers is None or not Case.objects.visible_to(found[0]).filter(pk=case.pk).exists():
        return
    request = _raise(case, found[0], answers, history)
    result, units = request_matches(request, user=found[0])
    offered = sorted(
        (units[match.id] for match in result.matches if units[match.id].pk not in history.kept_free),
        key=lambda unit: (unit.organisation.name, unit.name),
    )
    if not offered:
        return
    reservation = reservation_create(by=found[0], request=request, unit=offered[0])
    history.created["reservations"] += 1
    reservation_accept(by=history.managers[offered[0].organisation_id], reservation=reservation)


def _repairs(history: History) -> None:
    """A few vacant units out of use for repairs (never one kept free for the walk-through)."""
    units = sorted(
        Unit.objects.exclude(pk__in=history.kept_free).select_related("organisation"),
        key=lambda unit: (unit.organisation.name, unit.name),
    )
    availability = unit_availability(units)
    vacant = [unit for unit in units if availability[unit.pk].state == UnitState.VACANT]
    for unit in history.rng.sample(vacant, k=min(3, len(vacant))):
        unit_status_record(
            by=history.managers[unit.organisation_id],
            unit=unit,
            state=UnitState.OUT_OF_USE,
            reason=history.rng.choice(REPAIRS),
        )
