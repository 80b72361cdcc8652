"""Reading the service directory: one filter for the staff directory, the public finder and the feed."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import User
from vawg.provision.config import STALE_AFTER, VIEW_DIRECTORY, ServiceStatus
from vawg.provision.models import Service, ServiceQuerySet, ServiceVersion
from vawg.referrals.models import RoutingRule

NO_SUCH_SERVICE = "No such service."


@dataclass(frozen=True)
class ServiceFilter:
    """What someone is looking for; an empty field matches every service."""

    form_of_abuse: str = ""
    district: str = ""  # a District slug
    age: int | None = None
    language: str = ""
    risk_level: str = ""
    service_type: str = ""
    specialism: str = ""
    search: str = ""


def _json_contains(field: str, value: str) -> Q:
    """``value`` is one of the strings in the JSON list ``field`` (portable: SQLite and PostgreSQL)."""
    return Q(**{f"{field}__icontains": f'"{value}"'})


def services_matching(services: ServiceQuerySet, wanted: ServiceFilter) -> ServiceQuerySet:
    """The services in ``services`` that fit ``wanted``: every given field must fit.

    A service fits a district when it is countywide or lists the district; an age when it is within the
    service's youngest and oldest ages (either may be empty); a language when it lists it or offers
    interpreters."""
    query = Q()
    if wanted.form_of_abuse:
        query &= _json_contains("forms_of_abuse", wanted.form_of_abuse)
    if wanted.risk_level:
        query &= _json_contains("risk_levels", wanted.risk_level)
    if wanted.service_type:
        query &= _json_contains("service_types", wanted.service_type)
    if wanted.specialism:
        query &= _json_contains("specialisms", wanted.specialism)
    if wanted.language:
        query &= _json_contains("languages", wanted.language) | Q(interpreters_available=True)
    if wanted.district:
        query &= Q(countywide=True) | Q(districts__slug=wanted.district)
    if wanted.age is not None:
        query &= Q(minimum_age__isnull=True) | Q(minimum_age__lte=wanted.age)
        query &= Q(maximum_age__isnull=True) | Q(maximum_age__gte=wanted.age)
    if wanted.search.strip():
        text = wanted.search.strip()
        query &= Q(name__icontains=text) | Q(description__icontains=text) | Q(organisation__name__icontains=text)
    return services.filter(query).distinct()


# --- Staff pages ----------------------------------------------------------------------------------


def service_get_for(*, user: User, service_id: UUID) -> Service:
    """One entry for a holder of provision.view_directory (every entry, closed ones too); 404 otherwise."""
    if not user.has_perm(VIEW_DIRECTORY):
        raise Http404(NO_SUCH_SERVICE)
    try:
        return Service.objects.select_related("organisation", "last_checked_by").get(pk=service_id)
    except Service.DoesNotExist:
        raise Http404(NO_SUCH_SERVICE) from None


def service_list_for(*, user: User, wanted: ServiceFilter) -> ServiceQuerySet:
    """The staff directory: open and temporarily closed entries of active agencies that fit ``wanted``."""
    if not user.has_perm(VIEW_DIRECTORY):
        return Service.objects.none()
    services = Service.objects.exclude(status=ServiceStatus.INACTIVE).filter(organisation__is_active=True)
    return (
        services_matching(services, wanted)
        .select_related("organisation", "last_checked_by")
        .order_by("name", "organisation__name")
    )


def service_list_mine(*, user: User, due_only: bool = False) -> ServiceQuerySet:
    """ "Your agency's services": every entry of the agencies where ``user`` keeps services, closed ones too,
    those due a check first (oldest check first), then by name; ``due_only``: only those due a check."""
    services = Service.objects.at_agencies_of(user)
    if due_only:
        services = services.stale()
    return (
        services.select_related("organisation", "last_checked_by")
        .annotate(check_due=Case(When(_stale_q(), then=Value(0)), default=Value(1)))
        .order_by("check_due", "last_checked_at", "name")
    )


def _stale_q() -> Q:
    return Q(last_checked_at__lt=timezone.now() - STALE_AFTER) & ~Q(status=ServiceStatus.INACTIVE)


def services_check_due_count(user: User) -> int:
    """My work: the entries of the user's agencies due a check (``service_list_mine(due_only=True)``)."""
    return service_list_mine(user=user, due_only=True).count()


def service_versions(service: Service) -> list[ServiceVersion]:
    return list(service.versions.select_related("created_by").order_by("-version"))


def routing_rules_naming(service: Service) -> list[RoutingRule]:
    return list(RoutingRule.objects.filter(named_service__service=service).order_by("priority", "name"))


def service_named_by_rule(rule_id: UUID) -> Service | None:
    """The open (or temporarily closed) entry a routing rule names, for the referral page; None otherwise."""
    return (
        Service.objects.exclude(status=ServiceStatus.INACTIVE)
        .filter(routing_rules__rule_id=rule_id, organisation__is_active=True)
        .select_related("organisation")
        .first()
    )
