"""The return's pure computation: definitions, age boundaries, the agency mapping, periods,
benchmark measures and small-number suppression."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vawg.accounts.models import OrganisationType
from vawg.marac import config
from vawg.marac.presenters.returns import SUPPRESSED_OTHER, dashboard, suppress_share
from vawg.marac.rules.returns import (
    AGENCY_KEYS,
    SUPPRESSED,
    SUPPRESSED_RATE,
    HeardCase,
    Period,
    PersonFacts,
    ReturnFigures,
    agency_key,
    compute_return,
    last_quarters,
    measures,
    quarter_of,
    rate_per_10k,
    rolling_twelve_months,
    suppress_count,
    suppress_rate,
)
from vawg.marac.rules.suppression import Sum, Suppression
from vawg.marac.tests.test_suppression import possible_values

REFERRED = date(2026, 5, 10)
Q2 = quarter_of(REFERRED)


def case(**overrides: object) -> HeardCase:
    values: dict[str, object] = {
        "meeting_on": date(2026, 5, 14),
        "referred_on": REFERRED,
        "is_repeat": False,
        "referring_organisation_type": "police",
        "children_in_household": None,
        "victim": PersonFacts(date_of_birth=date(1990, 1, 1), gender="female"),
        "perpetrator": None,
    }
    values.update(overrides)
    return HeardCase(**values)  # type: ignore[arg-type]


def figures_of(*cases: HeardCase, population: int | None = 10_000) -> ReturnFigures:
    return compute_return(period=Q2, meeting_dates=[], cases=cases, adult_female_population=population)


# --- Agency mapping -------------------------------------------------------------------------------

AGENCY_TABLE = {
    OrganisationType.POLICE: "police",
    OrganisationType.SPECIALIST_SERVICE: "idva",
    OrganisationType.NHS: "health",
    OrganisationType.GP: "health",
    OrganisationType.CHILDRENS_SOCIAL_CARE: "children_social_care",
    OrganisationType.HOUSING: "housing",
    OrganisationType.DISTRICT_COUNCIL: "housing",
    OrganisationType.ADULT_SOCIAL_CARE: "adult_social_care",
    OrganisationType.PROBATION: "probation",
    OrganisationType.COUNTY_COUNCIL: "other",
    OrganisationType.EDUCATION: "other",
    OrganisationType.REFUGE_PROVIDER: "other",
    OrganisationType.PROGRAMME_PROVIDER: "other",
    OrganisationType.VOLUNTARY_SECTOR: "other",
}


def test_it_maps_every_organisation_type_to_a_safelives_agency() -> None:
    assert set(AGENCY_TABLE) == set(OrganisationType)
    assert {t.value: agency_key(t.value) for t in OrganisationType} == {t.value: k for t, k in AGENCY_TABLE.items()}
    assert set(AGENCY_TABLE.values()) == set(AGENCY_KEYS)


def test_it_counts_referrals_by_agency_over_the_cases_discussed() -> None:
    figures = figures_of(*(case(referring_organisation_type=t.value) for t in OrganisationType))

    assert figures.referrals_by_agency == {
        "police": 1,
        "idva": 1,
        "health": 2,
        "children_social_care": 1,
        "housing": 2,
        "adult_social_care": 1,
        "probation": 1,
        "other": 5,
    }
    assert figures.partner_referrals == 13


# --- Ages on the referral date --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "counted"),
    [
        (date(2010, 5, 11), False),  # 15: 16 the next day
        (date(2010, 5, 10), True),  # 16 on the day
        (date(2008, 5, 11), True),  # 17: 18 the next day
        (date(2008, 5, 10), False),  # 18 on the day
    ],
)
def test_it_counts_victims_aged_16_or_17_on_the_referral_date(born: date, counted: bool) -> None:
    figures = figures_of(case(victim=PersonFacts(date_of_birth=born)))

    assert figures.victim_aged_16_17 == int(counted)


@pytest.mark.parametrize(
    ("born", "counted"),
    [(date(2008, 5, 11), True), (date(2008, 5, 10), False), (date(2016, 1, 1), True)],
)
def test_it_counts_perpetrators_aged_17_or_under_on_the_referral_date(born: date, counted: bool) -> None:
    figures = figures_of(case(perpetrator=PersonFacts(date_of_birth=born)))

    assert figures.perpetrators_aged_17_or_under == int(counted)


def test_it_uses_the_approximate_age_moved_on_when_there_is_no_date_of_birth() -> None:
    recorded_2025 = PersonFacts(approximate_age=16, approximate_age_recorded_on=date(2025, 3, 1))
    recorded_2024 = PersonFacts(approximate_age=16, approximate_age_recorded_on=date(2024, 3, 1))
    unknown = PersonFacts()

    figures = figures_of(case(victim=recorded_2025), case(victim=recorded_2024), case(victim=unknown))

    assert recorded_2025.age_on(REFERRED) == 17
    assert recorded_2024.age_on(REFERRED) == 18
    assert figures.victim_aged_16_17 == 1
    assert figures.perpetrators_aged_17_or_under == 0  # no perpetrator recorded: not counted


# --- Victim characteristics -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"ethnicity": "asian"}, "victim_bame_or_racially_minoritised"),
        ({"ethnicity": "black"}, "victim_bame_or_racially_minoritised"),
        ({"ethnicity": "mixed"}, "victim_bame_or_racially_minoritised"),
        ({"ethnicity": "other"}, "victim_bame_or_racially_minoritised"),
        ({"ethnicity": "white"}, None),
        ({"ethnicity": "prefer-not-to-say"}, None),
        ({"sexual_orientation": "gay-or-lesbian"}, "victim_lgbtq"),
        ({"sexual_orientation": "bisexual"}, "victim_lgbtq"),
        ({"sexual_orientation": "other"}, "victim_lgbtq"),
        ({"sexual_orientation": "straight"}, None),
        ({"trans_status": "different"}, "victim_lgbtq"),
        ({"trans_status": "same"}, None),
        ({"disability": "yes"}, "victim_disabled"),
        ({"disability": "not-known"}, None),
        ({"gender": "male"}, "victim_male"),
        ({"gender": "non-binary"}, None),
    ],
)
def test_it_counts_each_equality_group_by_its_definition(facts: dict[str, str], expected: str | None) -> None:
    figures = figures_of(case(victim=PersonFacts(date_of_birth=date(1990, 1, 1), **facts)))

    groups = ("victim_bame_or_racially_minoritised", "victim_lgbtq", "victim_disabled", "victim_male")
    assert {group: getattr(figures, group) for group in groups} == {group: int(group == expected) for group in groups}


def test_it_counts_children_and_the_cases_where_they_are_not_known() -> None:
    figures = figures_of(case(children_in_household=3), case(children_in_household=None), case(children_in_household=0))

    assert (figures.children_in_households, figures.children_unknown) == (3, 1)


def test_it_ignores_cases_and_meetings_outside_the_period() -> None:
    figures = compute_return(
        period=Q2,
        meeting_dates=[date(2026, 3, 31), date(2026, 6, 30), date(2026, 4, 1), date(2026, 7, 1)],
        cases=[case(meeting_on=date(2026, 3, 31)), case(meeting_on=date(2026, 6, 30), is_repeat=True)],
        adult_female_population=None,
    )

    assert figures.meeting_dates == (date(2026, 4, 1), date(2026, 6, 30))
    assert (figures.cases_discussed, figures.repeat_cases) == (1, 1)
    assert figures.cases_per_10k_adult_women is None


def test_it_gives_the_api_exactly_the_safelives_field_names() -> None:
    body = figures_of(case()).as_api()

    assert list(body) == [
        "from",
        "to",
        "meeting_dates",
        "cases_discussed",
        "repeat_cases",
        "referrals_by_agency",
        "children_in_households",
        "victim_bame_or_racially_minoritised",
        "victim_lgbtq",
        "victim_disabled",
        "victim_male",
        "victim_aged_16_17",
        "perpetrators_aged_17_or_under",
        "cases_per_10k_adult_women",
    ]
    assert list(body["referrals_by_agency"]) == list(AGENCY_KEYS)  # type: ignore[call-overload]


# --- Rates and periods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cases", "population", "expected"),
    [(0, 10_000, 0.0), (1, 30_000, 0.3), (2, 30_000, 0.7), (1955, 488_275, 40.0), (5, 0, None), (5, None, None)],
)
def test_it_rounds_the_rate_per_10k_to_one_decimal(cases: int, population: int | None, expected: float | None) -> None:
    assert rate_per_10k(cases, population) == expected


def test_it_works_out_quarters_and_the_rolling_12_months() -> None:
    assert quarter_of(date(2026, 11, 27)) == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_of(date(2026, 11, 27)).label == "October to December 2026"
    quarters = last_quarters(date(2026, 11, 27), 8)
    assert [q.start for q in quarters] == [
        date(2024, 10, 1),
        date(2025, 1, 1),
        date(2025, 4, 1),
        date(2025, 7, 1),
        date(2025, 10, 1),
        date(2026, 1, 1),
        date(2026, 4, 1),
        date(2026, 7, 1),
    ]
    assert quarters[-1].end == date(2026, 9, 30)
    rolling = rolling_twelve_months(date(2026, 11, 27))
    assert (rolling.start, rolling.end) == (date(2025, 10, 1), date(2026, 9, 30))
    assert rolling.label == "12 months to 30 September 2026"


def test_it_annualises_a_quarter_and_implies_capacity() -> None:
    figures = figures_of(
        *(case(is_repeat=i < 10, referring_organisation_type="police" if i < 20 else "gp") for i in range(50)),
        population=50_000,
    )

    quarter = measures(figures, months=3)
    year = measures(figures, months=12)

    assert (quarter.cases_per_10k, quarter.annualised_per_10k, year.annualised_per_10k) == (10.0, 40.0, 10.0)
    assert (quarter.repeat_rate, quarter.partner_share) == (20.0, 60.0)
    assert (quarter.idva_fte, quarter.admin_fte) == (2.0, 0.5)
    assert (year.idva_fte, year.admin_fte) == (0.5, 0.1)


# --- Suppression ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0"), (1, SUPPRESSED), (2, SUPPRESSED), (3, SUPPRESSED), (4, SUPPRESSED), (5, "5"), (1234, "1,234")],
)
def test_it_suppresses_counts_from_1_to_4(count: int, shown: str) -> None:
    assert suppress_count(count) == shown


@pytest.mark.parametrize(
    ("value", "based_on", "shown"),
    [
        (40.0, (5,), "40.0"),
        (0.0, (0,), "0.0"),
        (12.5, (4,), SUPPRESSED_RATE),
        (12.5, (100, 3), SUPPRESSED_RATE),
        (None, (10,), "not available"),
        (None, (2,), SUPPRESSED_RATE),
    ],
)
def test_it_suppresses_rates_worked_out_from_a_small_count(
    value: float | None, based_on: tuple[int, ...], shown: str
) -> None:
    assert suppress_rate(value, *based_on) == shown


def test_it_suppresses_a_share_when_the_rest_is_small() -> None:
    assert suppress_share(83.3, 25, 30) == "83.3%"
    assert suppress_share(90.0, 27, 30) == SUPPRESSED_RATE  # the other 3 could be worked back
    assert suppress_share(16.7, 5, 30) == "16.7%"
    assert suppress_share(0.0, 0, 30) == "0.0%"


SMALL = {"1", "2", "3", "4"}


@st.composite
def return_figures(draw: st.DrawFn, period: Period) -> ReturnFigures:
    cases = draw(st.integers(0, 40))
    part = st.integers(0, cases)
    agencies = dict.fromkeys(AGENCY_KEYS, 0)
    agencies["police"] = draw(part)
    agencies["other"] = cases - agencies["police"]
    return ReturnFigures(
        period=period,
        meeting_dates=(),
        cases_discussed=cases,
        repeat_cases=draw(part),
        referrals_by_agency=agencies,
        children_in_households=draw(st.integers(0, 80)),
        children_unknown=draw(part),
        victim_bame_or_racially_minoritised=draw(part),
        victim_lgbtq=draw(part),
        victim_disabled=draw(part),
        victim_male=draw(part),
        victim_aged_16_17=draw(part),
        perpetrators_aged_17_or_under=draw(part),
        adult_female_population=draw(st.one_of(st.none(), st.integers(1, 500_000))),
        cases_per_10k_adult_women=None,
    )


@given(
    quarters=st.lists(return_figures(Q2), min_size=8, max_size=8),
    rolling=return_figures(Period(date(2025, 7, 1), date(2026, 6, 30))),
)
def test_it_never_shows_a_count_from_1_to_4_on_the_dashboard(
    quarters: list[ReturnFigures], rolling: ReturnFigures
) -> None:
    view = dashboard(quarters, rolling)

    for chart in view.charts:
        for bar in chart.bars:
            assert bar.count_text not in SMALL
            assert bar.value_text not in SMALL
            if bar.value_text in (SUPPRESSED_RATE, "not available"):
                assert bar.width == 0.0
    for row in view.capacity:
        assert row.cases_text not in SMALL
        if row.cases_text == SUPPRESSED:
            assert (row.idva_fte_text, row.admin_fte_text) == (SUPPRESSED_RATE, SUPPRESSED_RATE)


def counted(period: Period, cases: int) -> ReturnFigures:
    agencies = dict.fromkeys(AGENCY_KEYS, 0) | {"police": cases}
    return ReturnFigures(period, (), cases, 0, agencies, 0, 0, 0, 0, 0, 0, 0, 0, 250_000, rate_per_10k(cases, 250_000))


def test_it_leaves_no_quarter_worked_out_from_the_12_months_on_the_dashboard() -> None:
    quarters = last_quarters(date(2026, 7, 15), 8)
    counts = [0, 0, 0, 0, 4, 10, 12, 15]  # the 12 months: 41, and 41 - 10 - 12 - 15 = 4
    rolling = counted(rolling_twelve_months(date(2026, 7, 15)), 41)

    view = dashboard([counted(q, n) for q, n in zip(quarters, counts, strict=True)], rolling)

    rows = view.capacity[4:]  # the four quarters in the 12 months, then the 12 months
    texts = [row.cases_text for row in rows]
    assert texts[0] == SUPPRESSED
    names = ["q1", "q2", "q3", "q4", "year"]
    values = dict(zip(names, [*counts[4:], 41], strict=True))
    shown = Suppression(
        small=frozenset(name for name, text in zip(names, texts, strict=True) if text == SUPPRESSED),
        hidden=frozenset(name for name, text in zip(names, texts, strict=True) if not text.isdigit()),
    )
    assert possible_values(values, [Sum("year", tuple(names[:4]))], shown)["q1"] != {4}
    hidden_texts = {SUPPRESSED_RATE, SUPPRESSED_OTHER}
    for row in rows:  # nothing computed from a hidden count is shown
        if not row.cases_text.isdigit():
            assert {row.idva_fte_text, row.admin_fte_text} <= hidden_texts
    for chart in view.charts[:3]:
        assert len([bar for bar in chart.bars[4:] if bar.value_text in hidden_texts]) >= 2


def test_it_draws_the_comparators_from_configuration() -> None:
    rolling = figures_of(*(case() for _ in range(10)))
    view = dashboard([rolling] * 8, rolling)

    equality = next(chart for chart in view.charts if chart.key == "equality")
    assert [bar.comparator_text for bar in equality.bars] == [f"{b.value:g}%" for b in config.NATIONAL_EQUALITY]
    rate = next(chart for chart in view.charts if chart.key == "rate")
    assert {bar.comparator_text for bar in rate.bars} == {"40"}
    assert len(rate.bars) == 9


# --- Services: default populations, the admin site ------------------------------------------------


@pytest.mark.django_db
def test_it_installs_the_default_populations_once() -> None:
    from vawg.accounts.tests.factories import DistrictFactory
    from vawg.audit.models import AuditEntry
    from vawg.marac.models import AdultFemalePopulation
    from vawg.marac.services.returns import population_install_defaults

    DistrictFactory(name="Dacorum", slug="dacorum")
    DistrictFactory(name="St Albans", slug="st-albans")
    watford = DistrictFactory(name="Watford", slug="watford")
    AdultFemalePopulation.objects.create(district=watford, year=2021, women_16_plus=1, source="Set by hand")

    first = population_install_defaults(system_job="tests")
    second = population_install_defaults(system_job="tests")

    assert (first.created, first.already_present) == (2, 1)
    assert len(first.districts_not_found) == 7
    assert (second.created, second.already_present) == (0, 3)
    dacorum = AdultFemalePopulation.objects.get(district__slug="dacorum")
    assert (dacorum.year, dacorum.women_16_plus) == (2021, round(155_100 * 0.509 * 0.8))
    assert dacorum.source.startswith("DERIVED, UNCONFIRMED")
    assert AdultFemalePopulation.objects.get(district=watford).women_16_plus == 1  # never overwritten
    assert AuditEntry.objects.filter(action="marac.population.install_default", system_job="tests").count() == 2


def test_it_derives_about_480_to_490_thousand_adult_women_for_the_county() -> None:
    total = sum(default.women_16_plus for default in config.DEFAULT_POPULATIONS)

    assert 480_000 <= total <= 490_000
    assert len(config.DEFAULT_POPULATIONS) == 10
    assert all("DERIVED" in default.source and len(default.source) <= 300 for default in config.DEFAULT_POPULATIONS)


@pytest.mark.django_db
def test_it_audits_a_population_saved_on_the_admin_site(signed_in: object, admin_user: object) -> None:
    from vawg.accounts.tests.factories import DistrictFactory
    from vawg.audit.models import AuditEntry
    from vawg.marac.models import AdultFemalePopulation

    district = DistrictFactory()
    client = signed_in(admin_user)  # type: ignore[operator]

    response = client.post(
        "/admin/marac/adultfemalepopulation/add/",
        {"district": district.pk, "year": 2024, "women_16_plus": 41_000, "source": "ONS mid-year 2024"},
    )

    assert response.status_code == 302, response.content
    row = AdultFemalePopulation.objects.get(district=district)
    assert row.women_16_plus == 41_000
    entry = AuditEntry.objects.get(action="marac.population.create")
    assert entry.object_id == str(row.pk)
    assert client.get("/admin/marac/maracarea/").status_code == 200
