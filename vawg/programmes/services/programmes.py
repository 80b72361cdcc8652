"""A provider's programmes: create and edit them (holders of ``programmes.run_programmes`` at the provider)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest

from vawg.accounts.models import District, Membership, Organisation, User
from vawg.audit.services import audit_record, require_one_author
from vawg.core.models import save_valid
from vawg.programmes.config import RUN_PROGRAMMES
from vawg.programmes.models import Programme, ProgrammeKind
from vawg.programmes.services.common import require_runs

PROGRAMME_FIELDS = (
    "name",
    "kind",
    "respect_accredited",
    "sessions",
    "session_minutes",
    "eligibility",
    "minimum_age",
    "max_missed",
    "max_missed_in_a_row",
    "accepting_referrals",
)


def _check(programme: Programme) -> None:
    errors: dict[str, str] = {}
    if not (programme.name or "").strip():
        errors["name"] = "Enter the programme's name"
    if programme.kind == ProgrammeKind.GROUP and programme.sessions < 1:
        errors["sessions"] = "Enter how many sessions the group programme has"
    if programme.sessions and not programme.session_minutes:
        errors["session_minutes"] = "Enter how long each session lasts, in minutes"
    if Programme.objects.filter(provider=programme.provider_id, name=programme.name).exclude(pk=programme.pk).exists():
        errors["name"] = "Your agency already has a programme with this name"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def programme_create(
    *,
    provider: Organisation,
    by: User | None,
    districts: Iterable[District] = (),
    system_job: str = "",
    request: HttpRequest | None = None,
    **fields: Any,
) -> Programme:
    """A new programme at ``provider``; ``fields`` are those of PROGRAMME_FIELDS (name and kind at least)."""
    require_one_author(by=by, system_job=system_job)
    if by is not None and not (
        Membership.objects.active().of_active_user(by).holding(RUN_PROGRAMMES).filter(organisation=provider).exists()
    ):
        raise Http404("No such agency.")
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"Unknown programme fields: {sorted(unknown)}")
    fields["name"] = (fields.get("name") or "").strip()
    fields.setdefault("sessions", 0)
    programme = Programme(provider=provider, created_by=by, system_job="" if by else system_job, **fields)
    _check(programme)
    save_valid(programme)
    programme.districts.set(list(districts))
    audit_record(
        action="programmes.programme.create",
        by=by,
        system_job=system_job,
        obj=programme,
        request=request,
        details={"kind": programme.kind, "sessions": programme.sessions, "districts": programme.districts.count()},
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    by: User,
    districts: Iterable[District] | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Programme:
    """Change a programme's details, its districts, or whether it accepts referrals. Referrals already made
    keep their place."""
    require_runs(by, programme)
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"Unknown programme fields: {sorted(unknown)}")
    changed = sorted(name for name, value in fields.items() if getattr(programme, name) != value)
    for name, value in fields.items():
        setattr(programme, name, value.strip() if name == "name" else value)
    try:
        _check(programme)
        save_valid(programme)
    except ValidationError:
        programme.refresh_from_db()  # the refused change stays neither in the database nor on the page
        raise
    if districts is not None:
        programme.districts.set(list(districts))
        changed.append("districts")
    audit_record(
        action="programmes.programme.update",
        by=by,
        obj=programme,
        request=request,
        details={"fields": changed, "accepting_referrals": programme.accepting_referrals},
    )
    return programme
