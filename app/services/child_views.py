"""A child's views as records: the one draft a child (or the adult helping them) writes,
saving and sending it, the safety alerts an answer raises and the staff they reach, the
photo of a drawing, and a social worker starting to help one child.

Each function that changes records commits its own work, with its audit record in the same
transaction. What a child said, and any alert it raised, are saved before anyone is
emailed: a mail outage must not lose either. The rules (the pages, which answers are a
concern, the cut-off) are app/rules/journey.py; who may do what is app/rules/access.py.
"""

from flask import current_app, url_for

from app.data import models as m
from app.data.statements import built_once, param
from app.extensions import db
from app.rules import access, journey
from app.services import audit, messages, preparation


class ActingFor:
    """A social worker's own participant row, acting for one child: the views they put
    in are that child's, recorded as made with or for the child by them."""

    def __init__(self, participant, child):
        self._participant = participant
        self.child = child
        self.child_id = child.id

    def __getattr__(self, name):
        return getattr(self._participant, name)


def helping(viewer, participant, conference, child):
    """The social worker acting for this child, or None if they may not help them."""
    if (viewer is None or child is None or conference is None
            or child.conference_id != conference.id
            or not access.may_help_child_with_views(viewer, child)):
        return None
    return ActingFor(participant, child)


def children_to_help(viewer, conference):
    """The children of a conference this member of staff may help to share their views."""
    return [child for child in conference.children
            if access.may_help_child_with_views(viewer, child)]


def start_helping(staff_user, conference, child):
    audit.record("views.helping", staff_user_id=staff_user.id, conference_id=conference.id,
                 object_type="child", object_id=child.id, commit=True)


def own_views(participant):
    """The views of this child that this person writes: one record, shared by the child
    and the advocate they had when it was begun. Nobody invited later for the same child
    (nor a social worker helping them) is handed what was written before."""
    viewer = access.viewer_for_participant(participant)
    rows = db.session.scalars(_views_written_by(bool(participant.child_id)), {
        "conference_id": participant.conference_id, "child_id": participant.child_id,
        "participant_id": participant.id})
    return next((item for item in rows if access.reads_as_the_child(viewer, item)), None)


@built_once
def _views_written_by(for_a_child: bool):
    """A child's views written by this person (parameter), or with them as the child's
    advocate; someone there for no one child: only what they wrote."""
    query = db.select(m.Contribution).where(
        m.Contribution.conference_id == param("conference_id"), m.Contribution.kind == "views")
    writer = param("participant_id")
    if for_a_child:
        query = query.where(m.Contribution.child_id == param("child_id"), db.or_(
            m.Contribution.author_id == writer, m.Contribution.child_advocate_id == writer))
    else:
        query = query.where(m.Contribution.author_id == writer)
    # Read afresh: another save (the child's advocate, another device) may have just
    # committed.
    return query.order_by(m.Contribution.updated_at).execution_options(populate_existing=True)


def _draft(participant):
    item = own_views(participant)
    if item is None:
        item = m.Contribution(
            conference_id=participant.conference_id, author_id=participant.id, kind="views",
            child_id=participant.child_id, answers={},
            child_advocate_id=access.current_advocate_id(participant.conference_id,
                                                         participant.child_id),
            audience=m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER, updated_at=m.utcnow())
        db.session.add(item)
        db.session.flush()
    return item


def save(participant, conference, changes, audience=None):
    """Keep the answers; after sending, every change counts as a new version at once.
    Returns the views and the concerns this change raised (each alerts once)."""
    # One record for the child and their advocate: saves from both (or from two devices)
    # queue on the child's row, so no answer saved is overwritten by another.
    if participant.child_id:
        preparation.lock(m.Child, participant.child_id)
    else:
        preparation.lock_person(participant)
    item = _draft(participant)
    before = dict(item.answers or {})
    after = dict(before, **changes)
    # Recorded as made by the child, or with or for the child by this advocate.
    after["made_by"] = participant.role
    after["made_by_id"] = participant.id
    item.answers = after
    if audience:
        item.audience = audience
    item.updated_at = m.utcnow()
    if item.sent_at is not None:
        item.version = (item.version or 0) + 1
    db.session.flush()
    audit.record("views.changed" if item.sent_at else "views.saved",
                 participant_id=participant.id, conference_id=conference.id,
                 object_type="contribution", object_id=item.id)
    raised = _raise_alerts(item, participant, conference, before, after)
    db.session.commit()
    _tell_staff_of(raised, conference)
    return item, raised


def save_answer(participant, conference, key, answer):
    """One page's answer; who may read the views is the one answer with a column."""
    if key == "audience":
        return save(participant, conference, {"audience_chosen": True}, audience=answer)
    return save(participant, conference, {key: answer or ""})


def _raise_alerts(item, participant, conference, before, after):
    raised = journey.new_concerns(before, after) - _alerted(item)
    for answer in sorted(raised):
        alert = m.SafetyAlert(conference_id=conference.id, contribution_id=item.id,
                              child_id=item.child_id, raised_by_id=participant.id,
                              answer=answer)
        db.session.add(alert)
        db.session.flush()
        audit.record("views.safety_alert", participant_id=participant.id,
                     conference_id=conference.id, object_type="safety_alert",
                     object_id=alert.id)
    return raised


def _tell_staff_of(raised, conference):
    """Email the social workers and the duty contact of alerts already saved."""
    if raised:
        link = current_app.config["PORTAL_BASE_URL"] + url_for("auth.staff_sign_in")
        messages.send_safety_alert(conference, link)
        db.session.commit()


def _alerted(item):
    """The answers these views have already raised an alert for: each alerts once."""
    if item.id is None:
        return set()
    return set(db.session.scalars(
        db.select(m.SafetyAlert.answer).filter_by(contribution_id=item.id)))


def alert_on_kept_answer(participant_id, key, answer):
    """A child who says they are not safe just as their session ends is still heard: the
    alert goes at once, though the answer itself waits until they sign in and send it."""
    if not journey.concerns({key: answer}):
        return
    participant = db.session.get(m.Participant, participant_id)
    if participant is None or not access.can_write_views(
            access.viewer_for_participant(participant)):
        return
    conference = participant.conference
    item = _draft(participant)
    before = dict(item.answers or {})
    raised = _raise_alerts(item, participant, conference, before, dict(before, **{key: answer}))
    db.session.commit()
    _tell_staff_of(raised, conference)


def mark_checked(item, conference, now):
    """The child has seen the check page: from now on each page leads back to it."""
    if not item.answers.get("checked") and journey.is_open(conference, now):
        item.answers = dict(item.answers, checked=True)
        db.session.commit()


SENT, ALREADY_SENT = "sent", "already_sent"


def send(participant, conference, item, now):
    """Send the views, once. Returns SENT, ALREADY_SENT, or what stops them being sent
    (a key of journey.SEND_PROBLEMS)."""
    if not item.answers.get("safe"):
        return "safe"
    if journey.is_empty(item.answers):
        return "empty"
    if item.sent_at is not None:
        return ALREADY_SENT
    item.sent_at = now
    item.version = (item.version or 0) + 1
    audit.record("views.sent", participant_id=participant.id, conference_id=conference.id,
                 object_type="contribution", object_id=item.id)
    db.session.commit()
    return SENT


# --- the photo of a drawing --------------------------------------------------------------


def drawing_of(item):
    if item is None:
        return None
    return db.session.scalar(db.select(m.ViewsDrawing).filter_by(contribution_id=item.id))


def add_drawing(participant, conference, clean):
    """Keep the photo (already made safe by app/services/images.py) with the views."""
    item, _raised = save(participant, conference, {"has_drawing": True})
    drawing = drawing_of(item)
    if drawing is None:
        drawing = m.ViewsDrawing(contribution_id=item.id)
        db.session.add(drawing)
    drawing.content = clean.content
    drawing.content_type = clean.content_type
    drawing.size = len(clean.content)
    drawing.width, drawing.height = clean.width, clean.height
    drawing.created_at = m.utcnow()
    db.session.commit()
    return item


def drawing_refused(participant, conference, reason):
    audit.refused("views.drawing_refused", participant_id=participant.id,
                  conference_id=conference.id, detail=reason)


def remove_drawing(participant, conference, item):
    db.session.delete(drawing_of(item))
    save(participant, conference, {"has_drawing": False})


# --- staff -------------------------------------------------------------------------------


def helper_of(item):
    """The adult who last put these views in with or for the child, if one did."""
    answers = item.answers or {}
    if answers.get("made_by") not in journey.HELPER_ROLES:
        return None
    person = db.session.get(m.Participant, answers.get("made_by_id") or "")
    return person if person is not None and person.conference_id == item.conference_id else None


def mark_alert_seen(alert, staff_user_id):
    """Mark a safety alert seen by this member of staff; False if they had already."""
    if alert.seen_by(staff_user_id):
        return False
    alert.seen.append(m.SafetyAlertSeen(staff_user_id=staff_user_id))
    audit.record("views.safety_alert_seen", staff_user_id=staff_user_id,
                 conference_id=alert.conference_id, object_type="safety_alert",
                 object_id=alert.id, commit=True)
    return True


# --- reading -----------------------------------------------------------------------------


def read_by(viewer, conference, item):
    audit.noted("contribution.viewed", participant_id=viewer.participant_id,
                conference_id=conference.id, object_type="contribution", object_id=item.id)


def drawing_viewed(viewer, staff_user, conference, picture):
    audit.noted("views.drawing_viewed", participant_id=viewer.participant_id,
                staff_user_id=staff_user.id if staff_user else None,
                conference_id=conference.id, object_type="views_drawing", object_id=picture.id)


def printed(staff_user, conference, item):
    audit.noted("views.printed", staff_user_id=staff_user.id, conference_id=conference.id,
                object_type="contribution", object_id=item.id)
