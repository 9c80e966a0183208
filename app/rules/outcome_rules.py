"""Rules for the outcome and the minutes: the plan's dates and the publishing targets.

Plain functions over dates and an authority's timescales, with no knowledge of Flask,
so they can be unit tested alone. The conference's start time stands for "the
conference" in every target: the portal does not record when a meeting ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.rules import timescales

# What a deadline is doing, for the dashboard.
DUE = "due"
LATE = "late"
DONE = "done"
DONE_LATE = "done_late"

# What must be recorded before an outcome can be published, as the chair's steps name them.
# The dates of the next meetings and the child's summary may be added later.
DECISION = "decision"
PLAN = "plan"


# The chair's steps after the decisions, in order; then the check before publishing (None).
STEPS_AFTER_DECISIONS = (PLAN, "dates", "people")


def step_after(child_ids: list[str], step: str, child_id: str | None = None
               ) -> tuple[str, str | None] | None:
    """The step that follows this one: each child's decision in turn, then the plan, the
    next meetings and what each person gets; None after the last (check and publish)."""
    if step == DECISION:
        later = child_ids[child_ids.index(child_id) + 1:]
        return (DECISION, later[0]) if later else (PLAN, None)
    following = STEPS_AFTER_DECISIONS[STEPS_AFTER_DECISIONS.index(step) + 1:]
    return (following[0], None) if following else None


def left_to_record(decisions: list | None, child_ids: list[str], plan_text: str | None
                   ) -> list[tuple[str, str | None]]:
    """What is still missing, in the order the chair fills it in: (DECISION, child id) for
    each child with no decision yet, then (PLAN, None) if the plan says nothing of what
    happens if things do not change. Empty when the outcome may be published."""
    decided = {d.get("child_id") for d in decisions or [] if d.get("plan") is not None}
    missing = [(DECISION, child_id) for child_id in child_ids if child_id not in decided]
    if not (plan_text or "").strip():
        missing.append((PLAN, None))
    return missing



@dataclass(frozen=True)
class DateCheck:
    """A planned date against the latest date practice allows."""

    due: date
    planned: date

    @property
    def late(self) -> bool:
        return self.planned > self.due


def check_first_core_group(ts, conference_type: str, conference_day: date,
                           planned: date | None) -> DateCheck | None:
    """The first core group is due 10 working days after an initial conference.

    After a review the core group simply carries on, so there is nothing to check.
    """
    if planned is None or conference_type != "initial":
        return None
    return DateCheck(timescales.first_core_group_due(ts, conference_day), planned)


def check_review_conference(ts, conference_type: str, conference_day: date,
                            planned: date | None) -> DateCheck | None:
    """3 months after an initial conference, 6 months after a review."""
    if planned is None:
        return None
    return DateCheck(
        timescales.review_conference_due(ts, conference_day, conference_type), planned)


def parse_day(text: str | None) -> date | None:
    """A date typed like 2027-01-25; None when empty or not a real date."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def outcome_due(ts, conference_start: datetime) -> datetime:
    """Decisions and plan go to the family within N working days (1 by default)."""
    return timescales.outcome_due(ts, conference_start)


def child_told_due(ts, conference_start: datetime) -> datetime:
    """The child is told within N hours (24 by default)."""
    return timescales.child_told_due(ts, conference_start)


def minutes_due(ts, conference_start: datetime) -> date:
    """Minutes go out within N working days (15 by default)."""
    return timescales.minutes_due(ts, conference_start.date())


def deadline_status(due: datetime | date, done_at: datetime | None, now: datetime) -> str:
    """DUE or LATE while not done; DONE or DONE_LATE once it is.

    A date deadline lasts until the end of that day.
    """
    if isinstance(due, datetime):
        def after(moment):
            return moment > due
    else:
        def after(moment):
            return moment.date() > due
    if done_at is None:
        return LATE if after(now) else DUE
    return DONE_LATE if after(done_at) else DONE
