"""Child protection conference timescales: bank holidays, working days and deadlines.

No knowledge of Flask, so the rules can be unit tested on their own and reused by jobs,
views and templates alike. Bank holidays come from the holidays package.

Datetimes may be naive or timezone-aware; each function returns the same kind it was
given. Don't mix the two in one comparison (Python raises TypeError if you do).
"""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

import holidays

NATIONS = ("england", "wales", "scotland", "northern-ireland")
CONFERENCE_TYPES = ("initial", "review")

_FRI, _SAT = 4, 5

# The nations' names in the holidays package (ISO 3166-2:GB subdivisions).
_SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT",
                 "northern-ireland": "NIR"}


def _check_nation(nation: str) -> str:
    if nation not in NATIONS:
        raise ValueError(f"unknown nation {nation!r}; expected one of {', '.join(NATIONS)}")
    return nation


def _check_conference_type(conference_type: str) -> str:
    if conference_type not in CONFERENCE_TYPES:
        raise ValueError(
            f"unknown conference type {conference_type!r}; expected 'initial' or 'review'"
        )
    return conference_type


@lru_cache(maxsize=256)
def bank_holidays(nation: str, year: int) -> frozenset[date]:
    """The days off for ``nation``'s bank holidays in ``year``, from the holidays package,
    which follows each nation's published list, one-off days by proclamation included.
    A holiday that falls on a weekend is listed on its own date and on the weekday that
    replaces it; only the weekday is a day off."""
    _check_nation(nation)
    listed = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[nation], years=year)
    return frozenset(day for day in listed if day.weekday() < _SAT)


def _plain_date(day: date) -> date:
    # A datetime never compares equal to a date, so it would slip past the holiday set.
    return day.date() if isinstance(day, datetime) else day


def is_working_day(day: date, nation: str, extra_closures: Iterable[date] = ()) -> bool:
    """Monday to Friday, not a bank holiday and not one of the authority's closures."""
    day = _plain_date(day)
    closures = {_plain_date(d) for d in extra_closures}
    return (
        day.weekday() <= _FRI and day not in bank_holidays(nation, day.year) and day not in closures
    )


def add_working_days(day: date, n: int, nation: str, extra_closures: Iterable[date] = ()) -> date:
    """The nth working day after ``day`` (before it when n is negative).

    ``day`` itself never counts, so n=0 returns it unchanged even on a weekend. A
    datetime comes back as a datetime with the same clock time.
    """
    _check_nation(nation)
    closures = frozenset(_plain_date(d) for d in extra_closures)
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        try:
            day += step
        except OverflowError:
            # A stored date at the edge of the calendar (0001-01-01, 9999-12-31): stop
            # there rather than fail the page that shows it.
            return day
        if is_working_day(day, nation, closures):
            remaining -= 1
    return day


def working_days_between(
    start: date, end: date, nation: str, extra_closures: Iterable[date] = ()
) -> int:
    """Working days after ``start`` up to and including ``end``.

    When ``end`` is earlier the count runs backwards from the day before ``start``
    down to and including ``end`` and is negative, mirroring add_working_days so that
    ``working_days_between(d, add_working_days(d, n, ...), ...) == n``.
    """
    _check_nation(nation)
    start, end = _plain_date(start), _plain_date(end)
    closures = frozenset(_plain_date(d) for d in extra_closures)
    if start == end:
        return 0
    if end > start:
        first, last, sign = start + timedelta(days=1), end, 1
    else:
        first, last, sign = end, start - timedelta(days=1), -1
    count = 0
    day = first
    while day <= last:
        if is_working_day(day, nation, closures):
            count += 1
        if day == date.max:
            break
        day += timedelta(days=1)
    return sign * count


def add_months(day: date, months: int) -> date:
    """Calendar months later (earlier if negative), clamped to the month's last day."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    # Clamped to the calendar's edges, so any stored date gives an answer.
    if year < date.min.year:
        return date.min if not isinstance(day, datetime) else datetime.min
    if year > date.max.year:
        return date.max if not isinstance(day, datetime) else datetime.max
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _shift(moment: datetime, delta: timedelta) -> datetime:
    # Aware datetimes in one zone subtract by wall clock; going via UTC keeps "24 hours"
    # as 24 elapsed hours across a clock change, then returns to the caller's zone.
    try:
        if moment.tzinfo is not None and moment.utcoffset() is not None:
            return (moment.astimezone(UTC) + delta).astimezone(moment.tzinfo)
        return moment + delta
    except OverflowError:
        # At the edge of the calendar: the earliest or latest moment there is.
        edge = datetime.max if delta > timedelta(0) else datetime.min
        return edge.replace(tzinfo=moment.tzinfo)


def _on_date(moment: datetime, day: date) -> datetime:
    # replace() keeps the clock time and tzinfo; zoneinfo works out the new offset.
    return moment.replace(year=day.year, month=day.month, day=day.day)


@dataclasses.dataclass(frozen=True)
class Timescales:
    """One authority's timescale settings. Defaults follow the product brief."""

    nation: str = "england"
    reports_before_initial_working_days: int = 3
    reports_before_review_working_days: int = 5
    police_open_info_hours: int = 24
    family_premeet_minutes: int = 30
    outcome_working_days: int = 1
    child_told_hours: int = 24
    minutes_working_days: int = 15
    first_core_group_working_days: int = 10
    core_group_interval_weeks: int = 6
    first_review_months: int = 3
    later_review_months: int = 6
    # The conversations around the meeting (issue 18): the social worker prepares the
    # family at least this long before (never less than 24 hours), the professionals-only
    # part starts this long before the family meets the chair, and the social worker goes
    # through the decisions with the parents within this many working days after.
    preparation_hours_before: int = 24
    professionals_only_minutes: int = 30
    follow_up_working_days: int = 5
    # The portal is not the case record: a conference's documents and free text are
    # exported for the authority's case system and purged this many days after the
    # final minutes are published.
    retention_days_after_minutes: int = 90

    def __post_init__(self) -> None:
        _check_nation(self.nation)
        for field in dataclasses.fields(self):
            if field.name == "nation":
                continue
            value = getattr(self, field.name)
            # bool is an int subclass, but True as a number of days is surely a mistake.
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{field.name} must be an int, not {type(value).__name__}")
            if value < 0:
                raise ValueError(f"{field.name} must not be negative")

    @classmethod
    def from_mapping(cls, d: Mapping[str, Any]) -> Timescales:
        """Build from stored settings: unknown keys and None values are ignored (the
        default applies) and numbers given as strings or whole floats become ints."""
        kwargs: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            value = d.get(field.name)
            if value is None:
                continue
            if field.name == "nation":
                kwargs[field.name] = str(value).strip().lower()
            else:
                kwargs[field.name] = _coerce_int(field.name, value)
        return cls(**kwargs)


def settings(overrides: Mapping[str, Any] | None, nation: str | None = None) -> Timescales:
    """Timescales from stored overrides on top of the defaults, in a nation (a "nation" in
    the overrides wins; with none at all, England)."""
    values: dict[str, Any] = {"nation": nation or "england"}
    values.update(overrides or {})
    return Timescales.from_mapping(values)


def for_authority(authority) -> Timescales:
    """An authority's timescales: its nation, with its stored overrides. The one place an
    authority's settings become rules (no authority: the defaults in England)."""
    if authority is None:
        return Timescales()
    return settings(authority.timescales, authority.nation)


def _coerce_int(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{name} must be a whole number, not {value!r}")
        return int(value)
    if isinstance(value, str):
        value = value.strip()
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def report_share_deadline(
    ts: Timescales, conference_start: datetime, conference_type: str
) -> datetime:
    """Reports go to the family N working days before, at the conference's clock time."""
    if _check_conference_type(conference_type) == "initial":
        n = ts.reports_before_initial_working_days
    else:
        n = ts.reports_before_review_working_days
    day = add_working_days(conference_start.date(), -n, ts.nation)
    return _on_date(conference_start, day)


def police_open_info_deadline(ts: Timescales, conference_start: datetime) -> datetime:
    return _shift(conference_start, -timedelta(hours=ts.police_open_info_hours))


def family_premeet_start(ts: Timescales, conference_start: datetime) -> datetime:
    """The family's pre-meeting starts this long before professionals join."""
    return _shift(conference_start, -timedelta(minutes=ts.family_premeet_minutes))


# However an authority sets it, the family is prepared at least 24 hours before.
MIN_PREPARATION_HOURS = 24


def preparation_due(ts: Timescales, conference_start: datetime) -> datetime:
    """The social worker's preparation conversation with the family is held by then."""
    hours = max(ts.preparation_hours_before, MIN_PREPARATION_HOURS)
    return _shift(conference_start, -timedelta(hours=hours))


def professionals_only_start(ts: Timescales, family_premeet: datetime) -> datetime:
    """The confidential professionals-only part comes before the family meets the chair."""
    return _shift(family_premeet, -timedelta(minutes=ts.professionals_only_minutes))


def follow_up_due(ts: Timescales, conference_start: datetime) -> date:
    """The social worker goes through the decisions with the parents by then."""
    return add_working_days(conference_start.date(), ts.follow_up_working_days, ts.nation)


def outcome_due(ts: Timescales, conference_end_or_start: datetime) -> datetime:
    day = add_working_days(conference_end_or_start.date(), ts.outcome_working_days, ts.nation)
    return _on_date(conference_end_or_start, day)


def child_told_due(ts: Timescales, conference_start: datetime) -> datetime:
    return _shift(conference_start, timedelta(hours=ts.child_told_hours))


def minutes_due(ts: Timescales, conference_date: date) -> date:
    return add_working_days(conference_date, ts.minutes_working_days, ts.nation)


def first_core_group_due(ts: Timescales, conference_date: date) -> date:
    """Due after an initial conference that made a child protection plan."""
    return add_working_days(conference_date, ts.first_core_group_working_days, ts.nation)


def review_conference_due(ts: Timescales, conference_date: date, conference_type: str) -> date:
    """Plain calendar months; not moved off weekends, since moving later would be late."""
    if _check_conference_type(conference_type) == "initial":
        return add_months(conference_date, ts.first_review_months)
    return add_months(conference_date, ts.later_review_months)


def next_core_group_due(ts: Timescales, last_core_group: date) -> date:
    try:
        return last_core_group + timedelta(weeks=ts.core_group_interval_weeks)
    except OverflowError:
        return date.max


def is_on_time(moment: datetime, deadline: datetime) -> bool:
    return moment <= deadline
