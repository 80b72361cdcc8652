"""The MARAC landing page lists what each user may do there, and only that."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from vawg.accounts.models import User


def test_it_lists_the_coordinators_tools(marac_coordinator: User, signed_in: Callable[[User], Client]) -> None:
    page = signed_in(marac_coordinator).get(reverse("marac:marac_home")).content.decode()
    for name in (
        "marac:referral_queue",
        "marac:meeting_list",
        "marac:transfer_list",
        "marac:return_detail",
        "marac:dashboard_detail",
    ):
        assert f'href="{reverse(name)}"' in page


def test_it_shows_an_agency_member_only_what_agencies_do(idva_a: User, signed_in: Callable[[User], Client]) -> None:
    page = signed_in(idva_a).get(reverse("marac:marac_home")).content.decode()
    for name in ("marac:meeting_list", "marac:research_task_list", "marac:action_list", "marac:victim_to_tell_list"):
        assert f'href="{reverse(name)}"' in page
    for name in ("marac:referral_queue", "marac:transfer_list", "marac:return_detail", "marac:dashboard_detail"):
        assert f'href="{reverse(name)}"' not in page
