"""The public finder's results, as summary-list rows: what a service offers, who it is for, how to reach it.

A service at a confidential site (a refuge or safe house) gets no row that says where it is: no address
and no district, not even the districts it serves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from vawg.core.presenters import SummaryRow, Tag
from vawg.provision.config import LANGUAGES, AccessRoute, Gender, ServiceStatus, ServiceType, Specialism
from vawg.provision.models import Service

CLOSED_TAG = Tag("Temporarily closed", "grey")


@dataclass(frozen=True)
class ServiceResult:
    id: str
    name: str
    description: str
    rows: list[SummaryRow]
    tag: Tag | None


def _labels(codes: Iterable[str], choices: dict[str, str]) -> list[str]:
    return [choices[code] for code in codes if code in choices]


def ages(service: Service) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is None and high is None:
        return "Any age"
    if high is None:
        return f"{low} and over"
    if low is None:
        return f"{high} and under"
    return f"{low} to {high}"


def who_for(service: Service) -> str:
    genders = set(service.genders)
    people = "Anyone" if genders >= set(Gender.values) else ", ".join(_labels(service.genders, dict(Gender.choices)))
    age = ages(service)
    parts = [f"{people}, {'any age' if age == 'Any age' else 'aged ' + age}"]
    groups = _labels(service.specialisms, dict(Specialism.choices))
    if groups:
        parts.append("Especially for: " + ", ".join(groups))
    return ". ".join(parts)


def languages(service: Service) -> str:
    names = _labels(service.languages, LANGUAGES)
    if service.interpreters_available:
        names.append("an interpreter for other languages")
    return ", ".join(names)


def phone_link(number: str) -> SafeString:
    dial = re.sub(r"[^0-9+]", "", number)
    return format_html('<a class="govuk-link" href="tel:{}">{}</a>', dial, number)


def web_link(url: str) -> SafeString:
    # noreferrer: the service's site is not told the visitor came from here, or what they chose.
    return format_html(
        '<a class="govuk-link" href="{}" rel="noreferrer noopener">{}</a>', url, url.split("://", 1)[-1].rstrip("/")
    )


def email_link(email: str) -> SafeString:
    return format_html('<a class="govuk-link" href="mailto:{}">{}</a>', email, email)


def waiting(days: int) -> str:
    if days == 0:
        return "Usually no wait"
    return f"Usually about {days} day{'' if days == 1 else 's'}"


def where(service: Service) -> str:
    """Where a service with a public site works; "" for a confidential site, which never says."""
    if service.confidential_location:
        return ""
    if service.public_address:
        return service.public_address
    if service.countywide:
        return "Across the whole county"
    return ", ".join(district.name for district in service.districts.all())


def service_rows(service: Service) -> list[SummaryRow]:
    kinds = _labels(service.service_types, dict(ServiceType.choices))
    rows = [
        SummaryRow("What they offer", ", ".join(kinds)),
        SummaryRow("Who it is for", who_for(service)),
        SummaryRow("How to get help", AccessRoute(service.access_route).label if service.access_route else ""),
    ]
    if service.public_phone:
        rows.append(SummaryRow("Phone", phone_link(service.public_phone)))
    if service.public_url:
        rows.append(SummaryRow("Website", web_link(service.public_url)))
    if service.public_email:
        rows.append(SummaryRow("Email", email_link(service.public_email)))
    if service.opening_times:
        lines = ((line,) for line in service.opening_times.splitlines())
        rows.append(SummaryRow("Opening times", format_html_join(SafeString("<br>"), "{}", lines)))
    if languages(service):
        rows.append(SummaryRow("Languages", languages(service)))
    if service.waiting_time_days is not None:
        rows.append(SummaryRow("Typical wait", waiting(service.waiting_time_days)))
    if where(service):
        rows.append(SummaryRow("Where", where(service)))
    return rows


def service_results(services: Iterable[Service]) -> list[ServiceResult]:
    return [
        ServiceResult(
            id=f"service-{service.pk}",
            name=service.name,
            description=service.description,
            rows=service_rows(service),
            tag=CLOSED_TAG if service.status == ServiceStatus.TEMPORARILY_CLOSED else None,
        )
        for service in services
    ]
