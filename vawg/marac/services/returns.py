"""Writes for the SafeLives return: the audit entry of a download, and installing default populations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.text import slugify

from vawg.accounts.models import District, User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.marac.config import DEFAULT_POPULATIONS, DefaultPopulation
from vawg.marac.models import AdultFemalePopulation, MaracArea
from vawg.marac.rules.returns import Period

DOWNLOAD_ACTION = "marac.return.download"
POPULATION_ACTION = "marac.population.install_default"
DOWNLOAD_FORMATS = frozenset({"csv", "xlsx"})
# (what was saved, whether it is new) -> the audit action
CONFIG_ACTIONS: dict[tuple[str, bool], str] = {
    ("area", True): "marac.area.create",
    ("area", False): "marac.area.update",
    ("population", True): "marac.population.create",
    ("population", False): "marac.population.update",
}


@transaction.atomic
def return_download_record(
    *, by: User, period: Period, area: MaracArea | None, file_format: str, request: HttpRequest | None = None
) -> None:
    """One audit entry for a download of the return (the period, area and format; no figures)."""
    if file_format not in DOWNLOAD_FORMATS:
        raise ValueError(f"Unknown return format: {file_format}")
    audit_record(
        action=DOWNLOAD_ACTION,
        by=by,
        obj=area or by,
        purpose="SafeLives quarterly MARAC return",
        request=request,
        details={
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "area": area.pk if area is not None else "all",
            "format": file_format,
        },
    )


@dataclass(frozen=True)
class PopulationInstall:
    created: int
    already_present: int
    districts_not_found: tuple[str, ...]


@transaction.atomic
def population_install_defaults(
    *, system_job: str, figures: Iterable[DefaultPopulation] = DEFAULT_POPULATIONS
) -> PopulationInstall:
    """Add the default (DERIVED, UNCONFIRMED) adult female population of each Hertfordshire district
    that has no figure for that year yet (or ``figures`` instead: the demo installs its own).
    Idempotent: existing figures are never changed."""
    if not system_job:
        raise ValueError("Name the system job installing the default populations")
    created, present, not_found = 0, 0, []
    for default in figures:
        district = District.objects.filter(Q(slug=slugify(default.district)) | Q(name__iexact=default.district)).first()
        if district is None:
            not_found.append(default.district)
            continue
        if AdultFemalePopulation.objects.filter(district=district, year=default.year).exists():
            present += 1
            continue
        row = AdultFemalePopulation(
            district=district, year=default.year, women_16_plus=default.women_16_plus, source=default.source
        )
        save_valid(row)
        created += 1
        audit_record(
            action=POPULATION_ACTION,
            by=None,
            obj=row,
            system_job=system_job,
            details={"district": district.pk, "year": default.year, "women_16_plus": default.women_16_plus},
        )
    return PopulationInstall(created=created, already_present=present, districts_not_found=tuple(not_found))


@transaction.atomic
def marac_config_save(
    *, obj: MaracArea | AdultFemalePopulation, by: User, changed: list[str], request: HttpRequest | None = None
) -> None:
    """Save a MARAC area or a population figure from the admin site, with an audit entry (fields changed)."""
    created = obj._state.adding
    save_valid(obj)
    kind = "area" if isinstance(obj, MaracArea) else "population"
    audit_record(
        action=CONFIG_ACTIONS[kind, created],
        by=by,
        obj=obj,
        request=request,
        details={"fields": ",".join(sorted(changed))},
    )
