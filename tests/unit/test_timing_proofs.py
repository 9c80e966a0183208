"""The timing rules (app/rules/timescales.py, app/rules/report_deadlines.py) over a range:
working days across years and the four nations (Hypothesis), and the settings' edges."""

import os
import time
from datetime import date, datetime, timedelta, tzinfo
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules import clock
from app.rules import report_deadlines as rd
from app.rules import timescales as ts

nations = st.sampled_from(ts.NATIONS)
days = st.dates(min_value=date(2019, 1, 1), max_value=date(2032, 12, 31))
counts = st.integers(-25, 25)
RANGE = settings(max_examples=150, deadline=None)


# --- working days over years and nations ------------------------------------------------


@RANGE
@given(day=days, nation=nations)
def test_a_working_day_is_a_weekday_that_is_not_a_bank_holiday(day, nation):
    expected = day.weekday() < 5 and day not in ts.bank_holidays(nation, day.year)
    assert ts.is_working_day(day, nation) is expected
    # The same day given as a datetime, at any clock time, is the same kind of day.
    assert ts.is_working_day(datetime.combine(day, datetime.min.time()).replace(hour=23),
                             nation) is expected
    assert not ts.is_working_day(day, nation, extra_closures=[day])


@RANGE
@given(nation=nations, year=st.integers(2019, 2032))
def test_bank_holidays_are_weekdays_of_that_year_and_christmas_is_always_one(nation, year):
    holidays = ts.bank_holidays(nation, year)
    assert holidays and all(d.year == year and d.weekday() < 5 for d in holidays)
    christmas = date(year, 12, 25)
    # Christmas Day, or the weekday that stands in for it.
    assert christmas in holidays or christmas.weekday() >= 5
    assert 8 <= len(holidays) <= 12


@RANGE
@given(day=days, n=counts, nation=nations)
def test_adding_n_working_days_lands_on_the_nth_working_day(day, n, nation):
    result = ts.add_working_days(day, n, nation)
    if n == 0:
        assert result == day
        return
    assert ts.is_working_day(result, nation)
    assert (result > day) is (n > 0)
    assert ts.working_days_between(day, result, nation) == n
    # Every working day strictly between was counted: none was skipped over.
    step = timedelta(days=1 if n > 0 else -1)
    between, cursor = 0, day + step
    while cursor != result:
        between += ts.is_working_day(cursor, nation)
        cursor += step
    assert between == abs(n) - 1


@RANGE
@given(start=days, end=days, nation=nations)
def test_working_days_between_counts_after_the_start_up_to_the_end(start, end, nation):
    count = ts.working_days_between(start, end, nation)
    # Counting back runs from the day before the start down to the end (inclusive), so the
    # two directions differ only by the two end days.
    early, late = min(start, end), max(start, end)
    assert ts.working_days_between(early, late, nation) == -ts.working_days_between(
        late, early, nation) + ts.is_working_day(late, nation) - ts.is_working_day(early, nation)
    if end >= start:
        expected = sum(ts.is_working_day(start + timedelta(days=i), nation)
                       for i in range(1, (end - start).days + 1))
        assert count == expected


@RANGE
@given(day=days, n=st.integers(1, 15), nation=nations,
       closed=st.lists(st.integers(1, 20), max_size=4))
def test_an_authoritys_closures_push_deadlines_later_never_earlier(day, n, nation, closed):
    closures = [day + timedelta(days=k) for k in closed]
    plain = ts.add_working_days(day, n, nation)
    with_closures = ts.add_working_days(day, n, nation, closures)
    assert with_closures >= plain
    assert with_closures not in closures
    assert ts.working_days_between(day, with_closures, nation, closures) == n
    as_datetimes = [datetime.combine(d, datetime.min.time()) for d in closures]
    assert ts.add_working_days(day, n, nation, as_datetimes) == with_closures


@RANGE
@given(day=days, months=st.integers(-30, 30))
def test_adding_months_keeps_the_day_or_the_months_last_day(day, months):
    result = ts.add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day
                                     and (result + timedelta(days=1)).day == 1)


def test_unknown_nation_is_refused_everywhere():
    for call in (lambda: ts.add_working_days(date(2026, 1, 5), 1, "mars"),
                 lambda: ts.working_days_between(date(2026, 1, 5), date(2026, 1, 9), "mars"),
                 lambda: ts.bank_holidays("mars", 2026), lambda: ts.Timescales(nation="mars")):
        with pytest.raises(ValueError, match="unknown nation 'mars'; expected one of "
                                             "england, wales, scotland, northern-ireland"):
            call()


def test_a_datetime_keeps_its_clock_time_when_moved_by_working_days():
    friday = datetime(2026, 11, 20, 14, 45)
    assert ts.add_working_days(friday, 1, "england") == datetime(2026, 11, 23, 14, 45)
    assert ts.working_days_between(friday, datetime(2026, 11, 23, 9, 0), "england") == 1


# --- the settings ------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["15", 15.0, True, None])
def test_a_setting_must_be_a_whole_number_given_as_a_number(bad):
    """Stored settings are coerced by from_mapping; given directly, a string, a float or
    True is a mistake, not a number of days."""
    with pytest.raises(TypeError, match="minutes_working_days must be an int, not "
                                        + type(bad).__name__):
        ts.Timescales(minutes_working_days=bad)


@pytest.mark.parametrize("name", [f.name for f in ts.dataclasses.fields(ts.Timescales)
                                  if f.name != "nation"])
def test_every_setting_is_checked_and_zero_is_allowed(name):
    assert getattr(ts.Timescales(**{name: 0}), name) == 0
    with pytest.raises(ValueError, match=f"{name} must not be negative"):
        ts.Timescales(**{name: -1})
    with pytest.raises(TypeError):
        ts.Timescales(**{name: "1"})


def test_from_mapping_reads_the_nation_plainly():
    assert ts.Timescales.from_mapping({"nation": "  Scotland "}).nation == "scotland"
    assert ts.Timescales.from_mapping({"nation": None}).nation == "england"
    with pytest.raises(ValueError,
                       match="outcome_working_days must be a whole number, not 'two'"):
        ts.Timescales.from_mapping({"outcome_working_days": "two"})
    with pytest.raises(ValueError, match="must be a whole number, not None"):
        ts._coerce_int("x", None)
    with pytest.raises(ValueError, match="must be a whole number, not True"):
        ts.Timescales.from_mapping({"outcome_working_days": True})
    with pytest.raises(ValueError, match="outcome_working_days must be a whole number, not 1.5"):
        ts.Timescales.from_mapping({"outcome_working_days": 1.5})
    assert ts.Timescales.from_mapping({"outcome_working_days": " 2 "}).outcome_working_days == 2
    assert ts.Timescales.from_mapping({"outcome_working_days": 2.0}).outcome_working_days == 2


def test_settings_for_an_authority_with_none_stored_are_the_defaults_in_its_nation():
    assert ts.settings(None) == ts.Timescales()
    assert ts.settings(None, nation="wales") == ts.Timescales(nation="wales")
    assert ts.settings({"police_open_info_hours": 12}, "scotland") == ts.Timescales(
        nation="scotland", police_open_info_hours=12)


def test_reports_are_expected_from_professionals_and_the_social_worker():
    assert rd.EXPECTED_AUTHOR_ROLES == ("professional", "social_worker")


# --- reports against their deadline -----------------------------------------------------


def _counts(**overrides):
    values = dict(expected=2, received=2, shared=2, on_time=2, late=0, missing_authors=(),
                  overdue=0)
    values.update(overrides)
    return rd.ConferenceCounts(**values)


@pytest.mark.parametrize("overrides, attention", [
    ({}, False),
    ({"late": 1, "on_time": 1}, True),  # only a late report
    ({"missing_authors": ("p1",), "received": 1}, True),
    ({"overdue": 1}, True),
])
def test_a_conference_needs_attention_for_any_one_problem_alone(overrides, attention):
    assert _counts(**overrides).needs_attention is attention


def test_a_report_shared_at_the_deadline_is_on_time_and_a_second_later_is_late():
    deadline = datetime(2026, 1, 12, 10, 0)  # UK winter time: UTC is the same
    assert rd.shared_on_time(datetime(2026, 1, 12, 10, 0), deadline)
    assert not rd.shared_on_time(datetime(2026, 1, 12, 10, 0, 1), deadline)
    assert not rd.shared_on_time(None, deadline)
    late = rd.timing(ts.settings({}), datetime(2026, 1, 15, 10, 0), "initial", False,
                     datetime(2026, 1, 12, 10, 0, 1), datetime(2026, 1, 13))
    assert (late.on_time, late.late, late.overdue) == (False, True, False)
    assert late.deadline == deadline and late.shared_at == datetime(2026, 1, 12, 10, 0, 1)


def test_overdue_starts_just_after_the_deadline_and_ends_when_shared():
    deadline = datetime(2026, 7, 6, 10, 0)  # UK summer time: 09:00 UTC
    assert not rd.is_overdue(None, deadline, datetime(2026, 7, 6, 9, 0))
    assert rd.is_overdue(None, deadline, datetime(2026, 7, 6, 9, 0, 1))
    assert not rd.is_overdue(datetime(2026, 7, 6, 9, 30), deadline, datetime(2026, 7, 7))


def test_an_unshared_report_is_judged_against_todays_deadline_not_a_recorded_one():
    settings_ = ts.settings({})
    start = datetime(2026, 1, 15, 10, 0)
    recorded = datetime(2026, 1, 1, 10, 0)
    waiting = rd.timing(settings_, start, "initial", False, None, datetime(2026, 1, 13),
                        recorded_deadline=recorded)
    assert waiting.deadline == datetime(2026, 1, 12, 10, 0)
    assert (waiting.on_time, waiting.late, waiting.overdue) == (False, False, True)
    assert waiting.shared_at is None


def test_uk_time_of_nothing_is_nothing_and_now_is_close_to_the_clock():
    assert clock.uk_time(None) is None
    now = clock.uk_now()
    assert now.tzinfo is None
    utc_now = datetime.now(clock.UTC).replace(tzinfo=None)
    assert timedelta(0) <= now - utc_now + timedelta(seconds=5) <= timedelta(hours=1, seconds=10)


@RANGE
@given(reports=st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.booleans(),
                                  st.booleans()), max_size=6),
       expected=st.lists(st.sampled_from(["a", "b", "c", "e"]), max_size=5),
       waiting=st.integers(0, 3), passed=st.booleans())
def test_dashboard_counts_add_up(reports, expected, waiting, passed):
    counts = rd.conference_counts(expected, reports, waiting, passed)
    assert counts.expected == len(set(expected))
    assert counts.received == len({author for author, _s, _t in reports})
    assert counts.shared == sum(shared for _a, shared, _t in reports)
    assert counts.on_time + counts.late == counts.shared
    assert counts.on_time == sum(shared and in_time for _a, shared, in_time in reports)
    assert set(counts.missing_authors) == set(expected) - {a for a, _s, _t in reports}
    assert counts.overdue == waiting + (len(counts.missing_authors) if passed else 0)


def test_an_authority_without_a_nation_counts_englands_bank_holidays():
    assert ts.for_authority(None) == ts.Timescales()  # no authority at all: the defaults
    authority = SimpleNamespace(nation=None, timescales=None)
    assert ts.for_authority(authority) == ts.Timescales()
    authority = SimpleNamespace(nation="scotland", timescales={"outcome_working_days": 2})
    assert ts.for_authority(authority) == ts.Timescales(
        nation="scotland", outcome_working_days=2)


def test_an_unknown_conference_type_is_named_in_the_refusal():
    with pytest.raises(ValueError, match="unknown conference type 'annual'"):
        ts.review_conference_due(ts.Timescales(), date(2026, 1, 5), "annual")


def test_police_information_waiting_to_be_shared_has_its_hours_deadline():
    start = datetime(2026, 1, 15, 10, 0)
    waiting = rd.timing(ts.settings({}), start, "initial", True, None, datetime(2026, 1, 13))
    assert waiting.deadline == datetime(2026, 1, 14, 10, 0)
    assert not waiting.overdue


class _NoOffset(tzinfo):
    """A time zone that does not know its offset: its times are treated as naive."""

    def utcoffset(self, dt):
        return None

    def dst(self, dt):
        return None


def test_a_time_in_a_zone_without_an_offset_is_moved_by_its_clock():
    moment = datetime(2026, 3, 29, 0, 30, tzinfo=_NoOffset())
    assert ts.child_told_due(ts.Timescales(), moment) == moment + timedelta(hours=24)


@pytest.fixture
def server_clock_in_new_york():
    """The server's own time zone must not matter: UTC moments are UTC wherever it runs."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_uk_time_does_not_depend_on_the_servers_time_zone(server_clock_in_new_york):
    assert clock.uk_time(datetime(2026, 1, 12, 10, 0)) == datetime(2026, 1, 12, 10, 0)
    assert clock.uk_time(datetime(2026, 7, 6, 9, 0)) == datetime(2026, 7, 6, 10, 0)


def test_uk_now_is_the_uk_clock_wherever_the_server_is(server_clock_in_new_york):
    uk_clock = datetime.now(clock.UK).replace(tzinfo=None)
    assert abs(clock.uk_now() - uk_clock) < timedelta(minutes=1)
