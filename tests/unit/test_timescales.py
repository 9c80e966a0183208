from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from app.rules.timescales import (
    NATIONS,
    Timescales,
    add_months,
    add_working_days,
    bank_holidays,
    child_told_due,
    family_premeet_start,
    first_core_group_due,
    is_on_time,
    is_working_day,
    minutes_due,
    next_core_group_due,
    outcome_due,
    police_open_info_deadline,
    report_share_deadline,
    review_conference_due,
    working_days_between,
)

D = date


def dates(*isos: str) -> frozenset[date]:
    return frozenset(date.fromisoformat(s) for s in isos)


# --- bank holidays ---------------------------------------------------------------------


def test_nations_constant():
    assert NATIONS == ("england", "wales", "scotland", "northern-ireland")


def test_england_2026_exact():
    assert bank_holidays("england", 2026) == dates(
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-04",
        "2026-05-25",
        "2026-08-31",
        "2026-12-25",
        "2026-12-28",
    )


def test_wales_shares_englands_list():
    for year in range(2018, 2031):
        assert bank_holidays("wales", year) == bank_holidays("england", year)


def test_england_2025_exact():
    assert bank_holidays("england", 2025) == dates(
        "2025-01-01",
        "2025-04-18",
        "2025-04-21",
        "2025-05-05",
        "2025-05-26",
        "2025-08-25",
        "2025-12-25",
        "2025-12-26",
    )




def test_good_friday_and_easter_monday_2026():
    hols = bank_holidays("england", 2026)
    assert D(2026, 4, 3) in hols
    assert D(2026, 4, 6) in hols
    assert not is_working_day(D(2026, 4, 3), "england")
    assert not is_working_day(D(2026, 4, 6), "england")
    assert is_working_day(D(2026, 4, 7), "england")


def test_christmas_2021_both_on_weekend_get_monday_and_tuesday():
    hols = bank_holidays("england", 2021)
    assert D(2021, 12, 27) in hols
    assert D(2021, 12, 28) in hols
    assert D(2021, 12, 25) not in hols
    assert D(2021, 12, 26) not in hols


def test_christmas_2022_on_sunday_substitute_is_tuesday():
    hols = bank_holidays("england", 2022)
    assert D(2022, 12, 26) in hols  # Boxing Day, a Monday
    assert D(2022, 12, 27) in hols  # substitute for Christmas Day
    assert D(2022, 12, 25) not in hols


def test_new_year_on_weekend_moves_to_monday():
    assert D(2022, 1, 3) in bank_holidays("england", 2022)  # 1 Jan was a Saturday
    assert D(2023, 1, 2) in bank_holidays("england", 2023)  # 1 Jan was a Sunday
    assert D(2023, 1, 3) not in bank_holidays("england", 2023)


def test_one_off_changes():
    hols_2020 = bank_holidays("england", 2020)
    assert D(2020, 5, 8) in hols_2020
    assert D(2020, 5, 4) not in hols_2020

    assert bank_holidays("england", 2022) == dates(
        "2022-01-03",
        "2022-04-15",
        "2022-04-18",
        "2022-05-02",
        "2022-06-02",
        "2022-06-03",
        "2022-08-29",
        "2022-09-19",
        "2022-12-26",
        "2022-12-27",
    )

    hols_2023 = bank_holidays("england", 2023)
    assert {D(2023, 5, 1), D(2023, 5, 8), D(2023, 5, 29)} <= hols_2023
    assert len(hols_2023) == 9


@pytest.mark.parametrize("nation", ["scotland", "northern-ireland"])
def test_one_off_changes_apply_to_every_nation(nation):
    assert D(2022, 9, 19) in bank_holidays(nation, 2022)
    assert D(2022, 6, 3) in bank_holidays(nation, 2022)
    assert D(2023, 5, 8) in bank_holidays(nation, 2023)
    assert D(2020, 5, 8) in bank_holidays(nation, 2020)


def test_scotland_2026_exact():
    assert bank_holidays("scotland", 2026) == dates(
        "2026-01-01",
        "2026-01-02",
        "2026-04-03",
        "2026-05-04",
        "2026-05-25",
        "2026-06-15",  # a one-off, for Scotland at the FIFA World Cup
        "2026-08-03",
        "2026-11-30",
        "2026-12-25",
        "2026-12-28",
    )


def test_scotland_differences_from_england():
    scot, eng = bank_holidays("scotland", 2026), bank_holidays("england", 2026)
    assert D(2026, 1, 2) in scot and D(2026, 1, 2) not in eng
    assert D(2026, 4, 6) not in scot and D(2026, 4, 6) in eng  # no Easter Monday
    assert D(2026, 8, 3) in scot and D(2026, 8, 31) not in scot
    assert D(2026, 11, 30) in scot and D(2026, 11, 30) not in eng
    assert is_working_day(D(2026, 4, 6), "scotland")
    assert not is_working_day(D(2026, 4, 6), "england")


def test_scotland_new_year_pair_substitutes():
    # 2022: Sat 1 and Sun 2 January -> Mon 3 and Tue 4.
    assert {D(2022, 1, 3), D(2022, 1, 4)} <= bank_holidays("scotland", 2022)
    # 2023: Sun 1 and Mon 2 January -> Mon 2 and Tue 3.
    assert {D(2023, 1, 2), D(2023, 1, 3)} <= bank_holidays("scotland", 2023)
    # 2021: Fri 1 and Sat 2 January -> Fri 1 and Mon 4.
    assert {D(2021, 1, 1), D(2021, 1, 4)} <= bank_holidays("scotland", 2021)


def test_st_andrews_day_on_weekend_moves_to_monday():
    hols = bank_holidays("scotland", 2024)  # 30 Nov 2024 was a Saturday
    assert D(2024, 12, 2) in hols
    assert D(2024, 11, 30) not in hols


def test_northern_ireland_2026_exact():
    assert bank_holidays("northern-ireland", 2026) == dates(
        "2026-01-01",
        "2026-03-17",
        "2026-04-03",
        "2026-04-06",
        "2026-05-04",
        "2026-05-25",
        "2026-07-13",  # 12 July is a Sunday
        "2026-08-31",
        "2026-12-25",
        "2026-12-28",
    )


def test_northern_ireland_st_patrick_and_boyne_substitutes():
    assert D(2024, 3, 18) in bank_holidays("northern-ireland", 2024)  # 17th was a Sunday
    assert D(2025, 7, 14) in bank_holidays("northern-ireland", 2025)  # 12th was a Saturday
    assert D(2025, 3, 17) not in bank_holidays("england", 2025)
    assert D(2025, 7, 14) not in bank_holidays("england", 2025)


def test_unknown_nation_raises():
    with pytest.raises(ValueError):
        bank_holidays("ireland", 2026)
    with pytest.raises(ValueError):
        is_working_day(D(2026, 1, 5), "England")
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), 0, "cornwall")
    with pytest.raises(ValueError):
        Timescales(nation="france")


# --- working days ----------------------------------------------------------------------


def test_weekends_are_not_working_days():
    assert is_working_day(D(2026, 3, 6), "england")  # Friday
    assert not is_working_day(D(2026, 3, 7), "england")  # Saturday
    assert not is_working_day(D(2026, 3, 8), "england")  # Sunday
    assert is_working_day(D(2026, 3, 9), "england")  # Monday


def test_extra_closures():
    closure = D(2026, 3, 10)
    assert not is_working_day(closure, "england", [closure])
    assert add_working_days(D(2026, 3, 9), 1, "england", iter([closure])) == D(2026, 3, 11)


def test_is_working_day_accepts_datetime_on_bank_holiday():
    assert not is_working_day(datetime(2026, 4, 3, 10, 0), "england")


def test_add_working_days_over_weekend_both_ways():
    assert add_working_days(D(2026, 3, 6), 1, "england") == D(2026, 3, 9)
    assert add_working_days(D(2026, 3, 9), -1, "england") == D(2026, 3, 6)
    # From a Saturday, counting starts on the next/previous day.
    assert add_working_days(D(2026, 3, 7), 1, "england") == D(2026, 3, 9)
    assert add_working_days(D(2026, 3, 7), -1, "england") == D(2026, 3, 6)


def test_add_working_days_zero_is_unchanged():
    assert add_working_days(D(2026, 3, 7), 0, "england") == D(2026, 3, 7)


def test_add_working_days_over_easter():
    assert add_working_days(D(2026, 4, 2), 1, "england") == D(2026, 4, 7)
    assert add_working_days(D(2026, 4, 2), 1, "scotland") == D(2026, 4, 6)


def test_working_days_between():
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 13), "england") == 5
    assert working_days_between(D(2026, 3, 13), D(2026, 3, 6), "england") == -5
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 9), "england") == 0
    # Thu 2 April to Tue 7 April: Good Friday and Easter Monday don't count.
    assert working_days_between(D(2026, 4, 2), D(2026, 4, 7), "england") == 1
    assert working_days_between(D(2026, 4, 2), D(2026, 4, 7), "scotland") == 2


@pytest.mark.parametrize("n", [-12, -3, -1, 0, 1, 4, 15])
@pytest.mark.parametrize("start", [D(2026, 4, 4), D(2026, 4, 8), D(2026, 12, 24)])
def test_working_days_between_inverts_add_working_days(start, n):
    end = add_working_days(start, n, "england")
    assert working_days_between(start, end, "england") == n


# --- months ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2025, 11, 15), 3, D(2026, 2, 15)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 5, 10), 0, D(2026, 5, 10)),
        (D(2026, 1, 15), -13, D(2024, 12, 15)),
    ],
)
def test_add_months_clamps(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("day, months, expected", [
    # The first and the last year of the calendar are ordinary years...
    (D(1, 1, 31), 1, D(1, 2, 28)),
    (D(9999, 1, 31), 1, D(9999, 2, 28)),
    # ...and beyond them a date stops at the calendar's edge, a moment at its edge moment.
    (D(1, 1, 15), -1, D.min),
    (D(9999, 12, 15), 1, D.max),
    (datetime(1, 1, 15, 10, 30), -1, datetime.min),
    (datetime(9999, 12, 15, 10, 30), 1, datetime.max),
])
def test_months_stop_at_the_edges_of_the_calendar_as_a_date_or_a_moment(day, months, expected):
    result = add_months(day, months)
    assert (result, type(result)) == (expected, type(day))


# --- settings --------------------------------------------------------------------------


def test_timescales_defaults():
    ts = Timescales()
    assert ts.nation == "england"
    assert (ts.reports_before_initial_working_days, ts.reports_before_review_working_days) == (
        3,
        5,
    )
    assert ts.police_open_info_hours == 24
    assert ts.family_premeet_minutes == 30
    assert ts.outcome_working_days == 1
    assert ts.child_told_hours == 24
    assert ts.minutes_working_days == 15
    assert ts.first_core_group_working_days == 10
    assert ts.core_group_interval_weeks == 6
    assert (ts.first_review_months, ts.later_review_months) == (3, 6)


def test_timescales_is_frozen():
    with pytest.raises(AttributeError):
        Timescales().nation = "wales"  # type: ignore[misc]


def test_from_mapping_coerces_and_ignores_unknown_keys():
    ts = Timescales.from_mapping(
        {
            "nation": "Scotland",
            "reports_before_initial_working_days": "2",
            "police_open_info_hours": 48.0,
            "minutes_working_days": " 20 ",
            "first_review_months": None,
            "not_a_setting": "whatever",
        }
    )
    assert ts.nation == "scotland"
    assert ts.reports_before_initial_working_days == 2
    assert isinstance(ts.reports_before_initial_working_days, int)
    assert ts.police_open_info_hours == 48
    assert isinstance(ts.police_open_info_hours, int)
    assert ts.minutes_working_days == 20
    assert ts.first_review_months == 3  # None falls back to the default


@pytest.mark.parametrize("bad", ["three", 2.5, True, [3]])
def test_from_mapping_rejects_non_whole_numbers(bad):
    with pytest.raises(ValueError):
        Timescales.from_mapping({"outcome_working_days": bad})


def test_negative_setting_rejected():
    with pytest.raises(ValueError):
        Timescales(minutes_working_days=-1)


# --- deadlines -------------------------------------------------------------------------


def test_initial_report_deadline_monday_is_previous_wednesday():
    start = datetime(2026, 3, 9, 10, 0)  # Monday
    assert report_share_deadline(Timescales(), start, "initial") == datetime(2026, 3, 4, 10, 0)


def test_review_report_deadline_is_five_working_days():
    start = datetime(2026, 3, 9, 10, 0)  # Monday
    assert report_share_deadline(Timescales(), start, "review") == datetime(2026, 3, 2, 10, 0)


def test_report_deadline_crosses_weekend_and_bank_holidays():
    # Wed 8 April 2026, after Easter: back over Tue 7, (Mon 6 holiday, weekend,
    # Fri 3 holiday), Thu 2, Wed 1.
    start = datetime(2026, 4, 8, 14, 30)
    assert report_share_deadline(Timescales(), start, "initial") == datetime(2026, 4, 1, 14, 30)


def test_report_deadline_differs_in_scotland_without_easter_monday():
    start = datetime(2026, 4, 7, 10, 0)  # Tuesday after Easter
    assert report_share_deadline(Timescales(), start, "initial") == datetime(2026, 3, 31, 10, 0)
    scottish = Timescales(nation="scotland")
    assert report_share_deadline(scottish, start, "initial") == datetime(2026, 4, 1, 10, 0)


def test_two_working_days_configured():
    ts = Timescales(reports_before_initial_working_days=2)
    start = datetime(2026, 3, 9, 10, 0)  # Monday
    assert report_share_deadline(ts, start, "initial") == datetime(2026, 3, 5, 10, 0)


def test_unknown_conference_type_raises():
    start = datetime(2026, 3, 9, 10, 0)
    with pytest.raises(ValueError):
        report_share_deadline(Timescales(), start, "transfer-in")
    with pytest.raises(ValueError):
        review_conference_due(Timescales(), start.date(), "Initial")


def test_report_deadline_keeps_timezone_and_clock_time():
    try:
        london = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        pytest.skip("no tz database")
    start = datetime(2026, 3, 30, 10, 0, tzinfo=london)  # Monday, BST
    deadline = report_share_deadline(Timescales(), start, "initial")
    assert deadline == datetime(2026, 3, 25, 10, 0, tzinfo=london)  # Wednesday, GMT
    assert deadline.utcoffset() == timedelta(0)


def test_police_premeet_and_child_told():
    ts = Timescales()
    start = datetime(2026, 3, 9, 10, 0)
    assert police_open_info_deadline(ts, start) == datetime(2026, 3, 8, 10, 0)
    assert family_premeet_start(ts, start) == datetime(2026, 3, 9, 9, 30)
    assert child_told_due(ts, start) == datetime(2026, 3, 10, 10, 0)
    ts = Timescales(police_open_info_hours=48, family_premeet_minutes=45, child_told_hours=72)
    assert police_open_info_deadline(ts, start) == datetime(2026, 3, 7, 10, 0)
    assert family_premeet_start(ts, start) == datetime(2026, 3, 9, 9, 15)
    assert child_told_due(ts, start) == datetime(2026, 3, 12, 10, 0)


def test_hours_are_elapsed_hours_across_clock_change():
    try:
        london = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        pytest.skip("no tz database")
    ts = Timescales(police_open_info_hours=48)
    start = datetime(2026, 3, 30, 10, 0, tzinfo=london)  # BST; clocks went forward Sun 29th
    deadline = police_open_info_deadline(ts, start)
    assert deadline.tzinfo is london
    assert start.astimezone(UTC) - deadline.astimezone(UTC) == timedelta(hours=48)
    assert (deadline.day, deadline.hour) == (28, 9)  # 09:00 GMT on the Saturday


def test_outcome_due_next_working_day_same_time():
    ts = Timescales()
    assert outcome_due(ts, datetime(2026, 4, 2, 12, 15)) == datetime(2026, 4, 7, 12, 15)
    assert outcome_due(ts, datetime(2026, 3, 6, 16, 0)) == datetime(2026, 3, 9, 16, 0)


def test_minutes_and_first_core_group_due():
    ts = Timescales()
    # Mon 23 March 2026 + 15 working days skips Good Friday and Easter Monday.
    assert minutes_due(ts, D(2026, 3, 23)) == D(2026, 4, 15)
    assert first_core_group_due(ts, D(2026, 3, 23)) == D(2026, 4, 8)
    assert first_core_group_due(ts, D(2026, 3, 2)) == D(2026, 3, 16)


def test_review_conference_due_initial_vs_review():
    ts = Timescales()
    assert review_conference_due(ts, D(2026, 3, 10), "initial") == D(2026, 6, 10)
    assert review_conference_due(ts, D(2026, 3, 10), "review") == D(2026, 9, 10)
    assert review_conference_due(ts, D(2025, 11, 30), "initial") == D(2026, 2, 28)
    assert review_conference_due(ts, D(2026, 8, 31), "review") == D(2027, 2, 28)


def test_next_core_group_due():
    assert next_core_group_due(Timescales(), D(2026, 3, 10)) == D(2026, 4, 21)
    assert next_core_group_due(Timescales(core_group_interval_weeks=4), D(2026, 3, 10)) == D(
        2026, 4, 7
    )


def test_is_on_time():
    deadline = datetime(2026, 3, 4, 10, 0)
    assert is_on_time(deadline, deadline)
    assert is_on_time(deadline - timedelta(seconds=1), deadline)
    assert not is_on_time(deadline + timedelta(seconds=1), deadline)
