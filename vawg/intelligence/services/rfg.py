"""Writes of the RFG ranking: harm weight tables (loaded, made current, the default on first use), runs with
their scores, and the audit entries of reading and downloading the ranking (docs/rfg.md).

The model is the pure function in vawg/intelligence/rules/rfg.py; a run stores its version, parameters, the
weight table and the sha256 of its canonical inputs, so the same inputs can be shown to give the same
ranking. Audit details hold ids, codes and counts only: never a name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from vawg.accounts.models import User
from vawg.audit.services import audit_record, require_one_author
from vawg.core.models import save_valid
from vawg.intelligence.models import HarmWeight, HarmWeightTable, PoliceIncident, RfgRun, RfgScore, WeightScheme
from vawg.intelligence.offences import NON_CRIME, OFFENCES
from vawg.intelligence.rfg.weights import DEFAULT_WEIGHTS, missing_codes, read_weights_csv
from vawg.intelligence.rules.rfg import DEFAULT, MODEL_VERSION, Incident, Parameters, RfgInputError, score, weight_units

# The table loaded when none is current: made up, for the partnership to replace (docs/rfg.md).
DEFAULT_TABLE_SCHEME = WeightScheme.LOCAL
DEFAULT_TABLE_VERSION = "placeholder-2026.1"
DEFAULT_TABLE_SOURCE = "made-up placeholder weights, UNCONFIRMED"
DEFAULT_TABLE_JOB = "rfg_default_weights"


def offence_codes() -> list[str]:
    """Every code an incident may carry: the configured offences and the non-crime code."""
    return sorted({*OFFENCES, NON_CRIME})


@transaction.atomic
def harm_weight_table_load(
    *,
    weights: Mapping[str, object],
    scheme: WeightScheme | str,
    version: str,
    source: str,
    make_current: bool = False,
    is_unconfirmed: bool = False,
    by: User | None = None,
    system_job: str = "",
) -> HarmWeightTable:
    """Store a weight table, all or nothing: every offence code needs a weight (a ValidationError names the
    ones missing), each a non-negative number of at most six decimal places. ``make_current`` makes it the
    table runs use from now on. Writes ``intelligence.harm_weight_table.create`` (codes and counts only)."""
    require_one_author(by=by, system_job=system_job)
    missing = missing_codes(weights, offence_codes())
    if missing:
        raise ValidationError(f"No weight for offence code(s): {', '.join(missing)}.")
    try:
        units = {str(code): weight_units(weight) for code, weight in weights.items()}
    except RfgInputError as error:
        raise ValidationError(str(error)) from None
    if HarmWeightTable.objects.filter(scheme=scheme, version=version).exists():
        raise ValidationError(f"A {scheme} table with version {version} is already loaded: give a new version.")
    previous = HarmWeightTable.objects.select_for_update().filter(is_current=True).first()
    if make_current and previous is not None:
        previous.is_current = False
        save_valid(previous, update_fields=["is_current", "updated_at"])
    table = HarmWeightTable(
        scheme=scheme,
        version=version,
        source=source,
        is_unconfirmed=is_unconfirmed,
        is_current=make_current,
        created_by=by,
        system_job="" if by is not None else system_job,
    )
    save_valid(table)
    rows = [HarmWeight(table=table, offence_code=code, weight=value / 10**6) for code, value in sorted(units.items())]
    for row in rows:
        row.clean_fields(exclude=["table"])
    HarmWeight.objects.bulk_create(rows)
    audit_record(
        action="intelligence.harm_weight_table.create",
        obj=table,
        by=by,
        system_job=system_job,
        details={
            "scheme": table.scheme,
            "version": version,
            "codes": len(rows),
            "codes_not_in_offence_list": len(set(units) - set(offence_codes())),
            "current": make_current,
            "previous_current_id": str(previous.pk) if make_current and previous is not None else "",
            "unconfirmed": is_unconfirmed,
        },
    )
    return table


def harm_weight_table_current() -> HarmWeightTable:
    """The current weight table; when there is none, the made-up default table (UNCONFIRMED) is loaded and
    made current by the system job ``rfg_default_weights`` (never by a migration, so an emptied database
    still has one on first use)."""
    current = HarmWeightTable.objects.filter(is_current=True).first()
    if current is not None:
        return current
    if HarmWeightTable.objects.filter(scheme=DEFAULT_TABLE_SCHEME, version=DEFAULT_TABLE_VERSION).exists():
        return _default_table_make_current()
    try:
        with transaction.atomic():
            return harm_weight_table_load(
                weights=read_weights_csv(DEFAULT_WEIGHTS),
                scheme=DEFAULT_TABLE_SCHEME,
                version=DEFAULT_TABLE_VERSION,
                source=DEFAULT_TABLE_SOURCE,
                make_current=True,
                is_unconfirmed=True,
                system_job=DEFAULT_TABLE_JOB,
            )
    except IntegrityError:  # loaded meanwhile by a parallel request: use theirs
        return HarmWeightTable.objects.get(is_current=True)


@transaction.atomic
def _default_table_make_current() -> HarmWeightTable:
    table = HarmWeightTable.objects.select_for_update().get(scheme=DEFAULT_TABLE_SCHEME, version=DEFAULT_TABLE_VERSION)
    table.is_current = True
    save_valid(table, update_fields=["is_current", "updated_at"])
    audit_record(
        action="intelligence.harm_weight_table.make_current",
        obj=table,
        system_job=DEFAULT_TABLE_JOB,
        details={"scheme": table.scheme, "version": table.version},
    )
    return table


def table_weights(table: HarmWeightTable) -> dict[str, Decimal]:
    """A stored table's weights by code, as exact decimals (stored floats print back as the decimal loaded)."""
    return {code: Decimal(repr(weight)) for code, weight in table.weights.values_list("offence_code", "weight")}


def stored_incidents(*, as_of: date, params: Parameters = DEFAULT) -> list[Incident]:
    """The stored police incidents that can count on ``as_of`` (up to the serial window before it), as the
    model's rows: the incident's record id, the person causing harm's record id, the victim's person id."""
    since = as_of - timedelta(days=params.serial_window_days - 1)
    rows = PoliceIncident.objects.filter(occurred_on__range=(since, as_of)).values_list(
        "pk", "perpetrator_id", "victim_id", "occurred_on", "offence_code"
    )
    return [
        Incident(str(pk), str(perpetrator), str(victim), occurred_on, code)
        for pk, perpetrator, victim, occurred_on, code in rows.order_by("pk")
    ]


def inputs_sha256(*, incidents: list[Incident], weights: Mapping[str, Decimal], as_of: date, params: Parameters) -> str:
    """The sha256 of a run's canonical inputs: the model version, parameters, as-of date, the weights by
    code and the incidents by id, as sorted JSON lines."""
    digest = hashlib.sha256()
    head = {"model_version": MODEL_VERSION, "parameters": params.as_dict(), "as_of": as_of.isoformat()}
    digest.update(json.dumps(head, sort_keys=True).encode() + b"\n")
    for code in sorted(weights):
        digest.update(json.dumps([code, f"{weights[code]:f}"]).encode() + b"\n")
    for row in sorted(incidents, key=lambda incident: incident.incident_id):
        line = [row.incident_id, row.perpetrator_id, row.victim_id, row.occurred_on.isoformat(), row.offence_code]
        digest.update(json.dumps(line).encode() + b"\n")
    return digest.hexdigest()


@transaction.atomic
def rfg_run(*, as_of: date, by: User | None = None, system_job: str = "", params: Parameters = DEFAULT) -> RfgRun:
    """Score every person causing harm from the stored police incidents with the current weight table, and
    store the run and one score per person scored. A ValidationError names any offence code in the
    incidents without a weight (nothing is stored). Writes ``intelligence.rfg_run.create`` (counts only)."""
    require_one_author(by=by, system_job=system_job)
    table = harm_weight_table_current()
    weights = table_weights(table)
    incidents = stored_incidents(as_of=as_of, params=params)
    try:
        scores = score(incidents, weights, as_of, params)
    except RfgInputError as error:
        raise ValidationError(f"The ranking cannot run: {error}") from None
    run = RfgRun(
        as_of=as_of,
        model_version=MODEL_VERSION,
        parameters=params.as_dict(),
        inputs_sha256=inputs_sha256(incidents=incidents, weights=weights, as_of=as_of, params=params),
        weight_table=table,
        cohort_size=len(scores),
        created_by=by,
        system_job="" if by is not None else system_job,
    )
    save_valid(run)
    rows = [
        RfgScore(
            run=run,
            person_causing_harm_id=item.perpetrator_id,
            rank=item.rank,
            recency=item.recency,
            frequency=item.frequency,
            frequency_12m=item.frequency_12m,
            gravity=item.gravity,
            gravity_max=item.gravity_max,
            victims=item.victims,
            serial=item.serial,
            total=item.total,
        )
        for item in scores
    ]
    for row in rows:
        row.clean_fields(exclude=["run", "person_causing_harm"])
    RfgScore.objects.bulk_create(rows, batch_size=1000)
    audit_record(
        action="intelligence.rfg_run.create",
        obj=run,
        by=by,
        system_job=system_job,
        details={
            "as_of": as_of.isoformat(),
            "model_version": MODEL_VERSION,
            "weight_table_id": str(table.pk),
            "incidents": len(incidents),
            "people_scored": len(scores),
            "serial": sum(item.serial for item in scores),
            "inputs_sha256": run.inputs_sha256,
        },
    )
    return run


@transaction.atomic
def rfg_ranking_view_record(
    *, run: RfgRun, by: User, page: int, shown: int, request: HttpRequest | None = None
) -> None:
    """One audit entry for a page of the ranking (it shows names): the run, the page and how many rows."""
    audit_record(
        action="intelligence.rfg_ranking.view",
        obj=run,
        by=by,
        request=request,
        purpose="RFG ranking (advisory)",
        details={"page": page, "rows_shown": shown},
    )


@transaction.atomic
def rfg_ranking_download_record(*, run: RfgRun, by: User, rows: int, request: HttpRequest | None = None) -> None:
    """One audit entry for a download of the ranking as CSV: the run and how many rows (no names)."""
    audit_record(
        action="intelligence.rfg_ranking.download",
        obj=run,
        by=by,
        request=request,
        purpose="RFG ranking (advisory)",
        details={"rows": rows, "format": "csv"},
    )
