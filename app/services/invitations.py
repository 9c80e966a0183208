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


def invite(viewer, conference, values, staff_user):
    """Add someone to the conference as the staff member asked (`values`: role, name,
    child_id, agency, language, email, mobile) and send them their invitation. Returns
    the person and whether the invitation was sent, or None if this inviter may not give
    that role. Commits."""
    config = current_app.config
    person = new_participant(
        viewer, conference, values["role"], values["name"], staff_user.id, utcnow(),
        child_id=values["child_id"], agency=values["agency"], language=values["language"])
    if person is None:
        return None
    signin.set_contact_details(person, values["email"], values["mobile"],
                               config["LOOKUP_PEPPER"])
    db.session.add(person)
    db.session.flush()
    _link, sent = make_and_send_invitation(person)
    audit.record("participant.invited", staff_user_id=staff_user.id,
                 conference_id=conference.id, object_type="participant",
                 object_id=person.id, detail=person.role)
    db.session.commit()
    return person, sent


def send_invitation(person):
    """Make a single-use link and send it; returns the link (the demo prints it). The
    caller commits."""
    link, _sent = make_and_send_invitation(person)
    return link


def make_and_send_invitation(person):
    """Make a single-use link and send it; returns the link and whether it was sent. The
    caller commits."""
    config = current_app.config
    now = utcnow()
    token = signin.create_invitation(person, config["LOOKUP_PEPPER"], config["INVITATION_DAYS"],
                                     now)
    link = config["PORTAL_BASE_URL"] + url_for("auth.invitation", token=token)
    (channel, address), _code = signin.link_and_code_channels(person)
    sent = bool(address) and messages.send_invitation(
        person, channel, address, link,
        expires_at=now + timedelta(days=config["INVITATION_DAYS"]))
    return link, sent


def mark_seen(person, staff_user_id):
    """The chair has seen someone invited for a child (once). True if marked now.
    Commits."""
    if person.awaiting_chair_since is None:
        return False
    person.awaiting_chair_since = None
    audit.record("participant.chair_seen", staff_user_id=staff_user_id,
                 conference_id=person.conference_id, object_type="participant",
                 object_id=person.id)
    db.session.commit()
    return True


# --- the people in a conference: resend, correct, remove -------------------------------


def resend(person, staff_user_id):
    """A new link; every older one stops working at once. True if it was sent.
    Commits."""
    signin.stop_invitations(person, utcnow())
    _link, sent = make_and_send_invitation(person)
    audit.record("participant.invitation_resent", staff_user_id=staff_user_id,
                 conference_id=person.conference_id, object_type="participant",
                 object_id=person.id, outcome="ok" if sent else "failed")
    db.session.commit()
    return sent


def remove(person, staff_user_id):
    """End someone's access: their sessions end, their links stop; what they wrote stays.
    Commits."""
    signin.end_access(person, utcnow())
    audit.record("participant.removed", staff_user_id=staff_user_id,
                 conference_id=person.conference_id, object_type="participant",
                 object_id=person.id, detail=person.role)
    db.session.commit()


def correct(person, values, staff_user_id):
    """A name, an email address, a mobile number or a language put right (`values`: name,
    email, mobile, language). True if anything changed. Commits."""
    before = {"name": person.name, "email": person.email, "mobile": person.mobile,
              "language": person.language}
    changed = ",".join(sorted(key for key in values if before.get(key) != values[key]))
    if not changed:
        return False
    person.name = values["name"]
    person.language = values["language"]
    signin.set_contact_details(person, values["email"], values["mobile"],
                               current_app.config["LOOKUP_PEPPER"])
    # Only the names of what changed go in the audit trail, never the words.
    audit.record("participant.corrected", staff_user_id=staff_user_id,
                 conference_id=person.conference_id, object_type="participant",
                 object_id=person.id, detail=changed)
    db.session.commit()
    return True


def set_interpreter_access(person, allow, staff_user_id):
    """The chair lets this interpreter read the reports and the outcome, or stops it.
    Commits."""
    if allow == bool(person.may_see_reports):
        return
    person.may_see_reports = allow
    audit.record("participant.interpreter_access", staff_user_id=staff_user_id,
                 conference_id=person.conference_id, object_type="participant",
                 object_id=person.id, detail="allowed" if allow else "stopped")
    db.session.commit()


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
    signin.set_contact_details(supporter, email, mobile, current_app.config["LOOKUP_PEPPER"])
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
