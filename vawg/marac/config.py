"""MARAC benchmarks, national comparators and default population figures: versioned configuration.

Every figure carries its source. Figures marked UNCONFIRMED or DERIVED are for the partnership to
confirm (docs/domain/marac.md: "Benchmarks", "Population figures" and "National comparators");
changing one is a reviewed change to this file, with a new ``BENCHMARKS_VERSION``. The adult
female population actually used is the ``AdultFemalePopulation`` configuration in the database
(admin site); ``DEFAULT_POPULATIONS`` only seeds it
(``vawg.marac.services.returns.population_install_defaults``).
"""

from __future__ import annotations

from dataclasses import dataclass

BENCHMARKS_VERSION = "2024-09 (SafeLives national data to 30 September 2024)"

SAFELIVES_REVIEWING_DATA = (
    "https://safelives.org.uk/resources-for-professionals/marac-resources/reviewing-your-marac-data/"
)
SAFELIVES_NATIONAL_DATA = "https://safelives.org.uk/research-policy/practitioner-datasets/marac-data"
NATIONAL_PERIOD = "12 months to 30 September 2024 (276 MARACs reporting)"


@dataclass(frozen=True)
class Benchmark:
    """One figure to compare against, with where it comes from."""

    key: str
    label: str
    value: float
    source: str
    confirmed: bool = True


# SafeLives planning figures (docs/domain/marac.md#benchmarks).
EXPECTED_CASES_PER_10K = Benchmark(
    "expected_cases_per_10k",
    "Expected cases per 10,000 adult women a year",
    40.0,
    f"SafeLives, reviewing your MARAC data: {SAFELIVES_REVIEWING_DATA}",
)
CASES_PER_IDVA_FTE = Benchmark(
    "cases_per_idva_fte",
    "MARAC cases a year per full-time IDVA",
    100.0,
    f"SafeLives, reviewing your MARAC data: {SAFELIVES_REVIEWING_DATA}",
)
CASES_PER_ADMIN_FTE = Benchmark(
    "cases_per_admin_fte",
    "MARAC cases a year per full-time coordinator or administrator",
    400.0,
    f"SafeLives, reviewing your MARAC data: {SAFELIVES_REVIEWING_DATA}",
)

_NATIONAL_SOURCE = f"SafeLives national MARAC data, {NATIONAL_PERIOD}: {SAFELIVES_NATIONAL_DATA}"

# National comparators (docs/domain/marac.md#national-comparators), as percentages of cases
# (rate: per 10,000 adult women).
NATIONAL_CASES_PER_10K = Benchmark("cases_per_10k", "Cases per 10,000 adult women", 47.0, _NATIONAL_SOURCE)
NATIONAL_REPEAT_RATE = Benchmark("repeat_rate", "Repeat cases", 31.0, _NATIONAL_SOURCE)
NATIONAL_PARTNER_SHARE = Benchmark(
    "partner_share", "Referrals from agencies other than the police", 36.0, _NATIONAL_SOURCE
)
NATIONAL_EQUALITY: tuple[Benchmark, ...] = (
    Benchmark(
        "victim_bame_or_racially_minoritised", "Black, Asian or racially minoritised victims", 14.1, _NATIONAL_SOURCE
    ),
    Benchmark("victim_lgbtq", "LGBT+ victims", 1.6, _NATIONAL_SOURCE),
    Benchmark("victim_disabled", "Disabled victims", 10.1, _NATIONAL_SOURCE),
    Benchmark("victim_male", "Male victims", 6.4, _NATIONAL_SOURCE),
    Benchmark("victim_aged_16_17", "Victims aged 16 or 17", 1.3, _NATIONAL_SOURCE),
)

# Commonly cited expected ranges: UNCONFIRMED (docs/domain/marac.md#benchmarks).
# Shown as context only, never as a target.
UNCONFIRMED_RANGES: dict[str, tuple[float, float]] = {
    "repeat_rate": (28.0, 40.0),
    "partner_share": (25.0, 40.0),
}
UNCONFIRMED_RANGES_SOURCE = (
    "UNCONFIRMED: commonly cited, not confirmed from a SafeLives source (docs/domain/marac.md#benchmarks)"
)


# Small-number suppression on the aggregate dashboard (docs/marac.md#small-number-suppression).
# A count from 1 to SUPPRESSION_THRESHOLD - 1 is never shown; changing it is a reviewed change with
# a new SUPPRESSION_VERSION.
SUPPRESSION_VERSION = "2026-07 (primary: 1 to 4; secondary: no hidden count can be worked out)"
SUPPRESSION_THRESHOLD = 5


@dataclass(frozen=True)
class DefaultPopulation:
    district: str
    year: int
    women_16_plus: int
    source: str


# DERIVED: Census 2021 usual residents x 50.9% female (Dacorum's share) x 80% aged 16+
# (docs/domain/marac.md#adult-female-population).
FEMALE_SHARE = 0.509
AGED_16_PLUS_SHARE = 0.80
_CENSUS_2021_RESIDENTS: tuple[tuple[str, int, bool], ...] = (
    # district, usual residents, confirmed by a source in docs/domain/marac.md#hertfordshire-districts
    ("Broxbourne", 99_000, False),
    ("Dacorum", 155_100, True),
    ("East Hertfordshire", 151_400, False),
    ("Hertsmere", 107_200, False),
    ("North Hertfordshire", 133_200, True),
    ("St Albans", 148_200, True),
    ("Stevenage", 89_500, True),
    ("Three Rivers", 93_300, False),
    ("Watford", 102_300, False),
    ("Welwyn Hatfield", 119_900, True),
)


def _default(district: str, residents: int, confirmed: bool) -> DefaultPopulation:
    residents_note = "confirmed" if confirmed else "UNCONFIRMED, recalled"
    return DefaultPopulation(
        district=district,
        year=2021,
        women_16_plus=round(residents * FEMALE_SHARE * AGED_16_PLUS_SHARE),
        source=(
            f"DERIVED, UNCONFIRMED: Census 2021 usual residents {residents:,} ({residents_note}) x 50.9% female "
            "x 80% aged 16+ (docs/domain/marac.md#adult-female-population). "
            "Replace with the ONS mid-year estimate of women aged 16+."
        ),
    )


DEFAULT_POPULATIONS: tuple[DefaultPopulation, ...] = tuple(
    _default(district, residents, confirmed) for district, residents, confirmed in _CENSUS_2021_RESIDENTS
)


# "My work" and the actions list's "Due in the next 7 days": an outstanding action due today or in the
# next ACTION_DUE_SOON_DAYS days (docs/my-work.md). A later one is not yet due; an earlier one is overdue.
ACTION_DUE_SOON_DAYS = 7
