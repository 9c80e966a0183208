"""What happens to a conference's outcome and minutes: the chair records and publishes
the outcome and gives a parent their own version, the social worker marks a child as
told, the coordinator uploads and sends the minutes, and each family member reads them
and downloads their own copy through a short-lived link.

Functions whose docstring says "Commits" end the transaction, with their audit records
in it; the others leave it to their caller.
"""

import secrets
from datetime import timedelta

from flask import current_app

from app.data import models as m
from app.data.encryption import hash_secret
from app.extensions import db
from app.rules import access, clock, outcome_rules, timescales
from app.rules.clock import uk_time, utcnow
from app.services import audit, messages

OUTCOME = "outcome"
MINUTES = "minutes"


def outcome_of(conference):
    return db.session.scalar(db.select(m.Outcome).filter_by(conference_id=conference.id))


def minutes_of(conference):
    return db.session.scalar(db.select(m.Minutes).filter_by(conference_id=conference.id))


def version_of(outcome, recipient_id=None):
    """The plan everyone gets (recipient None), or one parent's own version."""
    if outcome is None:
        return None
    return next((v for v in outcome.versions if v.recipient_id == recipient_id), None)


def plan_data(version):
    """A version's plan as form data."""
    return {"body": version.body, "actions": version.actions or [{}]} if version else {}


def dates_data(outcome):
    """The next meetings' dates as recorded, as form data."""
    if outcome is None:
        return {}
    return {"first_core_group": outcome.first_core_group_on,
            "review_conference": outcome.review_on}


def decision_of(outcome, child_id):
    """The decision recorded for one child, or None."""
    return next((d for d in (outcome.decisions or []) if d.get("child_id") == child_id),
                None) if outcome else None


def left_to_record(conference, outcome):
    """What must still be recorded before publishing (see outcome_rules.left_to_record)."""
    general = version_of(outcome)
    return outcome_rules.left_to_record(outcome.decisions if outcome else None,
                                        [child.id for child in conference.children],
                                        general.body if general else None)


def own_version_parents(conference):
    """The people who may be given their own version of the outcome or the minutes."""
    return [p for p in conference.participants if access.may_get_own_version(p)]


# --- the family reads them -----------------------------------------------------------


def visible_outcome(viewer, conference):
    """(outcome, (kind, content)) this person may read, or (outcome, None)."""
    outcome = access.get_outcome(viewer, conference.id)
    view = access.outcome_view_for(viewer, outcome) if outcome else None
    if outcome is None or outcome.published_at is None:
        view = None
    return outcome, view


def visible_minutes(viewer, conference):
    """(minutes, version) this person may read, or (minutes, None)."""
    minutes = access.get_minutes(viewer, conference.id)
    version = access.minutes_version_for(viewer, minutes) if minutes else None
    if minutes is None or minutes.published_at is None:
        version = None
    return minutes, version


def outcome_viewed(viewer, conference, outcome):
    """Someone read the outcome. A child opening it themselves counts as that child being
    told (and only that child: a brother or sister is told on their own). Commits."""
    if (viewer.role in (m.YOUNG_PERSON, m.CHILD) and viewer.child_id
            and outcome.told(viewer.child_id) is None):
        outcome.children_told.append(m.ChildTold(
            child_id=viewer.child_id, told_at=utcnow(), how="child_opened"))
        audit.record("outcome.child_told", participant_id=viewer.participant_id,
                     conference_id=outcome.conference_id, object_type="child",
                     object_id=viewer.child_id, detail="child_opened")
    audit.record("outcome.viewed", participant_id=viewer.participant_id,
                 conference_id=conference.id, object_type="outcome", object_id=outcome.id)
    db.session.commit()


def minutes_viewed(viewer, conference, version):
    """Someone read the minutes. Commits."""
    audit.noted("minutes.viewed", participant_id=viewer.participant_id,
                conference_id=conference.id, object_type="minutes_version",
                object_id=version.id)


def _token_hash(token):
    return hash_secret("download:" + token, current_app.config["LOOKUP_PEPPER"])


def new_download_grant(kind, object_id, participant_id, session_id, password):
    """A grant for this person, in this signed-in session, for a few minutes, to download
    this one document; returns the random token its link holds (only its hash, the
    session, the person, the document and a chosen password, encrypted, are kept).
    Commits."""
    now = utcnow()
    # Grants that have run out are of no use to anyone: clear them away.
    db.session.execute(db.delete(m.DownloadGrant).where(m.DownloadGrant.expires_at < now))
    token = secrets.token_urlsafe(32)
    db.session.add(m.DownloadGrant(
        token_hash=_token_hash(token), session_id=session_id,
        participant_id=participant_id, kind=kind, object_id=object_id,
        password=password or None, created_at=now,
        expires_at=now + timedelta(seconds=current_app.config["DOWNLOAD_LINK_SECONDS"])))
    db.session.commit()
    return token


def live_grant(token, session_id, participant_id):
    """The download grant this token stands for, if it is live and was made for this
    person in this very session; else None."""
    grant = db.session.scalar(db.select(m.DownloadGrant).filter_by(
        token_hash=_token_hash(token[:100])))
    if (grant is None or grant.expires_at < utcnow()
            or not secrets.compare_digest(grant.session_id, session_id)
            or grant.participant_id != participant_id):
        return None
    return grant


def downloaded(event, participant, conference, object_type, object_id, password):
    """A copy downloaded (with a password or not). Commits."""
    audit.noted(event, participant_id=participant.id, conference_id=conference.id,
                object_type=object_type, object_id=object_id,
                detail="password" if password else "")


# --- staff record and publish the outcome --------------------------------------------


def date_checks(conference, core_group_day, review_day):
    """Warnings for planned dates later than practice allows (saving is still allowed)."""
    ts = timescales.for_authority(conference.authority)
    day = conference.starts_at.date()
    return {
        "core_group": outcome_rules.check_first_core_group(
            ts, conference.conference_type, day, core_group_day),
        "review": outcome_rules.check_review_conference(
            ts, conference.conference_type, day, review_day),
    }


def outcome_due(conference):
    return outcome_rules.outcome_due(timescales.for_authority(conference.authority),
                                     conference.starts_at)


def minutes_due(conference):
    return outcome_rules.minutes_due(timescales.for_authority(conference.authority),
                                     conference.starts_at)


def save_outcome_part(conference, viewer, outcome, part, values, staff_user_id):
    """One step of the outcome as the chair recorded it. `part` names the step: "decision"
    (`values["decision"]`, one child's), "plan" (body and actions, for everyone), "dates"
    (first_core_group_on, review_on as days) or "child_summary". The outcome is made at
    the chair's first step. Returns it. Commits."""
    if outcome is None:
        outcome = m.Outcome(conference_id=conference.id, decisions=[])
        outcome.versions.append(m.OutcomeVersion(body="", actions=[]))
        db.session.add(outcome)
    outcome.recorded_by_id = viewer.participant_id
    if part == "decision":
        outcome.decisions = _with_decision(conference, outcome.decisions, values["decision"])
    elif part == "plan":
        general = version_of(outcome)
        general.body, general.actions = values["body"], values["actions"]
    else:
        for key in ("first_core_group_on", "review_on", "child_summary"):
            if key in values:
                setattr(outcome, key, values[key])
    db.session.flush()
    audit.record("outcome.saved", staff_user_id=staff_user_id, conference_id=conference.id,
                 object_type="outcome", object_id=outcome.id, detail=part)
    db.session.commit()
    return outcome


def _with_decision(conference, decisions, decision):
    """The decisions with one child's replaced, in the order of the conference's children
    (a new list, so the encrypted column sees the change)."""
    order = [child.id for child in conference.children]
    kept = [d for d in decisions or [] if d["child_id"] != decision["child_id"]]
    return sorted([*kept, decision], key=lambda d: order.index(d["child_id"])
                  if d["child_id"] in order else len(order))


def publish(conference, outcome, staff_user_id):
    """The outcome goes to the family, who are told there is something new. Returns the
    deadline status (done on time or late) and the target. Commits."""
    outcome.published_at = utcnow()
    # Deadlines are in UK wall-clock time, like the conference's own start.
    now = clock.uk_now()
    due = outcome_due(conference)
    status = outcome_rules.deadline_status(due, now, now)
    audit.record("outcome.published", staff_user_id=staff_user_id,
                 conference_id=conference.id, object_type="outcome", object_id=outcome.id,
                 detail=status)
    messages.tell_family_who_may_see(
        conference, lambda viewer: access.can_see_outcome(viewer, outcome))
    db.session.commit()
    return status, due


def has_started(conference):
    """Whether the meeting has started (and is going ahead): nothing is decided before."""
    return access.has_started(conference, clock.uk_now())


def may_publish(viewer, conference):
    """The chair publishes the outcome only once the conference has started."""
    return access.can_publish_outcome(viewer, conference, clock.uk_now())


def how_told(person):
    """How a family member will be told the outcome is out, or why they will not be."""
    if not messages.may_message(person, "something-new"):
        return "unsafe"
    if person.email:
        return "email"
    return "sms" if person.mobile else "none"


def publish_check(conference, outcome):
    """Check before you publish: each family member who will read the outcome, with
    exactly what they get and how they will be told: [(person, kind, content, how)]."""
    return [(person, kind, content, how_told(person))
            for person, (kind, content) in access.outcome_recipients(
                conference, outcome, utcnow())]


def publish_refused(conference, outcome, staff_user_id, reason="not_started"):
    """Publishing before the conference has started, or before every step is recorded, is
    refused, and audited. Commits."""
    audit.refused("outcome.publish_refused", staff_user_id=staff_user_id,
                  conference_id=conference.id, object_type="outcome", object_id=outcome.id,
                  detail=reason)


def save_parent_version(outcome, conference, person, own, values, staff_user_id):
    """One parent's own version of the plan (values: body, actions, dissent). Commits."""
    if own is None:
        own = m.OutcomeVersion(recipient_id=person.id, body="")
        outcome.versions.append(own)
    own.body = values["body"]
    own.actions = values["actions"]
    own.dissent = values["dissent"]
    db.session.flush()
    audit.record("outcome.version_saved", staff_user_id=staff_user_id,
                 conference_id=conference.id, object_type="participant", object_id=person.id)
    db.session.commit()


def remove_parent_version(own, conference, person, staff_user_id):
    """The parent gets the same as everyone again. Commits."""
    if own is None:
        return
    db.session.delete(own)
    audit.record("outcome.version_removed", staff_user_id=staff_user_id,
                 conference_id=conference.id, object_type="participant", object_id=person.id)
    db.session.commit()


def child_to_tell(conference, child_id):
    """(outcome, child) when the outcome is out and the child is this conference's."""
    outcome = outcome_of(conference)
    child = db.session.get(m.Child, child_id)
    if (outcome is None or outcome.published_at is None or child is None
            or child.conference_id != conference.id):
        return None
    return outcome, child


def child_told(outcome, child, staff_user_id):
    """The social worker has told the child (once). Commits."""
    if outcome.told(child.id) is None:
        outcome.children_told.append(m.ChildTold(
            child_id=child.id, told_at=utcnow(), how="social_worker"))
        audit.record("outcome.child_told", staff_user_id=staff_user_id,
                     conference_id=outcome.conference_id, object_type="child",
                     object_id=child.id, detail="social_worker")
        db.session.commit()


# --- minutes ---------------------------------------------------------------------------


def minutes_refused(conference, staff_user_id, reasons):
    """Each minutes file refused on upload, in the audit trail. Commits."""
    for reason in reasons:
        audit.refused("minutes.upload_refused", staff_user_id=staff_user_id,
                      conference_id=conference.id, detail=reason)


def store_minutes(conference, minutes, recipient_id, data, pages, staff_user_id):
    """A copy of the minutes for everyone or for one parent; it replaces the one before.
    Commits."""
    if minutes is None:
        minutes = m.Minutes(conference_id=conference.id)
        db.session.add(minutes)
    minutes.uploaded_by_id = staff_user_id
    replaced = [v for v in minutes.versions if v.recipient_id == recipient_id]
    for old in replaced:
        minutes.versions.remove(old)
    version = m.MinutesVersion(recipient_id=recipient_id, content=data, size=len(data),
                               pages=pages)
    minutes.versions.append(version)
    db.session.flush()
    audit.record("minutes.uploaded", staff_user_id=staff_user_id, conference_id=conference.id,
                 object_type="minutes_version", object_id=version.id,
                 detail=f"replaces {replaced[0].id}" if replaced else "")
    if minutes.published_at is not None:
        # Already sent: whoever reads this copy is told there is something new.
        messages.tell_family_who_may_see(
            conference, lambda viewer: access.minutes_version_for(viewer, minutes) is version)
    db.session.commit()
    return minutes


def minutes_to_send(conference):
    """The minutes, if there is a copy for everyone to send."""
    minutes = minutes_of(conference)
    if minutes is None or not any(v.recipient_id is None for v in minutes.versions):
        return None
    return minutes


def may_send_minutes(viewer, conference):
    """Minutes record a meeting: they go out only once it has started."""
    return access.can_publish_minutes(viewer, conference, clock.uk_now())


def publish_minutes(conference, minutes, staff_user_id):
    """The minutes go to the family (once), who are told there is something new. True if
    they were sent now. Commits."""
    if minutes.published_at is not None:
        return False
    minutes.published_at = utcnow()
    now = clock.uk_now()
    status = outcome_rules.deadline_status(minutes_due(conference), now, now)
    audit.record("minutes.published", staff_user_id=staff_user_id,
                 conference_id=conference.id, object_type="minutes", object_id=minutes.id,
                 detail=status)
    messages.tell_family_who_may_see(
        conference, lambda viewer: access.can_see_minutes(viewer, minutes))
    db.session.commit()
    return True


# --- the staff dashboard -----------------------------------------------------------------


def deadlines(work):
    """What is due or late after each conference that has taken place, for the dashboard,
    from its open work (caseload.open_work), with no further queries.

    Conference times and deadlines are UK wall-clock times; recorded moments are UTC."""
    now = clock.uk_now()
    rows = []
    past = [c for c in work.conferences if c.starts_at <= now and c.status != "cancelled"]
    for conference in past:
        viewer = work.viewers.get(conference.id)
        if viewer is None:
            continue
        ts = timescales.for_authority(conference.authority)
        outcome, minutes = work.outcomes.get(conference.id), work.minutes.get(conference.id)
        published = uk_time(outcome.published_at) if outcome else None
        items = [("outcome", outcome_rules.outcome_due(ts, conference.starts_at), published,
                  None),
                 ("minutes", outcome_rules.minutes_due(ts, conference.starts_at),
                  uk_time(minutes.published_at) if minutes else None, None)]
        if published:
            # Each child is told on their own; a child can only be told once it is out.
            for child in conference.children:
                told = work.told.get(child.id)
                items.append(("child_told", outcome_rules.child_told_due(ts, conference.starts_at),
                              uk_time(told.told_at) if told else None, child))
        for what, due, done_at, child in items:
            status = outcome_rules.deadline_status(due, done_at, now)
            if status in (outcome_rules.DUE, outcome_rules.LATE):
                rows.append({"conference": conference, "what": what, "due": due, "child": child,
                             "late": status == outcome_rules.LATE, "viewer": viewer})
    return rows
