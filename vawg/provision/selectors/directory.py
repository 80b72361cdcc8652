"""Reading the service directory: one filter for the staff directory, the public finder and the feed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from vawg.provision.models import ServiceQuerySet


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
