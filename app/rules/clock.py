"""The one clock: now in UTC (how moments are stored) and on the UK clock (how conference
times are typed in and shown). Everything that asks the time asks here, so a test can
set it in one place."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def utcnow() -> datetime:
    """Now in UTC, without a time zone attached: how the database stores moments."""
    return datetime.now(UTC).replace(tzinfo=None)


def uk_time(utc_naive: datetime | None) -> datetime | None:
    """A naive UTC moment as naive UK wall-clock time."""
    if utc_naive is None:
        return None
    return utc_naive.replace(tzinfo=UTC).astimezone(UK).replace(tzinfo=None)


def uk_now() -> datetime:
    """Now, as naive UK wall-clock time: the clock conference times are typed in."""
    return uk_time(utcnow())
