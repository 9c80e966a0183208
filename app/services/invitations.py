"""Adding someone to a conference from the staff pages. The access policy decides which
roles each inviter may give (app/rules/access.py); this records who invited them and, for a
young person, a child or an advocate invited by someone other than the chair, that the
chair should see it."""

from app.data import models as m
from app.rules import access


def new_participant(viewer, conference, role, name, invited_by_id, now, child_id=None,
                    agency="", language="en"):
    """The new participant (not yet added to the session), or None if this inviter may
    not give that role."""
    if not access.can_invite(viewer, role) or not access.can_see_conference(viewer, conference):
        return None
    person = m.Participant(conference=conference, role=role, name=name, agency=agency,
                           language=language, invited_by_id=invited_by_id)
    if role in m.ABOUT_ONE_CHILD:
        person.child_id = child_id or None
        if access.invitation_needs_chair(viewer, role):
            person.awaiting_chair_since = now
    return person
