"""When reminders are due, stated in words and tried at their edges."""

from datetime import datetime

from app.rules import reminders as rules

MEETING = datetime(2027, 3, 10, 9, 30)  # a Wednesday


def test_nothing_is_due_before_ten_the_day_before():
    assert rules.family_reminder_due(MEETING, datetime(2027, 3, 9, 9, 59)) is None
    assert rules.family_reminder_due(MEETING, datetime(2027, 3, 8, 12, 0)) is None


def test_the_day_before_reminder_is_due_from_ten_until_the_morning():
    assert rules.family_reminder_due(MEETING, datetime(2027, 3, 9, 10, 0)) == rules.DAY_BEFORE
    assert rules.family_reminder_due(MEETING, datetime(2027, 3, 10, 7, 29)) == rules.DAY_BEFORE


def test_the_morning_reminder_is_due_from_half_past_seven_until_the_meeting():
    assert rules.family_reminder_due(MEETING, datetime(2027, 3, 10, 7, 30)) == rules.MORNING
    assert rules.family_reminder_due(MEETING, datetime(2027, 3, 10, 9, 29)) == rules.MORNING


def test_no_reminder_once_the_meeting_has_begun():
    assert rules.family_reminder_due(MEETING, MEETING) is None
    assert rules.family_reminder_due(MEETING, datetime(2027, 3, 11, 8, 0)) is None


def test_a_report_is_nudged_within_two_working_days_of_its_deadline_and_not_after():
    deadline = datetime(2027, 3, 8, 17, 0)  # a Monday
    # Thursday to Monday is two working days (Friday, Monday): nudged.
    assert rules.report_nudge_due(deadline, datetime(2027, 3, 4, 12, 0), "england")
    # Wednesday to Monday is three: not yet.
    assert not rules.report_nudge_due(deadline, datetime(2027, 3, 3, 12, 0), "england")
    assert not rules.report_nudge_due(deadline, deadline, "england")


def test_a_bank_holiday_does_not_count_as_a_working_day_for_the_nudge():
    deadline = datetime(2027, 12, 29, 12, 0)  # Wednesday after Christmas (27, 28 are holidays)
    assert rules.report_nudge_due(deadline, datetime(2027, 12, 23, 12, 0), "england")
