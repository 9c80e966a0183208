"""A family's personal timeline: each step of their conference with its real date.

Pure functions over app/rules/timescales.py, with no knowledge of Flask or the database, so the
dates can be tested across weekends, bank holidays and clock changes on their own.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from app.rules import timescales as ts

# Steps in the order they happen when dates tie (for example the child is told and the
# decisions go out on the same day).
STEP_KEYS = (
    "reports_due",
    "preparation",
    "police_information_due",
    "premeet",
    "premeet_separately",
    "conference",
    "professionals_meet",
    "planning_meeting",
    "child_told",
    "decisions_due",
    "follow_up",
    "core_group",
    "minutes_due",
    "next_review",
    "new_date",
)

DONE, NEXT, LATER = "done", "next", "later"


@dataclasses.dataclass(frozen=True)
class Step:
    key: str
    when: datetime | date
    # Whether the clock time means something (a meeting) or only the day does (a deadline).
    has_time: bool
    # How the date reads: "" (a meeting at a time, or a deadline by a day), "by_time" (a
    # deadline at a time), "on_day" (a day whose time is not given) or "to_be_set".
    shows: str = ""

    @property
    def day(self) -> date:
        return self.when.date() if isinstance(self.when, datetime) else self.when



def conference_steps(
    settings: ts.Timescales,
    conference_type: str,
    starts_at: datetime,
    premeet_at: datetime | None = None,
    *,
    separately_at: datetime | None = None,
    for_parent: bool = False,
    change: str | None = None,
) -> list[Step]:
    """Every step from reports reaching the family to the next review, in date order.

    For a parent meeting the chair separately (``separately_at``), their own meeting with
    the chair takes the place of the pre-meet, and the professionals' meeting shows its
    day only: nothing gives away the time the professionals meet. ``for_parent`` adds the
    social worker's follow-up. ``change`` is a meeting that did not go ahead as planned:
    "planning_meeting" (held as a smaller planning meeting; the conference is still to
    come) or "postponed" without a new date yet."""
    if change == "postponed":
        return [Step("new_date", starts_at, False, "to_be_set")]
    day = starts_at.date()
    premeet = premeet_at or ts.family_premeet_start(settings, starts_at)
    if conference_type == "initial":
        core_group = ts.first_core_group_due(settings, day)
    else:
        # A plan that continues keeps its core groups at the usual interval.
        core_group = ts.next_core_group_due(settings, day)
    steps = [
        Step("reports_due", ts.report_share_deadline(settings, starts_at, conference_type),
             False),
    ]
    preparation = ts.preparation_due(settings, starts_at)
    if separately_at is not None:
        # The day only: "24 hours before, at 10:30" would give the professionals' time away.
        steps.append(Step("preparation", preparation, False))
    else:
        steps.append(Step("preparation", preparation, True, "by_time"))
    if separately_at is not None:
        # Only the day: its clock time is the professionals' time.
        steps += [
            Step("police_information_due", ts.police_open_info_deadline(settings, starts_at),
                 False),
            Step("premeet_separately", separately_at, True),
            Step("professionals_meet", day, False, "on_day"),
        ]
    else:
        steps += [
            Step("police_information_due", ts.police_open_info_deadline(settings, starts_at),
                 True),
            Step("premeet", premeet, True),
            Step("conference", starts_at, True),
        ]
    if change == "planning_meeting":
        steps = [step for step in steps if step.key not in ("conference", "professionals_meet")]
        steps += [Step("planning_meeting", day, False, "on_day"),
                  Step("new_date", starts_at, False, "to_be_set")]
        return sorted(steps, key=lambda step: (_moment(step), STEP_KEYS.index(step.key)))
    steps += [
        Step("child_told", ts.child_told_due(settings, starts_at), False),
        Step("decisions_due", ts.outcome_due(settings, starts_at), False),
        Step("core_group", core_group, False),
        Step("minutes_due", ts.minutes_due(settings, day), False),
        Step("next_review", ts.review_conference_due(settings, day, conference_type), False),
    ]
    if for_parent:
        steps.append(Step("follow_up", ts.follow_up_due(settings, starts_at), False))
    return sorted(steps, key=lambda step: (_moment(step), STEP_KEYS.index(step.key)))


def _moment(step: Step) -> datetime:
    if step.shows == "to_be_set":
        return datetime.max
    if isinstance(step.when, datetime):
        return step.when.replace(tzinfo=None)
    return datetime.combine(step.when, datetime.max.time())


def is_past(step: Step, now: datetime) -> bool:
    """A meeting is past once it has started; a deadline once its whole day has gone."""
    if step.shows == "to_be_set":
        return False
    if step.has_time:
        when = step.when
        if isinstance(when, datetime) and (when.tzinfo is None) != (now.tzinfo is None):
            when, now = when.replace(tzinfo=None), now.replace(tzinfo=None)
        return when <= now
    return step.day < now.date()


def with_status(steps: list[Step], now: datetime) -> list[tuple[Step, str]]:
    """Each step with DONE (past), NEXT (the first step not yet past) or LATER."""
    marked = []
    next_found = False
    for step in steps:
        if is_past(step, now):
            marked.append((step, DONE))
        elif not next_found:
            marked.append((step, NEXT))
            next_found = True
        else:
            marked.append((step, LATER))
    return marked


def conference_timescales(conference) -> ts.Timescales:
    """The settings that apply to a conference: its authority's nation and overrides."""
    authority = conference.authority
    return ts.for_authority(authority)


def conference_timeline(conference, now: datetime, *, separately_at=None, for_parent=False,
                        change=None) -> list[tuple[Step, str]]:
    """A conference's steps with their status at ``now`` (naive UTC or local, as stored)."""
    steps = conference_steps(
        conference_timescales(conference),
        conference.conference_type,
        conference.starts_at,
        conference.premeet_at,
        separately_at=separately_at, for_parent=for_parent, change=change,
    )
    return with_status(steps, now)


def meeting_change_applies(kind: str, new_starts_at: datetime | None,
                           left_starts_at: datetime | None, conference_starts_at: datetime,
                           conference_status: str) -> bool:
    """Whether a record that the meeting did not go ahead as planned still speaks for the
    conference. It does until the chair sets the conference up again on their own pages:
    a new date (the conference no longer starts where the record left it,
    `left_starts_at`), or, for a postponement without a date, going ahead again."""
    if left_starts_at is not None and conference_starts_at != left_starts_at:
        return False
    if kind == "postponed" and new_starts_at is None:
        return conference_status == "postponed"
    return True
