"""The notification choices page: shows each kind with the current choice, saves, refuses bad input."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.notifications.models import CHOOSABLE_KINDS, NotificationPreference
from vawg.notifications.selectors import preferences_for

pytestmark = pytest.mark.django_db
URL = reverse("notifications:notification_preferences")


def every_kind(delivery: str, **overrides: str) -> dict[str, str]:
    return {kind.value: overrides.get(kind.value, delivery) for kind in CHOOSABLE_KINDS}


def checked(page: str) -> dict[str, str]:
    """Each radio question's checked value, read from the page."""
    inputs = re.findall(r"<input([^>]*)>", page)
    found = {}
    for attributes in inputs:
        name, value = re.search(r'name="([^"]+)"', attributes), re.search(r'value="([^"]+)"', attributes)
        if "govuk-radios__input" in attributes and "checked" in attributes and name and value:
            found[name.group(1)] = value.group(1)
    return found


def test_it_shows_every_kind_as_radios_with_immediate_by_default(signed_in: Any, idva_a: User) -> None:
    NotificationPreference.objects.create(user=idva_a, kind="break-glass", delivery="digest")
    page = signed_in(idva_a).get(URL).content.decode()
    assert all(kind.label in page for kind in CHOOSABLE_KINDS)
    assert checked(page) == every_kind("immediate", **{"break-glass": "digest"})


def test_it_saves_the_users_choices_and_audits_the_change(signed_in: Any, idva_a: User) -> None:
    response = signed_in(idva_a).post(URL, every_kind("immediate", **{"case-shared": "digest"}))
    assert response.status_code == 302 and response["Location"] == URL
    assert preferences_for(idva_a)["case-shared"] == "digest"
    assert preferences_for(idva_a)["referral-routed"] == "immediate"
    entry = AuditEntry.objects.get(action="notifications.preference.update")
    assert "case-shared=digest" in entry.details["changes"].split(",")
    signed_in(idva_a).post(URL, every_kind("immediate", **{"case-shared": "digest"}))  # nothing changed
    assert AuditEntry.objects.filter(action="notifications.preference.update").count() == 1


def test_it_refuses_a_missing_or_unknown_choice_and_keeps_what_was_saved(signed_in: Any, idva_a: User) -> None:
    NotificationPreference.objects.create(user=idva_a, kind="case-shared", delivery="digest")
    data = every_kind("immediate")
    data["break-glass"] = "weekly"
    del data["case-shared"]
    response = signed_in(idva_a).post(URL, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose when to be told: a case shared with your agency" in page
    assert "Select a valid choice" in page
    assert preferences_for(idva_a)["case-shared"] == "digest"
    assert preferences_for(idva_a)["break-glass"] == "immediate"


def test_it_links_the_choices_from_the_staff_navigation(signed_in: Any, police_b: User) -> None:
    page = signed_in(police_b).get(reverse("accounts:staff_home")).content.decode()
    assert f'href="{URL}"' in page
