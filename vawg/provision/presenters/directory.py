"""Display values for the staff directory: table rows, an entry's summary, its versions, tags, and the
lines a referral page shows for the service its routing rule names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html_join

from vawg.core.presenters import SummaryRow, Tag
from vawg.provision.config import (
    LANGUAGES,
    AccessRoute,
    Gender,
    ServiceStatus,
    ServiceType,
    Specialism,
)
from vawg.provision.models import RISK_LEVELS, Service, ServiceVersion
from vawg.provision.selectors.directory import service_named_by_rule
from vawg.referrals.models import FormOfAbuse, RoutingRule

STALE = Tag("Not checked for 6 months", "orange")
STATUS_TAGS = {
    ServiceStatus.TEMPORARILY_CLOSED: Tag("Temporarily closed", "yellow"),
    ServiceStatus.INACTIVE: Tag("Closed", "grey"),
}
NOT_GIVEN = "Not given"
RISK_LABELS = {str(level): str(level.label) for level in RISK_LEVELS}


def _labels(values: Iterable[str], labels: dict[str, str]) -> str:
    return ", ".join(labels.get(value, value) for value in values)


def _choices(choices: type[ServiceType | FormOfAbuse | Gender | Specialism | AccessRoute]) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices.choices}


def _day(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}" if moment else NOT_GIVEN


def tags(service: Service) -> tuple[Tag, ...]:
    """Its status when not open, and the stale flag."""
    found = [STATUS_TAGS[ServiceStatus(service.status)]] if service.status in STATUS_TAGS else []
    if service.is_stale and service.status != ServiceStatus.INACTIVE:
        found.append(STALE)
    return tuple(found)


def ages(service: Service) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is None and high is None:
        return "Any age"
    if high is None:
        return f"{low} and over"
    if low is None:
        return f"Up to {high}"
    return f"{low} to {high}"


def who_for(service: Service) -> str:
    """One line: genders, ages, risk levels and any specialisms."""
    parts = [
        "Anyone" if set(service.genders) == set(Gender.values) else _labels(service.genders, _choices(Gender)),
        ages(service),
        f"{_labels(service.risk_levels, RISK_LABELS).lower()} risk",
    ]
    if service.specialisms:
        parts.append(_labels(service.specialisms, _choices(Specialism)))
    return "; ".join(parts)


def reach_lines(service: Service) -> list[str]:
    """How to reach it: the route, then each public contact (never an address)."""
    lines = [_choices(AccessRoute).get(service.access_route, service.access_route)]
    if service.public_phone:
        lines.append(f"Phone: {service.public_phone}")
    if service.public_email:
        lines.append(f"Email: {service.public_email}")
    if service.public_url:
        lines.append(f"Web: {service.public_url}")
    return lines


def area(service: Service) -> str:
    if service.countywide:
        return "Countywide"
    return ", ".join(service.districts.values_list("name", flat=True)) or NOT_GIVEN


@dataclass(frozen=True)
class ServiceRow:
    service: Service
    offers: str
    who_for: str
    reach: list[str]
    last_checked: str
    tags: tuple[Tag, ...]


def service_rows(services: Iterable[Service]) -> list[ServiceRow]:
    return [
        ServiceRow(
            service=service,
            offers=_labels(service.service_types, _choices(ServiceType)),
            who_for=who_for(service),
            reach=reach_lines(service),
            last_checked=_day(service.last_checked_at),
            tags=tags(service),
        )
        for service in services
    ]


def _lines(values: Iterable[str]) -> str:
    return format_html_join("", "{}<br>", ((value,) for value in values))


def summary_rows(service: Service) -> list[SummaryRow]:
    """The whole entry, for staff (a confidential service has no address to show)."""
    yes_no = {True: "Yes", False: "No"}
    checked = _day(service.last_checked_at)
    if service.last_checked_by is not None:
        checked = f"{checked} by {service.last_checked_by.full_name or service.last_checked_by.email}"
    rows = [
        SummaryRow("Agency", service.organisation.name),
        SummaryRow("What it offers", linebreaksbr(service.description)),
        SummaryRow("Kind of service", _labels(service.service_types, _choices(ServiceType))),
        SummaryRow("Forms of VAWG", _labels(service.forms_of_abuse, _choices(FormOfAbuse))),
        SummaryRow("Levels of risk", _labels(service.risk_levels, RISK_LABELS)),
        SummaryRow("Who it is for", _labels(service.genders, _choices(Gender))),
        SummaryRow("Ages", ages(service)),
        SummaryRow("Where it works", area(service)),
        SummaryRow("Languages", _labels(service.languages, LANGUAGES) or NOT_GIVEN),
        SummaryRow("Interpreters", yes_no[service.interpreters_available]),
        SummaryRow("No recourse to public funds", "Accepted" if service.nrpf_accepted else "Not accepted"),
        SummaryRow("Specialisms", _labels(service.specialisms, _choices(Specialism)) or "None"),
        SummaryRow("How to reach it", _lines(reach_lines(service)), value_id="service-reach"),
        SummaryRow("Opening times", linebreaksbr(service.opening_times) or NOT_GIVEN),
        SummaryRow(
            "Typical wait",
            NOT_GIVEN if service.waiting_time_days is None else f"{service.waiting_time_days} days",
        ),
        SummaryRow(
            "Location",
            "Confidential (a refuge or safe house): no address is kept"
            if service.confidential_location
            else (linebreaksbr(service.public_address) or NOT_GIVEN),
        ),
        SummaryRow("Status", service.get_status_display(), tags=tags(service)),
        SummaryRow("On the public finder", yes_no[service.listed_publicly]),
        SummaryRow("Last checked", checked, value_id="service-last-checked"),
    ]
    return rows


@dataclass(frozen=True)
class VersionRow:
    version: int
    when: str
    who: str
    what: str


def version_rows(versions: Iterable[ServiceVersion]) -> list[VersionRow]:
    """Newest first: each version's number, date, who made it, and whether it changed or only checked."""
    ordered = sorted(versions, key=lambda version: version.version)
    rows = []
    previous: dict[str, object] | None = None
    for version in ordered:
        details = {key: value for key, value in version.snapshot.items() if key != "last_checked_at"}
        what = "Added" if previous is None else ("Checked, no change" if details == previous else "Changed")
        previous = details
        who = version.created_by.full_name or version.created_by.email if version.created_by else version.system_job
        rows.append(
            VersionRow(
                version=version.version,
                when=f"{timezone.localtime(version.created_at):%-d %B %Y %H:%M}",
                who=who,
                what=what,
            )
        )
    return rows[::-1]


def rule_names(rules: Iterable[RoutingRule]) -> list[str]:
    return [rule.name for rule in rules]


def route_named_service(rule_id: UUID) -> tuple[str, list[str]] | None:
    """What a referral page shows for the service its routing rule names (referrals' ROUTE_NAMED_SERVICE):
    the service's name and agency, and how to reach it; None when the rule names no open service."""
    service = service_named_by_rule(rule_id)
    if service is None:
        return None
    return (f"{service.name} ({service.organisation.name})", reach_lines(service))
