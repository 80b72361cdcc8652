"""MARAC sits above cases, referrals, risk and people: it takes part in them through their registries.

- people's PERSON_FLAGS: "MARAC in the last 12 months" beside the victim wherever they appear;
- risk's LAST_MARAC_REFERRAL: the victim's last real MARAC referral date, for the repeat criterion;
- risk's ON_DASH_ASSESSED: a MARAC-eligible DASH puts the case in the coordinator's queue;
- risk's ON_INCIDENT_RECORDED: a new incident within 12 months of the last referral is a repeat;
- referrals' ON_REFERRAL_ACCEPTED: a referral routed to MARAC and accepted at a coordinating agency;
- cases' CASE_PAGE_SECTIONS: the MARAC section of the case page;
- cases' CASE_LIST_FILTERS: the case list's "MARAC in the last 12 months" filter and column.
- notifications' LINK_GATES: research and action pages, asked again before an email about one goes.
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
        _register_case_list_filter()
        _register_my_work()
        _register_notification_gates()


def _register_notification_gates() -> None:
    """notifications' LINK_GATES: research and action pages are asked again just before an email goes."""
    from vawg.marac.models import MaracAction
    from vawg.marac.selectors.research import research_tasks_of_own_agencies
    from vawg.notifications.hooks import link_gate_register

    link_gate_register(
        "marac:research_task_detail",
        lambda user, kw: research_tasks_of_own_agencies(user).filter(pk=kw["task_id"]).exists(),
    )
    link_gate_register(
        "marac:action_detail", lambda user, kw: MaracAction.objects.visible_to(user).filter(pk=kw["action_id"]).exists()
    )


def _register_case_list_filter() -> None:
    """cases' CASE_LIST_FILTERS: "MARAC in the last 12 months" on the case list and its download."""
    from vawg.cases.hooks import CASE_LIST_FILTERS, MARAC_RECENT, CaseListFilter
    from vawg.marac.selectors import cases_referred_recently

    CASE_LIST_FILTERS[MARAC_RECENT] = CaseListFilter(
        label="MARAC in the last 12 months", choices=list, condition=cases_referred_recently
    )


def _register_my_work() -> None:
    """MARAC's counts on "My work" (vawg/accounts/hooks.py, docs/my-work.md)."""
    from vawg.accounts.hooks import WorkCount, my_work_register
    from vawg.marac import selectors
    from vawg.marac.config import ACTION_DUE_SOON_DAYS
    from vawg.marac.models import TAKE_PART
    from vawg.marac.selectors.actions import DUE_SOON, OVERDUE

    for entry in (
        WorkCount(
            "research_due",
            "MARAC research your agency has not yet returned",
            TAKE_PART,
            selectors.research_due_count,
            "marac:research_task_list",
            order=40,
        ),
        WorkCount(
            "actions_due",
            f"MARAC actions due in the next {ACTION_DUE_SOON_DAYS} days",
            TAKE_PART,
            selectors.actions_due_count,
            "marac:action_list",
            query=f"state={DUE_SOON}",
            order=50,
        ),
        WorkCount(
            "actions_overdue",
            "MARAC actions overdue",
            TAKE_PART,
            selectors.actions_overdue_count,
            "marac:action_list",
            query=f"state={OVERDUE}",
            order=60,
        ),
        WorkCount(
            "victims_to_tell",
            "Victims to tell after MARAC",
            TAKE_PART,
            selectors.victims_to_tell_count,
            "marac:victim_to_tell_list",
            order=70,
        ),
    ):
        my_work_register(entry)
