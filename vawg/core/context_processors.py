"""Values every template may use: names, demo mode and the staff navigation."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from vawg.core.presenters import Tag

PHASE_TAG = Tag("Beta", classes="govuk-phase-banner__content__tag")
DEMO_TAG = Tag("Demo: synthetic data only", "orange", classes="govuk-phase-banner__content__tag app-tag--wide")


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: bool = False  # this page
    active: bool = False  # a page within this section


# (label, URL name, permission needed or "" for any signed-in user, section namespace or "").
_NAVIGATION: tuple[tuple[str, str, str, str], ...] = (
    ("Home", "accounts:staff_home", "", ""),
    ("Cases", "cases:case_list", "cases.view_cases", "cases"),
    ("Referrals", "referrals:referral_home", "referrals.view_referrals", "referrals"),
    ("MARAC", "marac:marac_home", "marac.take_part", "marac"),
    ("MARAC figures", "marac:dashboard_detail", "strategy.view_aggregates", ""),
    ("People causing harm", "harm:person_causing_harm_list", "intelligence.view_people_causing_harm", "harm"),
    ("MATAC", "matac:meeting_list", "intelligence.take_part_in_matac", "matac"),
    ("Orders", "orders:order_list", "justice.view_orders", "orders"),
    ("Crime outcomes", "justice:attrition_detail", "justice.view_attrition", "justice"),
    ("Programmes", "programmes:referral_queue", "programmes.run_programmes", "programmes"),
    ("High-harm cases", "high_harm:caseload_detail", "programmes.run_programmes", "high_harm"),
    ("Audit log", "audit:entry_list", "audit.view_audit_log", "audit"),
    ("Notifications", "notifications:notification_preferences", "accounts.use_service", "notifications"),
    ("API tokens", "api_tokens:token_list", "api.use_api", "api_tokens"),
    ("Administration", "admin:index", "accounts.access_admin_site", "admin"),
)


def _url(name: str) -> str | None:
    """The URL for ``name``, or None while the app that provides it is not built yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def nav_items(request: HttpRequest) -> list[NavItem]:
    """The service navigation for this user: only what they may use; nothing when signed out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    namespace = match.namespace if match else ""
    items = []
    for text, name, perm, section in _NAVIGATION:
        if perm and not user.has_perm(perm):
            continue
        href = _url(name)
        if href is None:
            continue
        current = view_name == name
        active = not current and bool(section) and namespace == section
        items.append(NavItem(text=text, href=href, current=current, active=active))
    return items


def shell(request: HttpRequest) -> dict[str, object]:
    signed_in = bool(getattr(request, "user", None) and request.user.is_authenticated)
    return {
        "SERVICE_NAME": settings.SERVICE_NAME,
        "SITE_NAME": settings.SITE_NAME,
        "PUBLIC_SITE_NAME": settings.PUBLIC_SITE_NAME,
        "DEMO_MODE": settings.DEMO_MODE,
        "PHASE_TAG": PHASE_TAG,
        "DEMO_TAG": DEMO_TAG if settings.DEMO_MODE else None,
        "nav_items": nav_items(request),
        "nav_home_url": _url("accounts:staff_home") if signed_in else None,
        "nav_sign_out_url": _url("accounts:sign_out") if signed_in else None,
    }
