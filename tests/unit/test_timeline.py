"""The personal timeline's dates, worked out by hand from the calendar, across weekends,
the bank holidays of each UK nation, Christmas, Easter and the clock changes."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from app.rules import timeline, timescales
from app.rules.timeline import DONE, LATER, NEXT

LONDON = ZoneInfo("Europe/London")


def days(nation, conference_type, starts_at, **overrides):
    settings = timescales.settings(overrides, nation)
    steps = timeline.conference_steps(settings, conference_type, starts_at)
    return {step.key: step.day for step in steps}


# The steps of a conference that goes ahead as planned, seen by someone other than a parent
# meeting the chair separately (those are tested in tests/unit/test_taking_part_rules.py
# and tests/integration/test_taking_part.py).
USUAL_STEPS = ("reports_due", "preparation", "police_information_due", "premeet", "conference",
               "child_told", "decisions_due", "core_group", "minutes_due", "next_review")


def test_an_ordinary_week_in_england():
    # Thursday 15 January 2026, an initial conference at 10:30.
    got = days("england", "initial", datetime(2026, 1, 15, 10, 30))
    assert got == {
        "reports_due": date(2026, 1, 12),  # 3 working days before: Monday
        "preparation": date(2026, 1, 14),  # the social worker's, at least 24 hours before
        "police_information_due": date(2026, 1, 14),  # 24 hours before
        "premeet": date(2026, 1, 15),
        "conference": date(2026, 1, 15),
        "child_told": date(2026, 1, 16),
        "decisions_due": date(2026, 1, 16),
        "core_group": date(2026, 1, 29),  # 10 working days
        "minutes_due": date(2026, 2, 5),  # 15 working days
        "next_review": date(2026, 4, 15),  # 3 months
    }


def test_steps_are_in_date_order_with_the_premeet_before_the_conference():
    settings = timescales.settings({}, "england")
    steps = timeline.conference_steps(settings, "initial", datetime(2026, 1, 15, 10, 30))
    assert [s.key for s in steps] == list(USUAL_STEPS)
    premeet = steps[3]
    assert premeet.when == datetime(2026, 1, 15, 10, 0)
    given = timeline.conference_steps(settings, "initial", datetime(2026, 1, 15, 10, 30),
                                      premeet_at=datetime(2026, 1, 15, 9, 45))
    assert given[3].when == datetime(2026, 1, 15, 9, 45)


def test_weekends_are_skipped_both_ways():
    # Monday conference: reports are due the Wednesday before, not over the weekend.
    monday = days("england", "initial", datetime(2026, 1, 19, 10, 30))
    assert monday["reports_due"] == date(2026, 1, 14)
    assert monday["police_information_due"] == date(2026, 1, 18)  # hours, not working days
    # Friday conference: decisions on Monday, but the child is told within 24 hours.
    friday = days("england", "initial", datetime(2026, 1, 16, 10, 30))
    assert friday["decisions_due"] == date(2026, 1, 19)
    assert friday["child_told"] == date(2026, 1, 17)


def test_review_conference_uses_review_settings():
    got = days("england", "review", datetime(2026, 1, 15, 10, 30))
    assert got["reports_due"] == date(2026, 1, 8)  # 5 working days before
    assert got["core_group"] == date(2026, 2, 26)  # core groups every 6 weeks
    assert got["next_review"] == date(2026, 7, 15)  # 6 months


def test_an_authoritys_own_settings_apply():
    got = days("england", "initial", datetime(2026, 1, 15, 10, 30),
               reports_before_initial_working_days=2, outcome_working_days=5)
    assert got["reports_due"] == date(2026, 1, 13)
    assert got["decisions_due"] == date(2026, 1, 22)


def test_christmas_and_new_year_differ_between_nations():
    # Tuesday 30 December 2025, a review. Christmas and Boxing Day fall Thursday and Friday.
    england = days("england", "review", datetime(2025, 12, 30, 10, 30))
    assert england["reports_due"] == date(2025, 12, 19)
    assert england["decisions_due"] == date(2025, 12, 31)
    assert england["minutes_due"] == date(2026, 1, 21)
    # Scotland also has 2 January off, so the minutes are a day later.
    scotland = days("scotland", "review", datetime(2025, 12, 30, 10, 30))
    assert scotland["minutes_due"] == date(2026, 1, 22)
    assert days("wales", "review", datetime(2025, 12, 30, 10, 30)) == england


def test_christmas_on_a_weekend_moves_the_holidays():
    # 2027: Christmas is a Saturday, so Monday 27 and Tuesday 28 December are off.
    got = days("england", "initial", datetime(2027, 12, 24, 10, 30))
    assert got["decisions_due"] == date(2027, 12, 29)


def test_easter():
    # Good Friday 3 April 2026, Easter Monday 6 April (not a holiday in Scotland).
    assert days("england", "initial", datetime(2026, 4, 2, 10, 30))["decisions_due"] == date(
        2026, 4, 7)
    assert days("northern-ireland", "initial", datetime(2026, 4, 2, 10, 30))[
        "decisions_due"] == date(2026, 4, 7)
    assert days("scotland", "initial", datetime(2026, 4, 2, 10, 30))["decisions_due"] == date(
        2026, 4, 6)
    # Reports for a Tuesday conference after Easter: back past Monday and Good Friday.
    assert days("england", "initial", datetime(2026, 4, 7, 10, 30))["reports_due"] == date(
        2026, 3, 31)


def test_northern_irelands_own_holidays():
    # St Patrick's Day, Tuesday 17 March 2026.
    assert days("northern-ireland", "initial", datetime(2026, 3, 18, 10, 30))[
        "reports_due"] == date(2026, 3, 12)
    assert days("england", "initial", datetime(2026, 3, 18, 10, 30))["reports_due"] == date(
        2026, 3, 13)
    # The Twelfth falls on a Sunday in 2026, so Monday 13 July is off.
    assert days("northern-ireland", "initial", datetime(2026, 7, 14, 10, 30))[
        "reports_due"] == date(2026, 7, 8)
    assert days("england", "initial", datetime(2026, 7, 14, 10, 30))["reports_due"] == date(
        2026, 7, 9)


def test_scotlands_own_holidays():
    # St Andrew's Day, Monday 30 November 2026; the summer holiday is early August.
    assert days("scotland", "initial", datetime(2026, 11, 27, 10, 30))["decisions_due"] == date(
        2026, 12, 1)
    assert days("england", "initial", datetime(2026, 11, 27, 10, 30))["decisions_due"] == date(
        2026, 11, 30)
    assert days("scotland", "initial", datetime(2026, 7, 31, 10, 30))["decisions_due"] == date(
        2026, 8, 4)
    assert days("england", "initial", datetime(2026, 8, 28, 10, 30))["decisions_due"] == date(
        2026, 9, 1)


@pytest.mark.parametrize("starts_at", [
    datetime(2026, 3, 30, 10, 30),  # the Monday after the clocks go forward
    datetime(2026, 3, 27, 10, 30),  # the Friday before
    datetime(2026, 10, 26, 10, 30),  # the Monday after the clocks go back
    datetime(2026, 10, 23, 10, 30),  # the Friday before
    datetime(2026, 3, 30, 8, 0),  # the earliest a conference starts
    datetime(2026, 10, 26, 18, 0),  # the latest
])
@pytest.mark.parametrize("nation", timescales.NATIONS)
def test_clock_changes_never_move_a_date(starts_at, nation):
    naive = timeline.conference_steps(timescales.settings({}, nation), "initial", starts_at)
    aware = timeline.conference_steps(timescales.settings({}, nation), "initial",
                                      starts_at.replace(tzinfo=LONDON))
    assert [(s.key, s.day) for s in naive] == [(s.key, s.day) for s in aware]


def test_clock_change_dates_by_hand():
    got = days("england", "initial", datetime(2026, 3, 30, 10, 30, tzinfo=LONDON))
    assert got["reports_due"] == date(2026, 3, 25)
    assert got["police_information_due"] == date(2026, 3, 29)
    assert got["child_told"] == date(2026, 3, 31)
    got = days("england", "initial", datetime(2026, 10, 26, 10, 30, tzinfo=LONDON))
    assert got["police_information_due"] == date(2026, 10, 25)
    assert got["decisions_due"] == date(2026, 10, 27)


def test_status_marks_past_steps_done_and_the_next_one():
    settings = timescales.settings({}, "england")
    steps = timeline.conference_steps(settings, "initial", datetime(2026, 1, 15, 10, 30))
    # The morning of the conference, after the pre-meet began.
    marked = dict((s.key, status) for s, status in
                  timeline.with_status(steps, datetime(2026, 1, 15, 10, 5)))
    assert marked["reports_due"] == DONE
    assert marked["police_information_due"] == DONE
    assert marked["premeet"] == DONE
    assert marked["conference"] == NEXT
    assert marked["decisions_due"] == LATER
    assert list(marked.values()).count(NEXT) == 1
    # A deadline is not past until its whole day has gone.
    marked = dict((s.key, status) for s, status in
                  timeline.with_status(steps, datetime(2026, 1, 12, 17, 0)))
    assert marked["reports_due"] == NEXT
    # After everything, nothing is next.
    marked = timeline.with_status(steps, datetime(2027, 1, 1))
    assert {status for _, status in marked} == {DONE}


def test_conference_timescales_uses_the_authoritys_nation_and_overrides():
    authority = SimpleNamespace(nation="scotland", timescales={"minutes_working_days": 20})
    conference = SimpleNamespace(authority=authority, conference_type="initial",
                                 starts_at=datetime(2026, 1, 15, 10, 30), premeet_at=None)
    settings = timeline.conference_timescales(conference)
    assert settings.nation == "scotland"
    assert settings.minutes_working_days == 20
    assert settings.reports_before_initial_working_days == 3
    # An override of the nation in the settings wins over the column.
    authority.timescales = {"nation": "wales"}
    assert timeline.conference_timescales(conference).nation == "wales"
    steps = timeline.conference_timeline(conference, datetime(2026, 1, 1))
    assert steps[0][1] == NEXT and len(steps) == len(USUAL_STEPS)


# --- whether a meeting that did not go as planned still speaks for the conference ----------


def test_a_postponement_without_a_date_applies_while_the_conference_is_postponed():
    from app.rules.timeline import meeting_change_applies

    start = datetime(2027, 3, 10, 10, 30)
    assert meeting_change_applies("postponed", None, start, start, "postponed")
    # The chair set it going ahead again: the notice is history.
    assert not meeting_change_applies("postponed", None, start, start, "scheduled")
    # Or gave it a new date.
    assert not meeting_change_applies("postponed", None, start, start + timedelta(days=14),
                                      "scheduled")


def test_a_move_applies_while_the_conference_is_still_on_that_date():
    from app.rules.timeline import meeting_change_applies

    moved_to = datetime(2027, 3, 24, 10, 30)
    assert meeting_change_applies("postponed", moved_to, moved_to, moved_to, "scheduled")
    assert not meeting_change_applies("postponed", moved_to, moved_to,
                                      moved_to + timedelta(days=7), "scheduled")


def test_a_planning_meeting_applies_until_the_chair_gives_the_conference_a_new_date():
    from app.rules.timeline import meeting_change_applies

    start = datetime(2027, 3, 10, 10, 30)
    assert meeting_change_applies("planning_meeting", None, start, start, "scheduled")
    assert not meeting_change_applies("planning_meeting", None, start,
                                      start + timedelta(days=21), "scheduled")
    # Recorded before the portal remembered where a change left the conference: it applies.
    assert meeting_change_applies("planning_meeting", None, None, start, "scheduled")
