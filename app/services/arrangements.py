"""How each parent takes part (the whole meeting, or separately with the chair), the
conversations around the meeting, how the outcome reaches each parent, and a meeting that
could not go ahead as planned (issue 18).

Plain functions over the database, with no knowledge of Flask requests. Who may see or
change any of it is decided in app/rules/access.py.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from sqlalchemy.orm import joinedload

from app.data import models as m
from app.extensions import db
from app.rules import timeline
from app.rules import timescales as ts


def taking_part_rows(conference_id: str) -> dict:
    """Every parent's row in one conference, by participant id."""
    rows = db.session.scalars(db.select(m.TakingPart).filter_by(conference_id=conference_id))
    return {row.participant_id: row for row in rows}


def _kept(key, load):
    """One look-up per database session (a request has its own): home, the timeline and
    the worksheet's closing time all ask for the same parent's row."""
    kept = db.session.info.setdefault("arrangements", {})
    if key not in kept:
        kept[key] = load()
    return kept[key]


def taking_part_of(participant) -> m.TakingPart | None:
    if participant is None or participant.role != m.PARENT:
        return None
    return _kept(("taking_part", participant.id), lambda: db.session.scalar(
        db.select(m.TakingPart).filter_by(participant_id=participant.id)))


def row_for(participant) -> m.TakingPart:
    """The parent's row, made (not yet saved) if there is none: the whole meeting."""
    row = taking_part_of(participant)
    if row is None:
        row = m.TakingPart(conference_id=participant.conference_id,
                           participant_id=participant.id, mode=m.WHOLE_MEETING,
                           outcome_password=False)
        db.session.add(row)
        db.session.info.setdefault("arrangements", {})[("taking_part", participant.id)] = row
    return row


def forget():
    """After a change that the same session reads again."""
    db.session.info.pop("arrangements", None)


@dataclasses.dataclass(frozen=True)
class FamilyPlan:
    """What one parent is told of their own arrangement: never the reason, never the
    other parent's."""

    separately: bool
    meets_chair_at: datetime | None
    meets_how: str | None
    place: str | None
    joining_details: str | None
    outcome_by: str | None
    outcome_password: bool


def family_plan(participant) -> FamilyPlan | None:
    row = taking_part_of(participant)
    if participant is None or participant.role != m.PARENT:
        return None
    if row is None:
        return FamilyPlan(False, None, None, None, None, None, False)
    separately = row.separately and row.meets_chair_at is not None
    return FamilyPlan(
        separately=separately,
        meets_chair_at=row.meets_chair_at if separately else None,
        meets_how=row.meets_how if separately else None,
        place=row.place if separately else None,
        joining_details=row.joining_details if separately else None,
        outcome_by=row.outcome_by, outcome_password=bool(row.outcome_password))


def meets_separately(participant) -> bool:
    plan = family_plan(participant)
    return bool(plan and plan.separately)


# --- a meeting that could not go ahead as planned ----------------------------


def latest_change(conference_id: str) -> m.MeetingChange | None:
    return _kept(("change", conference_id), lambda: db.session.scalar(
        db.select(m.MeetingChange).filter_by(conference_id=conference_id)
        .order_by(m.MeetingChange.recorded_at.desc(), m.MeetingChange.id).limit(1)))


def change_in_force(change) -> str | None:
    """What the timeline follows: a planning meeting held instead, or a postponement
    without a new date yet. A postponement to a known date has moved the conference."""
    if change is None:
        return None
    if change.kind == m.POSTPONED and change.new_starts_at is not None:
        return None
    return change.kind


def family_timeline(conference, participant, now):
    """The timeline as this person's arrangement makes it."""
    plan = family_plan(participant)
    change = change_in_force(latest_change(conference.id))
    return timeline.conference_timeline(
        conference, now, separately_at=plan.meets_chair_at if plan and plan.separately else None,
        for_parent=plan is not None, change=change)


# --- the conversations around the meeting -----------------------------------


@dataclasses.dataclass(frozen=True)
class Conversation:
    kind: str
    when: datetime | date
    # Staff who hold it: marking it held is theirs (the chair or the social worker).
    held: m.ConversationHeld | None


def conversations(conference, held_rows=None) -> list[Conversation]:
    """The four conversations with their dates from the authority's timescales."""
    settings = timeline.conference_timescales(conference)
    premeet = conference.premeet_at or ts.family_premeet_start(settings, conference.starts_at)
    if held_rows is None:
        held_rows = db.session.scalars(
            db.select(m.ConversationHeld).filter_by(conference_id=conference.id)).all()
    held = {row.kind: row for row in held_rows}
    dates = {
        "preparation": ts.preparation_due(settings, conference.starts_at),
        "professionals_only": ts.professionals_only_start(settings, premeet),
        "chair_premeet": premeet,
        "follow_up": ts.follow_up_due(settings, conference.starts_at),
    }
    return [Conversation(kind, dates[kind], held.get(kind)) for kind in m.CONVERSATION_KINDS]


def waiting_for(staff_user, conferences, viewers_by_conference, may_mark) -> list:
    """Conversations not yet marked held, in these conferences, that this staff account may
    mark, soonest first: (conference, conversation)."""
    ids = [c.id for c in conferences]
    held_rows = db.session.scalars(
        db.select(m.ConversationHeld).where(m.ConversationHeld.conference_id.in_(ids))
    ).all() if ids else []
    by_conference: dict = {}
    for row in held_rows:
        by_conference.setdefault(row.conference_id, []).append(row)
    # Each conference's latest change, all in one query.
    latest: dict = {}
    if ids:
        for change in db.session.scalars(
                db.select(m.MeetingChange).where(m.MeetingChange.conference_id.in_(ids))
                .order_by(m.MeetingChange.recorded_at, m.MeetingChange.id)):
            latest[change.conference_id] = change
    out = []
    for conference in conferences:
        viewer = viewers_by_conference.get(conference.id)
        if viewer is None or not may_mark(viewer, conference.id):
            continue
        if change_in_force(latest.get(conference.id)) == m.POSTPONED:
            continue
        for item in conversations(conference, by_conference.get(conference.id, [])):
            if item.held is None:
                out.append((conference, item))
    return sorted(out, key=lambda pair: _sort_moment(pair[1].when))


def _sort_moment(when):
    return when if isinstance(when, datetime) else datetime.combine(when, datetime.min.time())


def papers_to_give(conferences, viewers_by_conference, may_give) -> list:
    """Parents who chose paper, whose outcome is published and not yet given to them: one
    query, however many conferences."""
    ids = [c.id for c in conferences if (viewer := viewers_by_conference.get(c.id)) is not None
           and may_give(viewer)]
    if not ids:
        return []
    return db.session.scalars(
        db.select(m.TakingPart)
        .join(m.Outcome, m.Outcome.conference_id == m.TakingPart.conference_id)
        .where(m.TakingPart.conference_id.in_(ids), m.Outcome.published_at.is_not(None),
               m.TakingPart.outcome_by == m.OUTCOME_ON_PAPER,
               m.TakingPart.paper_given_on.is_(None))
        .options(joinedload(m.TakingPart.participant))).unique().all()


def staff_viewers(staff_user, conferences) -> dict:
    """How this account acts in each conference, from the participants already loaded with
    the conferences: no query."""
    from app.rules import access

    out = {}
    for conference in conferences:
        for person in conference.participants:
            if person.staff_user_id == staff_user.id:
                out[conference.id] = access.viewer_for_participant(person)
    return out
