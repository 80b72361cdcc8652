"""The attrition funnel for a period, counted in the database (docs/justice-outcomes.md).

Two GROUP BY queries over the police incidents that occurred in the period (both days included), whatever
force imported them (the funnel is partnership-wide): one by district, form of abuse, calendar quarter and
what the funnel reads; one of the days from incident to outcome. Python then only adds up the groups (at
most a few thousand, whatever the number of incidents). Aggregates only: never a person or an incident.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)

from vawg.accounts.models import District
from vawg.intelligence.models import PoliceIncident
from vawg.justice.config.outcomes import DOMESTIC_ABUSE, FORMS, offence_codes_by_form
from vawg.justice.rules.attrition import Funnel, Group, funnel, median_days

NOT_RECORDED = "not-recorded"  # the key of incidents without a district
NOT_RECORDED_LABEL = "District not recorded"


@dataclass(frozen=True)
class Row:
    """One row of a breakdown: its key (for cell names), its label and its funnel."""

    key: str
    label: str
    figures: Funnel


@dataclass(frozen=True)
class Attrition:
    start: date
    end: date
    district: District | None
    form: str  # "" for every form
    figures: Funnel
    by_district: tuple[Row, ...]
    by_form: tuple[Row, ...]
    by_quarter: tuple[Row, ...]
    days_known: int  # crimes with an outcome and its date
    median_days: float | None


def form_expression() -> Case:
    """An incident's form of abuse from its offence code (config/outcomes.py: a local mapping)."""
    whens = [When(offence_code__in=codes, then=Value(form)) for form, codes in offence_codes_by_form().items()]
    return Case(*whens, default=Value(DOMESTIC_ABUSE), output_field=CharField())


class DaysBetween(Func):
    """Whole days from the second date to the first, in SQL on each database (no Python function per row)."""

    output_field = IntegerField()
    template = "(%(expressions)s)"
    arg_joiner = " - "  # PostgreSQL: date - date is a number of days

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


class QuarterNumber(Func):
    """An incident's calendar quarter as one number, year * 4 + (quarter - 1), in SQL on each database."""

    output_field = IntegerField()
    template = (
        "(CAST(EXTRACT(YEAR FROM %(expressions)s) AS INTEGER) * 4"
        " + (CAST(EXTRACT(MONTH FROM %(expressions)s) AS INTEGER) - 1) / 3)"
    )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = (
            "(CAST(strftime('%%%%Y', %(expressions)s) AS INTEGER) * 4"
            " + (CAST(strftime('%%%%m', %(expressions)s) AS INTEGER) - 1) / 3)"
        )
        return super().as_sql(compiler, connection, template=template, **extra)


def incidents_in(start: date, end: date, *, district: District | None = None, form: str = "") -> Any:
    """The incidents of every force that occurred from ``start`` to ``end``, in a district and of a form."""
    incidents = PoliceIncident.objects.filter(occurred_on__gte=start, occurred_on__lte=end)
    if district is not None:
        incidents = incidents.filter(district=district)
    if form:
        incidents = incidents.annotate(form=form_expression()).filter(form=form)
    return incidents


def quarters(start: date, end: date) -> list[tuple[int, int]]:
    """The calendar quarters (year, 1 to 4) the period touches, in order."""
    found: list[tuple[int, int]] = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
        found.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


def attrition_for(start: date, end: date, *, district: District | None = None, form: str = "") -> Attrition:
    """The funnel from ``start`` to ``end`` (both included), optionally for one district and one form."""
    incidents = incidents_in(start, end, district=district, form=form)
    periods = quarters(start, end)
    grouped = (
        incidents.annotate(
            form_key=form_expression(),
            quarter=QuarterNumber("occurred_on"),
            dated=ExpressionWrapper(Q(outcome_date__isnull=False), output_field=BooleanField()),
        )
        .values("district_id", "form_key", "quarter", "is_crime", "outcome_code", "court_result", "dated")
        .annotate(count=Count("id"))
        .order_by()
    )
    everything: list[Group] = []
    by: dict[str, dict[Any, list[Group]]] = {"district": defaultdict(list), "form": defaultdict(list)}
    by["quarter"] = defaultdict(list)
    for row in grouped:
        group = Group(row["is_crime"], row["outcome_code"], row["court_result"], bool(row["dated"]), row["count"])
        everything.append(group)
        by["district"][row["district_id"]].append(group)
        by["form"][row["form_key"]].append(group)
        year, index = divmod(row["quarter"], 4)
        by["quarter"][(year, index + 1)].append(group)
    districts = [district] if district is not None else list(District.objects.order_by("name"))
    by_district = [Row(str(d.pk), d.name, funnel(by["district"][d.pk])) for d in districts]
    if district is None:
        by_district.append(Row(NOT_RECORDED, NOT_RECORDED_LABEL, funnel(by["district"][None])))
    forms = [form] if form else list(FORMS)
    days, known = _days_to_outcome(incidents)
    return Attrition(
        start=start,
        end=end,
        district=district,
        form=form,
        figures=funnel(everything),
        by_district=tuple(by_district),
        by_form=tuple(Row(key, FORMS[key], funnel(by["form"][key])) for key in forms),
        by_quarter=tuple(
            Row(f"{year}-q{quarter}", f"{year} Q{quarter}", funnel(by["quarter"][(year, quarter)]))
            for year, quarter in periods
        ),
        days_known=known,
        median_days=days,
    )


def _days_to_outcome(incidents: Any) -> tuple[float | None, int]:
    """The median days from incident to outcome over the crimes with an outcome date, and how many."""
    rows = (
        incidents.filter(is_crime=True, outcome_date__isnull=False)
        .exclude(outcome_code="")
        .annotate(days=DaysBetween(F("outcome_date"), F("occurred_on")))
        .values("days")
        .annotate(count=Count("id"))
        .order_by()
    )
    histogram: dict[int, int] = defaultdict(int)
    for row in rows:
        histogram[int(row["days"])] += row["count"]
    return median_days(histogram), sum(histogram.values())
