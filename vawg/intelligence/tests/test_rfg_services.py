"""Services of the RFG ranking (vawg/intelligence/services/rfg.py): weight tables and stored runs."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vawg.audit.models import AuditEntry
from vawg.intelligence.models import HarmWeightTable, RfgRun, RfgScore, WeightScheme
from vawg.intelligence.rules.rfg import DEFAULT, MODEL_VERSION, Incident, score
from vawg.intelligence.services.rfg import (
    DEFAULT_TABLE_SOURCE,
    DEFAULT_TABLE_VERSION,
    harm_weight_table_current,
    harm_weight_table_load,
    offence_codes,
    rfg_run,
    stored_incidents,
    table_weights,
)
from vawg.intelligence.tests.factories import PersonCausingHarmFactory, PoliceIncidentFactory
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 6, 30)


def full_table(**changes: object) -> dict[str, object]:
    weights: dict[str, object] = dict.fromkeys(offence_codes(), "1")
    weights.update(changes)
    return weights


def test_it_loads_the_unconfirmed_default_table_on_first_use_and_once() -> None:
    assert not HarmWeightTable.objects.exists()
    table = harm_weight_table_current()
    assert (table.scheme, table.version, table.source) == ("local", DEFAULT_TABLE_VERSION, DEFAULT_TABLE_SOURCE)
    assert table.is_current and table.is_unconfirmed
    assert set(table_weights(table)) == set(offence_codes())
    assert harm_weight_table_current() == table
    entries = AuditEntry.objects.filter(action="intelligence.harm_weight_table.create")
    assert [entry.system_job for entry in entries] == ["rfg_default_weights"]


def test_it_makes_a_loaded_table_current_and_keeps_the_old_one(admin_user: object) -> None:
    default = harm_weight_table_current()
    table = harm_weight_table_load(
        weights=full_table(**{"8U": "250.5"}),
        scheme=WeightScheme.CCHI,
        version="2026-test",
        source="https://example.invalid/cchi",
        make_current=True,
        system_job="tests",
    )
    default.refresh_from_db()
    assert table.is_current and not default.is_current
    assert not table.is_unconfirmed
    assert table_weights(table)["8U"] == Decimal("250.5")
    assert harm_weight_table_current() == table
    entry = AuditEntry.objects.filter(action="intelligence.harm_weight_table.create").latest("seq")
    assert entry.details["current"] is True
    assert entry.details["previous_current_id"] == str(default.pk)


def test_it_loads_a_table_without_making_it_current() -> None:
    default = harm_weight_table_current()
    table = harm_weight_table_load(
        weights=full_table(), scheme="ons-css", version="v1", source="https://example.invalid/css", system_job="tests"
    )
    assert not table.is_current
    assert harm_weight_table_current() == default


def test_it_refuses_a_table_missing_codes_naming_them_and_stores_nothing() -> None:
    weights = full_table()
    del weights["8U"], weights["NC"]
    with pytest.raises(ValidationError, match="8U, NC"):
        harm_weight_table_load(weights=weights, scheme="cchi", version="v1", source="s", system_job="tests")
    assert not HarmWeightTable.objects.exists()
    assert not AuditEntry.objects.filter(action="intelligence.harm_weight_table.create").exists()


@pytest.mark.parametrize("weight", ["-3", "many", "1.0000001"])
def test_it_refuses_a_table_with_a_weight_that_is_not_a_non_negative_number(weight: str) -> None:
    with pytest.raises(ValidationError):
        harm_weight_table_load(
            weights=full_table(**{"8N": weight}), scheme="cchi", version="v1", source="s", system_job="tests"
        )
    assert not HarmWeightTable.objects.exists()


def test_it_refuses_a_version_already_loaded() -> None:
    harm_weight_table_load(weights=full_table(), scheme="cchi", version="v1", source="s", system_job="tests")
    with pytest.raises(ValidationError, match="already loaded"):
        harm_weight_table_load(weights=full_table(), scheme="cchi", version="v1", source="s", system_job="tests")


def test_it_scores_the_stored_incidents_as_the_pure_function_does(police_b: object) -> None:
    grave, minor = PersonCausingHarmFactory(), PersonCausingHarmFactory()
    victims = [PersonFactory(), PersonFactory()]
    PoliceIncidentFactory(perpetrator=grave, victim=victims[0], offence_code="5D", occurred_on=AS_OF - timedelta(200))
    for days, victim in ((3, victims[0]), (40, victims[1]), (900, victims[1])):
        PoliceIncidentFactory(
            perpetrator=minor, victim=victim, offence_code="105A", occurred_on=AS_OF - timedelta(days)
        )
    PoliceIncidentFactory(offence_code="8N", occurred_on=AS_OF - timedelta(days=1200))  # too old to count

    run = rfg_run(as_of=AS_OF, by=police_b)

    table = harm_weight_table_current()
    expected = score(stored_incidents(as_of=AS_OF), table_weights(table), AS_OF)
    stored = list(RfgScore.objects.filter(run=run).order_by("rank"))
    assert [(s.person_causing_harm_id, s.rank, s.frequency, s.victims, s.serial) for s in stored] == [
        (minor.pk, 1, 2, 2, True),
        (grave.pk, 2, 1, 1, False),
    ]
    assert [s.total for s in stored] == pytest.approx([e.total for e in expected])
    assert (run.model_version, run.parameters, run.weight_table, run.cohort_size) == (
        MODEL_VERSION,
        DEFAULT.as_dict(),
        table,
        2,
    )
    assert len(run.inputs_sha256) == 64
    entry = AuditEntry.objects.get(action="intelligence.rfg_run.create")
    assert entry.details["people_scored"] == 2 and entry.details["incidents"] == 4
    assert entry.actor_id == str(police_b.pk)  # type: ignore[attr-defined]


def test_it_fingerprints_the_same_inputs_alike_and_different_ones_apart() -> None:
    PoliceIncidentFactory(occurred_on=AS_OF - timedelta(days=10))
    first = rfg_run(as_of=AS_OF, system_job="tests")
    second = rfg_run(as_of=AS_OF, system_job="tests")
    later = rfg_run(as_of=AS_OF + timedelta(days=1), system_job="tests")
    assert first.inputs_sha256 == second.inputs_sha256 != later.inputs_sha256


def test_it_refuses_stored_incidents_with_codes_without_a_weight() -> None:
    PoliceIncidentFactory(offence_code="ZZ9", occurred_on=AS_OF - timedelta(days=10))
    PoliceIncidentFactory(offence_code="105A", occurred_on=AS_OF - timedelta(days=10))
    with pytest.raises(ValidationError, match="ZZ9"):
        rfg_run(as_of=AS_OF, system_job="tests")
    assert not RfgRun.objects.exists()
    assert not AuditEntry.objects.filter(action="intelligence.rfg_run.create").exists()


def test_it_stores_an_empty_run_when_nobody_has_an_incident_in_the_window() -> None:
    run = rfg_run(as_of=AS_OF, system_job="tests")
    assert run.cohort_size == 0
    assert not run.scores.exists()


def test_it_needs_one_author() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        rfg_run(as_of=AS_OF)


def test_it_reads_stored_incidents_as_the_models_rows() -> None:
    incident = PoliceIncidentFactory(occurred_on=AS_OF - timedelta(days=5), offence_code="8Q")
    assert stored_incidents(as_of=AS_OF) == [
        Incident(str(incident.pk), str(incident.perpetrator_id), str(incident.victim_id), incident.occurred_on, "8Q")
    ]
    assert stored_incidents(as_of=AS_OF - timedelta(days=6)) == []
