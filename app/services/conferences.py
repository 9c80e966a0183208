"""Conferences made by staff, and what staff open in them."""

from app.data import models as m
from app.extensions import db
from app.services import audit, messages


def create(user, values):
    """A new conference in the staff member's authority, with its children (first names)
    and its creator taking part (`values`: conference_type, starts_at, premeet_at, format,
    venue, joining_details, children). Commits."""
    conference = m.Conference(
        authority_id=user.authority_id, conference_type=values["conference_type"],
        starts_at=values["starts_at"], premeet_at=values["premeet_at"],
        format=values["format"], venue=values["venue"] or None,
        joining_details=values["joining_details"] or None, created_by_id=user.id,
    )
    for name in values["children"]:
        conference.children.append(m.Child(first_name=name))
    conference.participants.append(m.Participant(
        role=user.role if user.role in m.PARTICIPANT_ROLES else m.COORDINATOR,
        name=user.name, staff_user_id=user.id))
    db.session.add(conference)
    db.session.flush()
    audit.record("conference.created", staff_user_id=user.id, conference_id=conference.id)
    db.session.commit()
    return conference


def contribution_viewed(item, staff_user_id):
    """Staff opened what the family sent. Commits."""
    audit.noted("contribution.viewed", staff_user_id=staff_user_id,
                conference_id=item.conference_id, object_type="contribution",
                object_id=item.id)


# --- running a conference: change it ---------------------------------------------------


def _changed_fields(before: dict, after: dict) -> str:
    """The names of what changed, for the audit trail: never the words themselves."""
    return ",".join(sorted(key for key in after if before.get(key) != after[key]))


def change(conference, values, staff_user_id):
    """Reschedule, or change where and how people attend (`values`: starts_at,
    premeet_at, format, venue, joining_details). Everyone else is told the details have
    changed, never what changed. Returns how many were told, or None if nothing changed.
    Commits."""
    before = {key: getattr(conference, key) for key in values}
    changed = _changed_fields(before, values)
    if not changed:
        return None
    for key, value in values.items():
        setattr(conference, key, value)
    # Moved to a new date: a postponed conference goes ahead again.
    if "starts_at" in changed.split(",") and conference.status == "postponed":
        conference.status = "scheduled"
    audit.record("conference.changed", staff_user_id=staff_user_id,
                 conference_id=conference.id, detail=changed)
    told = messages.tell_details_changed(conference, staff_user_id)
    db.session.commit()
    return told


def set_status(conference, status, staff_user_id):
    """Going ahead, postponed or cancelled; everyone else is told the details have
    changed. Returns how many were told, or None if the status stays. Commits."""
    if status == conference.status:
        return None
    conference.status = status
    audit.record("conference.status_changed", staff_user_id=staff_user_id,
                 conference_id=conference.id, detail=status)
    told = messages.tell_details_changed(conference, staff_user_id)
    db.session.commit()
    return told
