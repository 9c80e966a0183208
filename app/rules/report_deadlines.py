"""When each report must reach the family, and whether it did.

Plain functions over plain values, so the rules can be unit tested without a database.
Conference times are UK wall-clock times (as the chair typed them); moments the portal
records (``shared_at``) are naive UTC. Comparisons convert the UTC moment to UK time
first, so a report shared at 09:30 UTC in summer (10:30 in the UK) is not taken for
one shared an hour earlier.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.rules import timescales
from app.rules.clock import UK, uk_time  # noqa: F401 (UK: the zone deadlines are in)

# Roles whose people are expected to bring a report to the conference.
EXPECTED_AUTHOR_ROLES = ("professional", "social_worker")




def share_deadline(
    ts: timescales.Timescales, conference_start: datetime, conference_type: str,
    police_open_information: bool,
) -> datetime:
    """The latest UK time a report may reach the family.

    Police open information has its own (hours-based) rule; everything else counts
    working days before the conference, skipping weekends and the nation's bank holidays.
    """
    if police_open_information:
        return timescales.police_open_info_deadline(ts, conference_start)
    return timescales.report_share_deadline(ts, conference_start, conference_type)


def shared_on_time(shared_at_utc: datetime | None, deadline: datetime) -> bool:
    """Shared (at a recorded UTC moment) no later than the UK-time deadline."""
    if shared_at_utc is None:
        return False
    return timescales.is_on_time(uk_time(shared_at_utc), deadline)


def is_overdue(shared_at_utc: datetime | None, deadline: datetime, now_utc: datetime) -> bool:
    """Not shared and the deadline has passed: the family is already waiting too long."""
    return shared_at_utc is None and uk_time(now_utc) > deadline


@dataclass(frozen=True)
class ReportTiming:
    deadline: datetime
    shared_at: datetime | None  # UK time
    on_time: bool
    late: bool  # shared after the deadline
    overdue: bool  # not shared, deadline passed


def timing(ts, conference_start, conference_type, police_open_information, shared_at_utc,
           now_utc, recorded_deadline=None) -> ReportTiming:
    """How a report stands against its deadline. Once shared, it is judged against the
    deadline recorded at that moment (``recorded_deadline``), if there is one."""
    deadline = (recorded_deadline if shared_at_utc is not None and recorded_deadline
                else share_deadline(ts, conference_start, conference_type,
                                    police_open_information))
    on_time = shared_on_time(shared_at_utc, deadline)
    return ReportTiming(
        deadline=deadline,
        shared_at=uk_time(shared_at_utc),
        on_time=on_time,
        late=shared_at_utc is not None and not on_time,
        overdue=is_overdue(shared_at_utc, deadline, now_utc),
    )


@dataclass(frozen=True)
class ConferenceCounts:
    expected: int
    received: int
    shared: int
    on_time: int
    late: int
    missing_authors: tuple[str, ...]
    # Not with the family although the deadline has passed: reports still waiting (for
    # the chair's decision, say), and expected reports not received at all.
    overdue: int = 0

    @property
    def needs_attention(self) -> bool:
        return bool(self.late or self.missing_authors or self.overdue)


def conference_counts(
    expected_author_ids: Iterable[str],
    reports: Iterable[tuple[str, bool, bool]],
    waiting_past_deadline: int = 0,
    deadline_passed: bool = False,
) -> ConferenceCounts:
    """Counts for the staff dashboard.

    ``reports`` are (author id, shared with the family, shared on time) for each report.
    Expected reports are one per invited professional; someone who wrote two still
    counts once as received. Reports kept for professionals only are received but not
    shared, and are not late. ``waiting_past_deadline`` counts reports meant for the
    family that are not shared yet although their deadline has passed; once the usual
    deadline has passed (``deadline_passed``), every report not received is overdue too.
    """
    expected = list(dict.fromkeys(expected_author_ids))
    reports = list(reports)
    authors = {author for author, _shared, _on_time in reports}
    shared = sum(1 for _a, is_shared, _t in reports if is_shared)
    on_time = sum(1 for _a, is_shared, in_time in reports if is_shared and in_time)
    missing = tuple(a for a in expected if a not in authors)
    return ConferenceCounts(
        expected=len(expected),
        received=len(authors),
        shared=shared,
        on_time=on_time,
        late=shared - on_time,
        missing_authors=missing,
        overdue=waiting_past_deadline + (len(missing) if deadline_passed else 0),
    )
