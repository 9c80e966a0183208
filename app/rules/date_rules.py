"""The rules that keep a date staff enter plausible: plain functions over dates, unit
tested alone. The form field that asks for a date is in app/web/date_input.py."""

from datetime import date

from app.rules.timescales import add_months

# A new conference is held within weeks; a year ahead is plainly a typing mistake.
MONTHS_AHEAD_FOR_A_CONFERENCE = 12
# A core group or review is months after the conference, never years.
MONTHS_AFTER_FOR_A_MEETING = 12
# An action of the plan may run for a few years, no more.
YEARS_FOR_AN_ACTION = 5

PAST, TOO_FAR, NOT_AFTER = "past", "too_far", "not_after"
FUTURE, BEFORE_PUBLISHED = "future", "before_published"


def conference_day_problem(day: date, today: date) -> str | None:
    """A new (or moved) conference is not in the past, nor more than a year ahead."""
    if day < today:
        return PAST
    if day > add_months(today, MONTHS_AHEAD_FOR_A_CONFERENCE):
        return TOO_FAR
    return None


def meeting_to_come_problem(day: date, today: date) -> str | None:
    """A meeting still to be held (the chair meeting a parent on their own, a postponed
    conference's new date) is set like a conference: not in the past, nor a year ahead."""
    return conference_day_problem(day, today)


def given_day_problem(day: date, today: date, published_on: date | None) -> str | None:
    """A paper copy of the decisions is given today or earlier, and not before the
    decisions were published (there was nothing to give)."""
    if day > today:
        return FUTURE
    if published_on is not None and day < published_on:
        return BEFORE_PUBLISHED
    return None


def meeting_after_problem(day: date, conference_day: date) -> str | None:
    """A core group or review conference is after the conference, within a year of it
    (the brief: core group within 10 working days, review within 3 or 6 months; later
    than that is warned about, not refused)."""
    if day <= conference_day:
        return NOT_AFTER
    if day > add_months(conference_day, MONTHS_AFTER_FOR_A_MEETING):
        return TOO_FAR
    return None


def action_day_problem(day: date, conference_day: date) -> str | None:
    """An action of the plan is done by a day from the conference on, within a few years."""
    if day < conference_day:
        return PAST
    if day > add_months(conference_day, 12 * YEARS_FOR_AN_ACTION):
        return TOO_FAR
    return None
