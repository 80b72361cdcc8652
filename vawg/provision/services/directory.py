"""Keeping the service directory: add, change and check entries, name a service on routing rules, and tell
keepers when an entry is due a check.

Only a keeper may write (``Service.objects.kept_by``: provision.keep_services at the service's agency, or a
system administrator): anyone else gets PermissionDenied (403). Every write keeps a dated
``ServiceVersion`` (who, when and the whole entry) and writes one audit entry with ids and codes only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import District, Membership, Organisation, User
from vawg.accounts.roles import holders_of
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.notifications.services import notification_queue
from vawg.provision.config import KEEP_SERVICES, ServiceStatus
from vawg.provision.models import RoutingRuleService, Service, ServiceVersion
from vawg.provision.models.directory import agencies_kept_by, keeps_every_agency
from vawg.referrals.models import RoutingRule

CHANGE_ROUTING_RULES = "referrals.change_routingrule"
CHECK_DUE_KIND = "service-check-due"

# The fields a keeper fills in (``districts`` is set after the entry is saved).
DETAIL_FIELDS = (
    "name",
    "description",
    "service_types",
    "forms_of_abuse",
    "risk_levels",
    "minimum_age",
    "maximum_age",
    "genders",
    "countywide",
    "languages",
    "interpreters_available",
    "nrpf_accepted",
    "specialisms",
    "access_route",
    "public_phone",
    "public_url",
    "public_email",
    "opening_times",
    "waiting_time_days",
    "confidential_location",
    "public_address",
    "status",
    "listed_publicly",
)
TEXT_FIELDS = frozenset(
    {"name", "description", "public_phone", "public_url", "public_email", "opening_times", "public_address"}
)


def service_snapshot(service: Service) -> dict[str, Any]:
    """The whole entry as it stands, for its version row (ids, codes and the public wording only)."""
    snapshot = {name: getattr(service, name) for name in DETAIL_FIELDS}
    snapshot["organisation_id"] = str(service.organisation_id)
    snapshot["districts"] = sorted(service.districts.values_list("slug", flat=True))
    snapshot["last_checked_at"] = service.last_checked_at.isoformat()
    return snapshot


def _locked(service: Service) -> Service:
    """A fresh copy of the entry, its row locked until the transaction ends (the caller's copy is left as it
    was, so a refused change leaves nothing behind on the page that asked for it)."""
    return Service.objects.select_for_update().select_related("organisation").get(pk=service.pk)


def _save_with_version(*, service: Service, by: User, districts: Iterable[District] | None) -> ServiceVersion:
    """Save ``service`` (a new one, or a copy from ``_locked``) as its next version, checked now by ``by``."""
    service.version += 1
    service.last_checked_at = timezone.now()
    service.last_checked_by = by
    save_valid(service)
    if districts is not None:
        service.districts.set([] if service.countywide else list(districts))
    version = ServiceVersion(
        service=service, version=service.version, snapshot=service_snapshot(service), created_by=by
    )
    save_valid(version)
    return version


def _apply(service: Service, details: Mapping[str, Any]) -> list[District]:
    """Put ``details`` on ``service``; return the districts chosen. Unknown fields are a programming error."""
    unknown = set(details) - set(DETAIL_FIELDS) - {"districts"}
    if unknown:
        raise ValueError(f"Not a field a keeper fills in: {sorted(unknown)}")
    for name in DETAIL_FIELDS:
        if name in details:
            value = details[name]
            setattr(service, name, value.strip() if name in TEXT_FIELDS and isinstance(value, str) else value)
    districts = list(details.get("districts") or [])
    if not service.countywide and not districts:
        raise ValidationError({"districts": "Select the districts it works in, or countywide"})
    return districts


def _check_name_free(service: Service) -> None:
    taken = Service.objects.filter(organisation=service.organisation_id, name__iexact=service.name)
    if service.name and taken.exclude(pk=service.pk).exists():
        raise ValidationError({"name": "Your agency already lists a service with this name"})


def _require_keeper(*, service: Service, by: User) -> None:
    if not Service.objects.kept_by(by).filter(pk=service.pk).exists():
        raise PermissionDenied("Only someone who keeps this agency's services may change them")


def agencies_for_new_service(user: User) -> list[Organisation]:
    """The agencies ``user`` may add a service for: theirs, or every active agency for an administrator."""
    if keeps_every_agency(user):
        return list(Organisation.objects.active().order_by("name"))
    return list(agencies_kept_by(user).order_by("name"))


@transaction.atomic
def service_create(
    *, organisation: Organisation, details: Mapping[str, Any], by: User, request: HttpRequest | None = None
) -> Service:
    """Add an entry for ``organisation``, which ``by`` must keep services for."""
    if organisation not in agencies_for_new_service(by):
        raise PermissionDenied("Only someone who keeps this agency's services may add one")
    service = Service(organisation=organisation)
    districts = _apply(service, details)
    _check_name_free(service)
    version = _save_with_version(service=service, by=by, districts=districts)
    audit_record(
        action="provision.service.create",
        by=by,
        obj=service,
        agency_id=organisation.pk,
        request=request,
        details={"version": service.version, "version_id": str(version.pk)},
    )
    return service


@transaction.atomic
def service_change(
    *, service: Service, details: Mapping[str, Any], by: User, request: HttpRequest | None = None
) -> Service:
    """Change an entry (which also marks it checked): a new version, who and when."""
    _require_keeper(service=service, by=by)
    service = _locked(service)
    districts = _apply(service, details)
    _check_name_free(service)
    version = _save_with_version(service=service, by=by, districts=districts)
    audit_record(
        action="provision.service.change",
        by=by,
        obj=service,
        agency_id=service.organisation_id,
        request=request,
        details={"version": service.version, "version_id": str(version.pk), "status": service.status},
    )
    return service


@transaction.atomic
def service_mark_checked(*, service: Service, by: User, request: HttpRequest | None = None) -> Service:
    """Record that the entry is still true as it stands (a new version with the same details)."""
    _require_keeper(service=service, by=by)
    service = _locked(service)
    if service.status == ServiceStatus.INACTIVE:
        raise ValidationError("A closed service is not checked: change it to reopen it")
    version = _save_with_version(service=service, by=by, districts=None)
    audit_record(
        action="provision.service.check",
        by=by,
        obj=service,
        agency_id=service.organisation_id,
        request=request,
        details={"version": service.version, "version_id": str(version.pk)},
    )
    return service


@transaction.atomic
def service_routing_rules_set(
    *, service: Service, rules: Iterable[RoutingRule], by: User, request: HttpRequest | None = None
) -> list[RoutingRule]:
    """Make exactly ``rules`` (active ones) name ``service``: a rule naming another service now names this one,
    and a rule left out stops naming it. Only a holder of referrals.change_routingrule may."""
    if not by.has_perm(CHANGE_ROUTING_RULES):
        raise PermissionDenied("Only a system administrator may change routing rules")
    chosen = {rule.pk: rule for rule in rules}
    if any(not rule.active for rule in chosen.values()):
        raise ValidationError({"rules": "Select active routing rules only"})
    if chosen and service.status == ServiceStatus.INACTIVE:
        raise ValidationError({"rules": "A closed service cannot be named on a routing rule"})
    current = {row.rule_id: row for row in RoutingRuleService.objects.filter(service=service)}
    removed = [rule_id for rule_id in current if rule_id not in chosen]
    RoutingRuleService.objects.filter(service=service, rule_id__in=removed).delete()
    added = []
    for rule_id in chosen:
        if rule_id in current:
            continue
        RoutingRuleService.objects.filter(rule_id=rule_id).delete()  # it named another service
        save_valid(RoutingRuleService(rule_id=rule_id, service=service, created_by=by))
        added.append(rule_id)
    audit_record(
        action="provision.service_routing_rules.set",
        by=by,
        obj=service,
        agency_id=service.organisation_id,
        request=request,
        details={"added": [str(pk) for pk in added], "removed": [str(pk) for pk in removed]},
    )
    return sorted(chosen.values(), key=lambda rule: (rule.priority, rule.name))


def keepers_of(service: Service) -> list[User]:
    """Active people who keep the entries of ``service``'s agency (not administrators of other agencies)."""
    memberships = Membership.objects.active().filter(
        organisation=service.organisation_id, role__in=holders_of(KEEP_SERVICES), user__is_active=True
    )
    return list(User.objects.filter(pk__in=memberships.values("user_id")).order_by("email"))


def service_check_due_notify(*, now: datetime | None = None) -> int:
    """Queue one neutral email to each keeper of each entry not checked for ``STALE_AFTER``; return how many.

    The event key holds the time the entry was last checked, so each keeper hears once per staleness: a
    check (or change) starts the clock again, and the next staleness tells them again."""
    queued = 0
    for service in Service.objects.stale(now=now).filter(organisation__is_active=True).order_by("pk"):
        queued += notification_queue(
            kind=CHECK_DUE_KIND,
            recipients=keepers_of(service),
            event=f"service:{service.pk}:check-due:{service.last_checked_at.isoformat()}",
            link=reverse("directory:service_detail", kwargs={"service_id": service.pk}),
        )
    return queued
