"""The plan's dates and the publishing targets, with England's and Scotland's bank holidays."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from app.rules import outcome_rules as rules
from app.rules import timescales
from app.rules.timescales import Timescales

ENGLAND = Timescales()


def test_authority_timescales_use_its_nation_and_overrides():
    authority = SimpleNamespace(nation="scotland", timescales={"outcome_working_days": 5})
    ts = timescales.for_authority(authority)
    assert ts.nation == "scotland" and ts.outcome_working_days == 5
    assert timescales.for_authority(SimpleNamespace(nation="wales", timescales=None)) \
        == Timescales(nation="wales")


def test_first_core_group_is_due_ten_working_days_after_an_initial_conference():
    # Monday 14 December 2026: 10 working days skips the weekends and 25, 28 December
    # (Christmas on a Friday; Boxing Day on Saturday moves to Monday 28th).
    conference = date(2026, 12, 14)
    check = rules.check_first_core_group(ENGLAND, "initial", conference, date(2026, 12, 30))
    assert check.due == date(2026, 12, 30) and not check.late
    late = rules.check_first_core_group(ENGLAND, "initial", conference, date(2026, 12, 31))
    assert late.late


def test_core_group_after_a_review_is_not_checked_nor_an_empty_date():
    assert rules.check_first_core_group(ENGLAND, "review", date(2027, 1, 4),
                                        date(2027, 6, 1)) is None
    assert rules.check_first_core_group(ENGLAND, "initial", date(2027, 1, 4), None) is None


def test_review_is_due_three_months_after_an_initial_then_six_after_a_review():
    initial = rules.check_review_conference(ENGLAND, "initial", date(2027, 1, 31),
                                            date(2027, 4, 30))
    assert initial.due == date(2027, 4, 30) and not initial.late
    assert rules.check_review_conference(ENGLAND, "initial", date(2027, 1, 31),
                                         date(2027, 5, 3)).late
    review = rules.check_review_conference(ENGLAND, "review", date(2027, 1, 31),
                                           date(2027, 7, 31))
    assert review.due == date(2027, 7, 31) and not review.late
    assert rules.check_review_conference(ENGLAND, "review", date(2027, 1, 31),
                                         date(2027, 8, 1)).late


def test_outcome_is_due_one_working_day_after_and_skips_a_bank_holiday():
    friday_before_easter_monday = datetime(2027, 3, 26, 10, 30)
    # Good Friday 2027 is 26 March; Easter Monday 29 March is a holiday in England only.
    assert rules.outcome_due(ENGLAND, friday_before_easter_monday) == datetime(2027, 3, 30, 10, 30)
    scotland = Timescales(nation="scotland")
    assert rules.outcome_due(scotland, friday_before_easter_monday) == datetime(2027, 3, 29, 10, 30)
    five_days = Timescales(outcome_working_days=5)
    assert rules.outcome_due(five_days, datetime(2027, 1, 4, 10)) == datetime(2027, 1, 11, 10)


def test_child_told_within_24_hours_and_minutes_within_15_working_days():
    start = datetime(2027, 1, 4, 10, 30)
    assert rules.child_told_due(ENGLAND, start) == datetime(2027, 1, 5, 10, 30)
    assert rules.minutes_due(ENGLAND, start) == date(2027, 1, 25)


@pytest.mark.parametrize(("due", "done", "now", "expected"), [
    (datetime(2027, 1, 5, 10), None, datetime(2027, 1, 5, 9), rules.DUE),
    (datetime(2027, 1, 5, 10), None, datetime(2027, 1, 5, 11), rules.LATE),
    (datetime(2027, 1, 5, 10), datetime(2027, 1, 5, 10), datetime(2027, 2, 1), rules.DONE),
    (datetime(2027, 1, 5, 10), datetime(2027, 1, 5, 10, 1), datetime(2027, 2, 1),
     rules.DONE_LATE),
    # A date deadline lasts all day.
    (date(2027, 1, 25), None, datetime(2027, 1, 25, 23, 59), rules.DUE),
    (date(2027, 1, 25), None, datetime(2027, 1, 26, 0, 0), rules.LATE),
    (date(2027, 1, 25), datetime(2027, 1, 26, 8), datetime(2027, 2, 1), rules.DONE_LATE),
])
def test_deadline_status(due, done, now, expected):
    assert rules.deadline_status(due, done, now) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2027-01-25", date(2027, 1, 25)), (" 2027-01-25 ", date(2027, 1, 25)),
    ("2027-02-30", None), ("25/01/2027", None), ("", None), (None, None),
])
def test_parse_day(text, expected):
    assert rules.parse_day(text) == expected


# --- what must be recorded before publishing ----------------------------------------------


def test_nothing_is_left_once_every_child_has_a_decision_and_the_plan_says_what_next():
    decisions = [{"child_id": "c1", "plan": True, "category": "neglect"},
                 {"child_id": "c2", "plan": False, "alternative": "no_further_action"}]
    assert rules.left_to_record(decisions, ["c1", "c2"], "We meet again sooner.") == []


def test_each_child_without_a_decision_is_left_in_order_then_the_plan():
    decisions = [{"child_id": "c2", "plan": False}]
    assert rules.left_to_record(decisions, ["c1", "c2", "c3"], "  \n ") == [
        (rules.DECISION, "c1"), (rules.DECISION, "c3"), (rules.PLAN, None)]


def test_a_decision_recorded_as_no_plan_counts_but_one_with_no_answer_does_not():
    assert rules.left_to_record([{"child_id": "c1", "plan": None}], ["c1"], "Text") == [
        (rules.DECISION, "c1")]
    assert rules.left_to_record(None, ["c1"], None) == [(rules.DECISION, "c1"),
                                                         (rules.PLAN, None)]
    # A decision about a child no longer in the conference does not stand for another.
    assert rules.left_to_record([{"child_id": "gone", "plan": True}], ["c1"], "Text") == [
        (rules.DECISION, "c1")]


def test_the_steps_go_child_by_child_then_plan_dates_and_people_then_the_check():
    children = ["c1", "c2"]
    assert rules.step_after(children, rules.DECISION, "c1") == (rules.DECISION, "c2")
    assert rules.step_after(children, rules.DECISION, "c2") == (rules.PLAN, None)
    assert rules.step_after(children, rules.PLAN) == ("dates", None)
    assert rules.step_after(children, "dates") == ("people", None)
    assert rules.step_after(children, "people") is None
