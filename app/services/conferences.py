"""Conferences made by staff, and what staff open in them."""

from app.data import models as m
from app.extensions import db
from app.services import audit


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
