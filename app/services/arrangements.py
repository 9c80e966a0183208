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
from app.data.statements import built_once, param
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
        _taking_part_of(), {"participant_id": participant.id}))


@built_once
def _taking_part_of():
    return db.select(m.TakingPart).where(m.TakingPart.participant_id == param("participant_id"))


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
        _latest_change(), {"conference_id": conference_id}))


@built_once
def _latest_change():
    return (db.select(m.MeetingChange)
            .where(m.MeetingChange.conference_id == param("conference_id"))
            .order_by(m.MeetingChange.recorded_at.desc(), m.MeetingChange.id).limit(1))


def change_shown(change, conference):
    """The latest change, while it still speaks for the conference (timeline.
    meeting_change_applies), else None: what the family is told."""
    if change is None or not timeline.meeting_change_applies(
            change.kind, change.new_starts_at, change.conference_starts_at,
            conference.starts_at, conference.status):
        return None
    return change


def change_in_force(change, conference) -> str | None:
    """What the timeline follows: a planning meeting held instead, or a postponement
    without a new date yet. A postponement to a known date has moved the conference."""
    change = change_shown(change, conference)
    if change is None:
        return None
    if change.kind == m.POSTPONED and change.new_starts_at is not None:
        return None
    return change.kind


def family_timeline(conference, participant, now):
    """The timeline as this person's arrangement makes it."""
    plan = family_plan(participant)
    change = change_in_force(latest_change(conference.id), conference)
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
    held_rows = db.session.scalars(_held_in(), {"ids": ids}).all() if ids else []
    by_conference: dict = {}
    for row in held_rows:
        by_conference.setdefault(row.conference_id, []).append(row)
    # Each conference's latest change, all in one query.
    latest: dict = {}
    if ids:
        for change in db.session.scalars(_changes_in(), {"ids": ids}):
            latest[change.conference_id] = change
    out = []
    for conference in conferences:
        viewer = viewers_by_conference.get(conference.id)
        if viewer is None or not may_mark(viewer, conference.id):
            continue
        if change_in_force(latest.get(conference.id), conference) == m.POSTPONED:
            continue
        for item in conversations(conference, by_conference.get(conference.id, [])):
            if item.held is None:
                out.append((conference, item))
    return sorted(out, key=lambda pair: _sort_moment(pair[1].when))


@built_once
def _held_in():
    return db.select(m.ConversationHeld).where(
        m.ConversationHeld.conference_id.in_(param("ids", expanding=True)))


@built_once
def _changes_in():
    return (db.select(m.MeetingChange)
            .where(m.MeetingChange.conference_id.in_(param("ids", expanding=True)))
            .order_by(m.MeetingChange.recorded_at, m.MeetingChange.id))


@built_once
def _papers_waiting_in():
    return (db.select(m.TakingPart)
            .join(m.Outcome, m.Outcome.conference_id == m.TakingPart.conference_id)
            .where(m.TakingPart.conference_id.in_(param("ids", expanding=True)),
                   m.Outcome.published_at.is_not(None),
                   m.TakingPart.outcome_by == m.OUTCOME_ON_PAPER,
                   m.TakingPart.paper_given_on.is_(None))
            .options(joinedload(m.TakingPart.participant)))


def _sort_moment(when):
    return when if isinstance(when, datetime) else datetime.combine(when, datetime.min.time())


def papers_to_give(conferences, viewers_by_conference, may_give) -> list:
    """Parents who chose paper, whose outcome is published and not yet given to them: one
    query, however many conferences."""
    ids = [c.id for c in conferences if (viewer := viewers_by_conference.get(c.id)) is not None
           and may_give(viewer)]
    if not ids:
        return []
    return db.session.scalars(_papers_waiting_in(), {"ids": ids}).unique().all()


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


# --- what staff record (each commits, with its audit record) --------------------------


def save_taking_part(conference, person, values: dict, staff_user_id: str) -> None:
    """The chair's decision on how this parent takes part (`values`: mode, reason,
    meets_chair_at, meets_how, place, joining_details). The reason stays out of the audit
    trail: only what was decided, and by whom."""
    from app.services import audit

    row = row_for(person)
    for key, value in values.items():
        setattr(row, key, value)
    row.set_by_id = staff_user_id
    audit.record("taking_part.set", staff_user_id=staff_user_id, conference_id=conference.id,
                 object_type="participant", object_id=person.id, detail=row.mode)
    db.session.commit()
    forget()


def save_outcome_delivery(conference, person, outcome_by: str, password: bool,
                          staff_user_id: str) -> None:
    """How the decisions reach this parent: on the portal or on paper, with a password."""
    from app.services import audit

    row = row_for(person)
    row.outcome_by, row.outcome_password = outcome_by, password
    audit.record("taking_part.outcome_delivery", staff_user_id=staff_user_id,
                 conference_id=conference.id, object_type="participant", object_id=person.id,
                 detail=outcome_by)
    db.session.commit()
    forget()


def mark_held(conference, kind: str, staff_user_id: str, now: datetime) -> bool:
    """A conversation around the meeting marked held (once). False if it already was."""
    from app.services import audit

    if db.session.scalar(db.select(m.ConversationHeld).filter_by(
            conference_id=conference.id, kind=kind)) is not None:
        return False
    db.session.add(m.ConversationHeld(conference_id=conference.id, kind=kind, held_at=now,
                                      marked_by_id=staff_user_id))
    audit.record("conversation.held", staff_user_id=staff_user_id,
                 conference_id=conference.id, object_type="conversation", detail=kind)
    db.session.commit()
    return True


def record_meeting_change(conference, kind: str, reason: str, agreed_by: str,
                          new_starts_at: datetime | None, staff_user_id: str,
                          now: datetime) -> None:
    """The meeting did not go ahead as planned. A new date moves the conference, the family
    pre-meet and each parent's own meeting with the chair, keeping their places relative
    to the new start; the family is told there is something new."""
    from app.services import audit, messages

    if new_starts_at is not None:
        shift = new_starts_at - conference.starts_at
        conference.starts_at = new_starts_at
        if conference.premeet_at:
            conference.premeet_at += shift
        for row in taking_part_rows(conference.id).values():
            if row.meets_chair_at:
                row.meets_chair_at += shift
        db.session.execute(db.delete(m.ConversationHeld).where(
            m.ConversationHeld.conference_id == conference.id))
    if kind == m.POSTPONED:
        # The conference's status says the same as this record, on every staff page too.
        conference.status = "scheduled" if new_starts_at is not None else "postponed"
    db.session.add(m.MeetingChange(
        conference_id=conference.id, kind=kind, reason=reason, agreed_by=agreed_by,
        new_starts_at=new_starts_at, conference_starts_at=conference.starts_at,
        recorded_by_id=staff_user_id, recorded_at=now))
    audit.record("meeting_change.recorded", staff_user_id=staff_user_id,
                 conference_id=conference.id, object_type="conference",
                 object_id=conference.id, detail=kind)
    messages.tell_family_who_may_see(conference, lambda viewer: True)
    db.session.commit()
    forget()


def paper_given(conference, person, row, given_on: date, staff_user_id: str) -> None:
    """The day the social worker handed this parent their paper copy of the decisions."""
    from app.services import audit

    row.paper_given_on = given_on
    audit.record("outcome.paper_given", staff_user_id=staff_user_id,
                 conference_id=conference.id, object_type="participant", object_id=person.id)
    db.session.commit()
