"""The rules that keep an entered date plausible, and the edges of the calendar."""

from datetime import date, datetime

import pytest

from app.rules import date_rules as d
from app.rules import outcome_rules, timescales

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(("day", "problem"), [
    (date(1, 1, 1), d.PAST), (date(2026, 12, 6), d.PAST), (TODAY, None),
    (date(2027, 12, 7), None), (date(2027, 12, 8), d.TOO_FAR), (date(2207, 1, 1), d.TOO_FAR),
])
def test_a_new_conference_is_not_in_the_past_nor_more_than_a_year_ahead(day, problem):
    assert d.conference_day_problem(day, TODAY) == problem


def test_a_meeting_still_to_come_is_set_like_a_conference():
    assert d.meeting_to_come_problem(date(2026, 12, 6), TODAY) == d.PAST
    assert d.meeting_to_come_problem(TODAY, TODAY) is None
    assert d.meeting_to_come_problem(date(2027, 12, 8), TODAY) == d.TOO_FAR


@pytest.mark.parametrize(("day", "problem"), [
    (date(2026, 12, 8), d.FUTURE), (date(9999, 1, 1), d.FUTURE), (TODAY, None),
    (date(2026, 12, 1), None), (date(2026, 11, 30), d.BEFORE_PUBLISHED),
    (date(1, 1, 1), d.BEFORE_PUBLISHED),
])
def test_a_paper_copy_is_given_between_publishing_and_today(day, problem):
    assert d.given_day_problem(day, TODAY, date(2026, 12, 1)) == problem


@pytest.mark.parametrize(("day", "problem"), [
    (date(2026, 12, 7), d.NOT_AFTER), (date(2026, 12, 1), d.NOT_AFTER),
    (date(2026, 12, 8), None), (date(2027, 6, 7), None), (date(2027, 12, 7), None),
    (date(2027, 12, 8), d.TOO_FAR), (date(9999, 12, 31), d.TOO_FAR),
])
def test_a_core_group_or_review_is_after_the_conference_and_within_a_year(day, problem):
    assert d.meeting_after_problem(day, TODAY) == problem


def test_an_action_runs_from_the_conference_for_at_most_five_years():
    assert d.action_day_problem(date(2026, 12, 6), TODAY) == d.PAST
    assert d.action_day_problem(TODAY, TODAY) is None
    assert d.action_day_problem(date(2031, 12, 7), TODAY) is None
    assert d.action_day_problem(date(2031, 12, 8), TODAY) == d.TOO_FAR


@pytest.mark.parametrize("start", [datetime(1, 1, 1, 10, 30), datetime(9999, 12, 31, 10, 30)])
def test_every_target_has_an_answer_for_any_stored_date(start):
    ts = timescales.Timescales()
    for conference_type in ("initial", "review"):
        assert timescales.report_share_deadline(ts, start, conference_type) is not None
        assert timescales.review_conference_due(ts, start.date(), conference_type)
    assert outcome_rules.outcome_due(ts, start) >= start
    assert outcome_rules.child_told_due(ts, start) >= start
    assert outcome_rules.minutes_due(ts, start) >= start.date()
    assert timescales.police_open_info_deadline(ts, start) <= start
    assert timescales.first_core_group_due(ts, start.date()) >= start.date()
    assert timescales.next_core_group_due(ts, start.date()) >= start.date()
    assert timescales.working_days_between(start.date(), start.date(), "england") == 0
