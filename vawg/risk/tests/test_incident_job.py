"""An incident a named job records on a case the acting user may not see (``incident_record_for_job``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case
from vawg.cases.tests.factories import CaseFactory
from vawg.risk import hooks
from vawg.risk.models import Incident, IncidentKind
from vawg.risk.services import incident_record_for_job

pytestmark = pytest.mark.django_db


def test_it_records_for_a_named_job_without_the_case_gate(police_b: User, agencies: Any, monkeypatch: Any) -> None:
    case: Case = CaseFactory(owning_organisation=agencies.a)
    assert not Case.objects.visible_to(police_b).filter(pk=case.pk).exists()
    seen: list[Incident] = []
    monkeypatch.setattr(hooks, "ON_INCIDENT_RECORDED", [lambda incident, by, request: seen.append(incident)])
    incident = incident_record_for_job(
        case=case,
        by=police_b,
        system_job="justice.breach",
        occurred_on=date(2026, 3, 3),
        reported_by_organisation=agencies.b,
        kind=IncidentKind.BREACH,
        summary="Outside 12 Secret Road",
    )
    assert seen == [incident] and incident.created_by == police_b
    entry = AuditEntry.objects.get(action="risk.incident.record")
    assert entry.details["job"] == "justice.breach" and "Secret" not in str(entry.details)


def test_it_refuses_a_job_not_named(police_b: User, agencies: Any) -> None:
    with pytest.raises(PermissionDenied):
        incident_record_for_job(
            case=CaseFactory(),
            by=police_b,
            system_job="anything",
            occurred_on=date(2026, 3, 3),
            reported_by_organisation=agencies.b,
            kind=IncidentKind.BREACH,
        )
    assert not Incident.objects.exists()
