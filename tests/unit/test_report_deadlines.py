"""When reports must reach the family: working days, weekends, bank holidays, police
information by the hour, per-authority settings, and UK summer time."""

from datetime import datetime

import pytest

from app.rules import report_deadlines as rd
from app.rules import timescales

DEFAULTS = timescales.settings({})


def test_initial_conference_three_working_days_skip_the_weekend():
    monday = datetime(2026, 11, 23, 10, 0)
    assert rd.share_deadline(DEFAULTS, monday, "initial", False) == datetime(2026, 11, 18, 10, 0)


def test_review_conference_five_working_days():
    monday = datetime(2026, 11, 23, 10, 0)
    assert rd.share_deadline(DEFAULTS, monday, "review", False) == datetime(2026, 11, 16, 10, 0)


def test_easter_in_england_skips_good_friday_and_easter_monday():
    thursday_after_easter = datetime(2027, 4, 1, 10, 30)
    deadline = rd.share_deadline(DEFAULTS, thursday_after_easter, "initial", False)
    # Wed 31, Tue 30, (Mon 29 Easter Monday), (Fri 26 Good Friday), Thu 25.
    assert deadline == datetime(2027, 3, 25, 10, 30)


def test_scotland_works_on_easter_monday():
    scotland = timescales.settings({}, nation="scotland")
    deadline = rd.share_deadline(scotland, datetime(2027, 4, 1, 10, 30), "initial", False)
    assert deadline == datetime(2027, 3, 29, 10, 30)


def test_christmas_substitute_days_are_skipped():
    # 25 Dec 2026 is a Friday; Boxing Day (Saturday) moves to Monday 28.
    tuesday = datetime(2026, 12, 29, 10, 0)
    assert rd.share_deadline(DEFAULTS, tuesday, "initial", False) == datetime(2026, 12, 22, 10, 0)


def test_police_open_information_is_24_hours_even_over_a_weekend():
    monday = datetime(2026, 11, 23, 10, 30)
    assert rd.share_deadline(DEFAULTS, monday, "initial", True) == datetime(2026, 11, 22, 10, 30)
    assert rd.share_deadline(DEFAULTS, monday, "review", True) == datetime(2026, 11, 22, 10, 30)


def test_each_rule_is_configurable_per_authority():
    settings = timescales.settings({"reports_before_initial_working_days": 2,
                                "reports_before_review_working_days": "7",
                                "police_open_info_hours": 48})
    monday = datetime(2026, 11, 23, 10, 0)
    assert rd.share_deadline(settings, monday, "initial", False) == datetime(2026, 11, 19, 10, 0)
    assert rd.share_deadline(settings, monday, "review", False) == datetime(2026, 11, 12, 10, 0)
    assert rd.share_deadline(settings, monday, "initial", True) == datetime(2026, 11, 21, 10, 0)


def test_authority_nation_comes_from_its_own_field_unless_overridden():
    assert timescales.settings({}, nation="wales").nation == "wales"
    assert timescales.settings({"nation": "northern-ireland"}, nation="england").nation == \
        "northern-ireland"


def test_on_time_compares_in_uk_time_in_summer():
    deadline = rd.share_deadline(DEFAULTS, datetime(2027, 6, 10, 10, 30), "initial", False)
    assert deadline == datetime(2027, 6, 7, 10, 30)
    # 09:30 UTC is 10:30 in British Summer Time: exactly on time; a minute later is late.
    assert rd.shared_on_time(datetime(2027, 6, 7, 9, 30), deadline)
    assert not rd.shared_on_time(datetime(2027, 6, 7, 9, 31), deadline)
    # In winter UK time is UTC.
    winter = datetime(2026, 11, 18, 10, 0)
    assert rd.shared_on_time(datetime(2026, 11, 18, 10, 0), winter)
    assert not rd.shared_on_time(datetime(2026, 11, 18, 10, 1), winter)
    assert not rd.shared_on_time(None, winter)


def test_timing_flags_late_and_overdue():
    start = datetime(2026, 11, 23, 10, 0)
    late = rd.timing(DEFAULTS, start, "initial", False, datetime(2026, 11, 20, 9, 0),
                     now_utc=datetime(2026, 11, 21))
    assert late.late and not late.on_time and not late.overdue
    assert late.deadline == datetime(2026, 11, 18, 10, 0)
    waiting = rd.timing(DEFAULTS, start, "initial", False, None, now_utc=datetime(2026, 11, 19))
    assert waiting.overdue and not waiting.late
    early = rd.timing(DEFAULTS, start, "initial", False, None, now_utc=datetime(2026, 11, 17))
    assert not early.overdue and not early.late and not early.on_time


def test_conference_counts():
    counts = rd.conference_counts(
        ["police", "school", "health", "school"],
        [("police", True, True), ("school", True, False), ("school", False, False),
         ("chair", True, True)],
    )
    assert counts.expected == 3
    assert counts.received == 3  # police, school, and the chair's own
    assert counts.shared == 3
    assert counts.on_time == 2
    assert counts.late == 1
    assert counts.missing_authors == ("health",)
    assert counts.needs_attention
    assert counts.overdue == 0  # the deadline has not passed
    calm = rd.conference_counts(["police"], [("police", True, True)])
    assert not calm.needs_attention


def test_overdue_counts_what_is_not_with_the_family_after_the_deadline():
    reports = [("police", True, True), ("school", False, False)]
    before = rd.conference_counts(["police", "school", "health"], reports)
    assert before.overdue == 0
    after = rd.conference_counts(["police", "school", "health"], reports,
                                 waiting_past_deadline=1, deadline_passed=True)
    assert after.overdue == 2  # the school's report still waiting, and health's not in
    assert after.needs_attention
    only_waiting = rd.conference_counts(["school"], [("school", False, False)],
                                        waiting_past_deadline=1)
    assert only_waiting.overdue == 1 and only_waiting.needs_attention


@pytest.mark.parametrize("kind", ["initial", "review"])
def test_deadline_is_never_on_a_weekend_or_holiday(kind):
    from app.rules import timescales

    start = datetime(2026, 12, 1, 9, 0)
    for offset in range(60):
        day = start.replace(day=1).toordinal() + offset
        conference = datetime.fromordinal(day).replace(hour=11)
        deadline = rd.share_deadline(DEFAULTS, conference, kind, False)
        assert timescales.is_working_day(deadline, "england")
        assert deadline < conference


def test_a_shared_report_keeps_the_deadline_recorded_when_it_was_shared():
    start = datetime(2026, 12, 10, 10, 0)
    recorded = datetime(2026, 12, 20, 10, 0)  # the conference was later when it was shared
    shared = rd.timing(DEFAULTS, start, "initial", False, datetime(2026, 12, 9, 9, 0),
                       now_utc=datetime(2026, 12, 9, 12, 0), recorded_deadline=recorded)
    assert shared.deadline == recorded and shared.on_time and not shared.late
    fresh = rd.timing(DEFAULTS, start, "initial", False, datetime(2026, 12, 9, 9, 0),
                      now_utc=datetime(2026, 12, 9, 12, 0))
    assert fresh.late
    waiting = rd.timing(DEFAULTS, start, "initial", False, None,
                        now_utc=datetime(2026, 12, 9, 12, 0), recorded_deadline=recorded)
    assert waiting.deadline != recorded and waiting.overdue  # not shared: today's rule
