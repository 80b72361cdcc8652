"""The coverage-gap matrix: active services against the referrals of the last 12 months (docs/coverage-gaps.md).

Cells are form of VAWG x district x age group x risk level. Services come from one query (and one for their
districts), referrals from one grouped query with the age group worked out by the database, so the cost does
not grow with the number of cells. The matrix holds exact counts; ``suppressed_form`` hides the small
referral counts (1 to 4) and enough others that none can be worked out from the totals shown (the MARAC
rule, vawg/marac/rules/suppression.py). Service counts are not about people and are never hidden.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Case, CharField, Count, ExpressionWrapper, F, IntegerField, Q, Value, When
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import ExtractYear
from django.utils import timezone

from vawg.accounts.models import District
from vawg.marac.rules.returns import SUPPRESSED
from vawg.marac.rules.suppression import Sum, suppress
from vawg.provision.config import AGE_GROUP_BOUNDS, AgeGroup
from vawg.provision.models import RISK_LEVELS, Service
from vawg.referrals.models import FormOfAbuse, Referral, RiskGrade

AGE_NOT_KNOWN = "age-not-known"
AGE_LINES: dict[str, str] = {**dict(AgeGroup.choices), AGE_NOT_KNOWN: "Age not known"}
RISK_COLUMNS: dict[str, str] = {
    **{str(level): RiskGrade(level).label for level in RISK_LEVELS},
    str(RiskGrade.NOT_ASSESSED): "Not assessed",
}
NO_DISTRICT = "not-recorded"
NO_DISTRICT_LABEL = "District not recorded"
ALL_LEVELS = "all"  # the row total's column
COUNTY = "county"  # the county line's district key
SECONDARY = "suppressed"  # a count hidden so that another cannot be worked out


@dataclass(frozen=True)
class Cell:
    services: int
    referrals: int

    @property
    def unmet(self) -> bool:
        """Referrals with no service that serves them."""
        return self.referrals > 0 and self.services == 0


@dataclass(frozen=True)
class GapMatrix:
    """Exact counts: ``cells[(form, district, age, risk)]``; districts as (key, name), the slug as the key."""

    since: date
    until: date
    districts: tuple[tuple[str, str], ...]
    cells: dict[tuple[str, str, str, str], Cell]

    def cell(self, form: str, district: str, age: str, risk: str) -> Cell:
        return self.cells.get((form, district, age, risk), Cell(0, 0))


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def window(today: date) -> tuple[date, date]:
    """The last 12 months: the day after the same day a year ago, to today (both included)."""
    return years_before(today, 1) + timedelta(days=1), today


def _age_group(today: date) -> tuple[ExpressionWrapper[CombinedExpression], Case]:
    """The approximate age today and the age group: from the subject's date of birth, else the approximate
    age moved on by the years since the person was recorded (as Person.age_on does), else "age not known".
    The group reads the approximate age, so annotate it as ``approximate_age_now`` first."""
    approximate = ExpressionWrapper(
        F("subject__approximate_age") + (Value(today.year) - ExtractYear("subject__created_at")),
        output_field=IntegerField(),
    )
    group = Case(
        When(subject__date_of_birth__gt=years_before(today, 18), then=Value(str(AgeGroup.UNDER_18))),
        When(subject__date_of_birth__lte=years_before(today, 60), then=Value(str(AgeGroup.OLDER))),
        When(subject__date_of_birth__isnull=False, then=Value(str(AgeGroup.ADULT))),
        When(subject__approximate_age__isnull=True, then=Value(AGE_NOT_KNOWN)),
        When(approximate_age_now__lt=18, then=Value(str(AgeGroup.UNDER_18))),
        When(approximate_age_now__gte=60, then=Value(str(AgeGroup.OLDER))),
        default=Value(str(AgeGroup.ADULT)),
        output_field=CharField(),
    )
    return approximate, group


def _serves_age(minimum: int | None, maximum: int | None, line: str) -> bool:
    """A service serves an age group when their ranges overlap; someone whose age is not known only when
    the service has no age limit (only then is it sure to serve them)."""
    if line == AGE_NOT_KNOWN:
        return minimum is None and maximum is None
    youngest, oldest = AGE_GROUP_BOUNDS[line]
    return (minimum is None or oldest is None or minimum <= oldest) and (maximum is None or maximum >= youngest)


def _service_counts(district_keys: list[str]) -> dict[tuple[str, str, str, str], int]:
    """Active services per cell (two queries). A countywide service serves every district and referrals with
    no district; every service takes people whose risk is not assessed."""
    active = Service.objects.active()
    listed: dict[object, set[str]] = defaultdict(set)
    through = Service.districts.through.objects.filter(service__in=active.values("pk"))
    for service_id, slug in through.values_list("service_id", "district__slug"):
        listed[service_id].add(slug)
    counts: dict[tuple[str, str, str, str], int] = defaultdict(int)
    rows = active.values_list("pk", "forms_of_abuse", "risk_levels", "minimum_age", "maximum_age", "countywide")
    for pk, forms, risks, minimum, maximum, countywide in rows:
        districts = [*district_keys, NO_DISTRICT] if countywide else sorted(listed[pk])
        ages = [line for line in AGE_LINES if _serves_age(minimum, maximum, line)]
        levels = {str(level) for level in risks or () if level in RISK_COLUMNS} | {str(RiskGrade.NOT_ASSESSED)}
        for form in set(forms or ()) & set(FormOfAbuse.values):
            for district in districts:
                for age in ages:
                    for level in levels:
                        counts[form, district, age, level] += 1
    return counts


def _referral_counts(today: date) -> dict[tuple[str, str, str, str], int]:
    """Referrals of the last 12 months per cell (one grouped query), each counted once in each of its forms."""
    since, until = window(today)
    zone = timezone.get_default_timezone()
    created = Q(
        created_at__gte=datetime.combine(since, time.min, tzinfo=zone),
        created_at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone),
    )
    approximate, group = _age_group(today)
    grouped = (
        Referral.objects.filter(created)
        .annotate(approximate_age_now=approximate)
        .annotate(age_group=group)
        .values("forms_of_abuse", "risk_grade", "district__slug", "age_group")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[str, str, str, str], int] = defaultdict(int)
    for row in grouped:
        risk = row["risk_grade"] if row["risk_grade"] in RISK_COLUMNS else str(RiskGrade.NOT_ASSESSED)
        for form in set(row["forms_of_abuse"] or ()) & set(FormOfAbuse.values):
            counts[form, row["district__slug"] or NO_DISTRICT, row["age_group"], risk] += row["n"]
    return counts


def gap_matrix(today: date | None = None) -> GapMatrix:
    """The whole matrix for the 12 months to ``today`` (London): four queries, whatever its size."""
    today = today or timezone.localdate()
    districts = tuple((slug, name) for slug, name in District.objects.order_by("name").values_list("slug", "name"))
    keys = [slug for slug, _name in districts]
    services = _service_counts(keys)
    referrals = _referral_counts(today)
    cells = {key: Cell(services.get(key, 0), referrals.get(key, 0)) for key in set(services) | set(referrals)}
    since, until = window(today)
    return GapMatrix(since=since, until=until, districts=(*districts, (NO_DISTRICT, NO_DISTRICT_LABEL)), cells=cells)


# --- Suppression -------------------------------------------------------------------------------------

Place = tuple[str, str, str]  # (district key or COUNTY, age line, risk column or ALL_LEVELS)


def _name(place: Place) -> str:
    return "|".join(place)


def places(matrix: GapMatrix) -> Iterator[Place]:
    """Every count shown for one form: each district's lines, then the county's; each with its row total."""
    for district in [*(key for key, _name in matrix.districts), COUNTY]:
        for age in AGE_LINES:
            for column in [*RISK_COLUMNS, ALL_LEVELS]:
                yield (district, age, column)


def _value(matrix: GapMatrix, form: str, place: Place) -> int:
    district, age, column = place
    districts = [key for key, _name in matrix.districts] if district == COUNTY else [district]
    columns = list(RISK_COLUMNS) if column == ALL_LEVELS else [column]
    return sum(matrix.cell(form, d, age, c).referrals for d in districts for c in columns)


def _sums(matrix: GapMatrix) -> Iterable[Sum]:
    districts = [key for key, _name in matrix.districts]
    for district in [*districts, COUNTY]:
        for age in AGE_LINES:
            yield Sum(_name((district, age, ALL_LEVELS)), tuple(_name((district, age, c)) for c in RISK_COLUMNS))
    for age in AGE_LINES:
        for column in [*RISK_COLUMNS, ALL_LEVELS]:
            yield Sum(_name((COUNTY, age, column)), tuple(_name((d, age, column)) for d in districts))


def referral_texts(matrix: GapMatrix, form: str) -> dict[Place, str]:
    """The referral counts of one form as shown: small ones (1 to 4) read "fewer than 5", and the ones hidden
    so that no small count can be worked out from the totals read "suppressed"."""
    values = {_name(place): _value(matrix, form, place) for place in places(matrix)}
    hidden = suppress(values, list(_sums(matrix)))
    texts = {}
    for place in places(matrix):
        name = _name(place)
        if name in hidden.hidden:
            texts[place] = SUPPRESSED if name in hidden.small else SECONDARY
        else:
            texts[place] = f"{values[name]:,}"
    return texts
