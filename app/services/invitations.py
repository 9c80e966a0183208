"""Adding someone to a conference from the staff pages. The access policy decides which
roles each inviter may give (app/rules/access.py); this records who invited them and, for a
young person, a child or an advocate invited by someone other than the chair, that the
chair should see it. An invitation is a single-use link, sent by email or text."""

from datetime import timedelta

from flask import current_app, url_for

from app.data import models as m
from app.extensions import db
from app.rules import access
from app.rules.clock import utcnow
from app.services import audit, messages, preparation, signin


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


def make_and_send_invitation(person):
    """Make a single-use link and send it; returns the link and whether it was sent."""
    config = current_app.config
    now = utcnow()
    token = signin.create_invitation(person, config["SECRET_KEY"], config["INVITATION_DAYS"],
                                     now)
    link = config["PORTAL_BASE_URL"] + url_for("auth.invitation", token=token)
    (channel, address), _code = signin.link_and_code_channels(person)
    sent = bool(address) and messages.send_invitation(
        person, channel, address, link,
        expires_at=now + timedelta(days=config["INVITATION_DAYS"]))
    return link, sent


def invite_supporter(parent, needs):
    """Invite the supporter a parent named in their practical needs, once: a second press
    sends nothing more. True when the invitation was sent."""
    if needs.answers.get("supporter_participant_id"):
        return False
    answers = needs.answers
    contact = answers.get("supporter_contact") or ""
    supporter = m.Participant(conference_id=parent.conference_id, role=m.SUPPORTER,
                              name=answers.get("supporter_name") or "", language="en")
    email, mobile = (contact, None) if "@" in contact else (None, contact)
    signin.set_contact_details(supporter, email, mobile, current_app.config["SECRET_KEY"])
    db.session.add(supporter)
    db.session.flush()
    db.session.refresh(supporter)
    _link, sent = make_and_send_invitation(supporter)
    preparation.mark_supporter_invited(needs, supporter)
    audit.record("supporter.invited", participant_id=parent.id,
                 conference_id=parent.conference_id, object_type="participant",
                 object_id=supporter.id)
    db.session.commit()
    return sent
