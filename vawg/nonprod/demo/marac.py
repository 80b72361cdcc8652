"""The demo MARAC (part of ``manage.py seed_demo``, after the referrals): the area, its population figures,
and, when it has no meetings yet, its history (vawg/nonprod/demo/history.py).

The demo's population is the county's divided by ``DEMO_POPULATION_DIVISOR``. Its 300 referrals bring
about 110 cases a year to MARAC, which against the whole county's adult women would be about 2 cases per
10,000, far below the 40 SafeLives recommends and so a misleading benchmark page. The demo is a slice of
the county instead, with a slice's population (about 27,000 women aged 16 and over), so its rates sit near
the recommended level. Each figure's source says so.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from vawg.accounts.models import District, Organisation, User
from vawg.accounts.roles import Role
from vawg.core.models import save_valid
from vawg.marac.config import DEFAULT_POPULATIONS, DefaultPopulation
from vawg.marac.models import Cadence, MaracArea, MaracMeeting
from vawg.marac.services.returns import population_install_defaults
from vawg.nonprod.demo.data import ROLE_AGENCY
from vawg.nonprod.demo.history import AREA_NAME, COUNT_KEYS, INVITED_ROLES, SYSTEM_JOB, Cast, History
from vawg.notifications.services import notifications_paused

DEMO_POPULATION_DIVISOR = 18


def demo_populations() -> tuple[DefaultPopulation, ...]:
    """The county's default figures divided by DEMO_POPULATION_DIVISOR, each saying so in its source."""
    return tuple(
        replace(
            figure,
            women_16_plus=round(figure.women_16_plus / DEMO_POPULATION_DIVISOR),
            source=f"Demo only: the county default divided by {DEMO_POPULATION_DIVISOR} (the demo is a slice)",
        )
        for figure in DEFAULT_POPULATIONS
    )


def seed_marac(
    *,
    seed: int,
    now: datetime,
    accounts: dict[Role, User],
    organisations: dict[str, Organisation],
    districts: list[District],
) -> dict[str, int]:
    """Make the demo MARAC and its history for ``seed``. Returns what was created (counts only)."""
    counts = dict.fromkeys(COUNT_KEYS, 0)
    area = MaracArea.objects.filter(name=AREA_NAME).first()
    if area is None:
        area = MaracArea(
            name=AREA_NAME,
            coordinating_organisation=organisations[ROLE_AGENCY[Role.MARAC_COORDINATOR]],
            cadence=Cadence.MONTHLY,
        )
        save_valid(area)
        area.districts.set(districts)
        counts["marac_areas"] += 1
    counts["marac_populations"] = population_install_defaults(system_job=SYSTEM_JOB, figures=demo_populations()).created
    if MaracMeeting.objects.filter(area=area).exists():
        return counts
    cast = Cast(
        coordinator=accounts[Role.MARAC_COORDINATOR],
        chair=accounts[Role.POLICE],
        idva=accounts[Role.IDVA],
        members={organisations[ROLE_AGENCY[role]].pk: accounts[role] for role in INVITED_ROLES},
        invited=[organisations[ROLE_AGENCY[role]] for role in INVITED_ROLES],
    )
    with notifications_paused():  # two years of meetings: nobody is emailed about them now
        History(seed=seed, now=now, area=area, cast=cast, counts=counts).make()
    return counts
