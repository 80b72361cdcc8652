"""MARAC sits above cases, referrals, risk and people: it takes part in them through their registries.

- people's PERSON_FLAGS: "MARAC in the last 12 months" beside the victim wherever they appear;
- risk's LAST_MARAC_REFERRAL: the victim's last real MARAC referral date, for the repeat criterion;
- risk's ON_DASH_ASSESSED: a MARAC-eligible DASH puts the case in the coordinator's queue;
- risk's ON_INCIDENT_RECORDED: a new incident within 12 months of the last referral is a repeat;
- referrals' ON_REFERRAL_ACCEPTED: a referral routed to MARAC and accepted at a coordinating agency;
- cases' CASE_PAGE_SECTIONS: the MARAC section of the case page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import AppConfig


def _add(registry: list[Any], callback: Callable[..., Any]) -> None:
    if callback not in registry:
        registry.append(callback)


class MaracConfig(AppConfig):
    name = "vawg.marac"
    label = "marac"
    verbose_name = "MARAC"

    def ready(self) -> None:
        """Register MARAC's callbacks with the lower apps' registries (idempotent)."""
        # Imported here, not at the top: these modules import models, which need the app registry ready.
        from vawg.cases.hooks import CASE_PAGE_SECTIONS
        from vawg.marac.presenters.case_section import case_page_section
        from vawg.marac.presenters.person_flags import marac_person_flags
        from vawg.marac.selectors.referrals import last_marac_referral_date
        from vawg.marac.services.intake import queue_from_dash, queue_from_incident, queue_from_referral
        from vawg.people.hooks import PERSON_FLAGS
        from vawg.referrals.hooks import ON_REFERRAL_ACCEPTED
        from vawg.risk.hooks import LAST_MARAC_REFERRAL, ON_DASH_ASSESSED, ON_INCIDENT_RECORDED

        _add(PERSON_FLAGS, marac_person_flags)
        _add(LAST_MARAC_REFERRAL, last_marac_referral_date)
        _add(ON_DASH_ASSESSED, queue_from_dash)
        _add(ON_INCIDENT_RECORDED, queue_from_incident)
        _add(ON_REFERRAL_ACCEPTED, queue_from_referral)
        _add(CASE_PAGE_SECTIONS, case_page_section)
