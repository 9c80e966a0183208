"""Prepare: a parent's worksheet (saved section by section, sent as versions), their
practical needs and their private safety request. Plain rules; no Flask request here.

The worksheet's working copy lives in one Contribution row (kind "worksheet"): its
answers hold {"sections", "done", "audience", "revision", "sent_revision"}. Every
sending copies the sections into a ContributionVersion, so the conference keeps what
was sent even while the parent goes on changing the working copy.
"""

import dataclasses
from dataclasses import dataclass
from datetime import timedelta

from app.data import models as m
from app.extensions import db
from app.services import audit, messages
from app.web.translation import lazy_gettext as _l

WORKSHEET = "worksheet"
SAFETY_REQUEST = "safety_request"

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"

SECTION_LIMIT = 5000


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # lazy strings: translated when shown
    question: object
    prompt: object
    example: object


SECTIONS = (
    Section(
        "strengths", _l("What is working well"),
        _l("What is working well? What are your family's strengths?"),
        _l("Think about the good things in your family, and the people who help you."),
        _l("For example: we eat together every evening, and my sister helps with the "
           "school run."),
    ),
    Section(
        "worries", _l("Worries and what needs to change"),
        _l("What worries you? What do you think needs to change for your child to be safe?"),
        _l("You can say what worries you, and what you think about the worries of others."),
        _l("For example: I worry about money, and the arguments at home need to stop."),
    ),
    Section(
        "support", _l("Support the family needs"),
        _l("What support or services does your family need? How would they help?"),
        _l("Say what help you want, and how it would make things better."),
        _l("For example: a parenting course in the evening, so I can go after work."),
    ),
    Section(
        "next_steps", _l("Next steps"),
        _l("What could you, or other people, do next?"),
        _l("Small steps count. Say who could do what."),
        _l("For example: I will go to every school meeting, and my mum can help on "
           "Saturdays."),
    ),
    Section(
        "questions", _l("Questions for the conference"),
        _l("What do you want to ask at the conference?"),
        _l("Write down your questions now, so you do not forget them on the day."),
        _l("For example: how long will the plan last? Who do I call if I need help?"),
    ),
    Section(
        "daily_life", _l("Your child's daily life"),
        _l("What is your child's daily life like, as you see it?"),
        _l("Tell the conference about a normal day: school, meals, friends, bedtime."),
        _l("For example: she walks to school with her friend and loves drawing after tea."),
    ),
)
# A family with several children reads "your children", not "your child".
FOR_SEVERAL_CHILDREN = {
    "worries": {"question": _l("What worries you? What do you think needs to change for your "
                               "children to be safe?")},
    "daily_life": {"title": _l("Your children's daily life"),
                   "question": _l("What is your children's daily life like, as you see it?")},
}


def sections_for(conference):
    """The worksheet's questions in the words that fit the family's children."""
    if conference is None or len(conference.children) < 2:
        return SECTIONS
    return tuple(dataclasses.replace(section, **FOR_SEVERAL_CHILDREN.get(section.key, {}))
                 for section in SECTIONS)


SECTION_KEYS = tuple(section.key for section in SECTIONS)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}
AUDIENCES = (m.AUDIENCE_EVERYONE, m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER)


# --- the cut-off -------------------------------------------------------------


def cutoff(conference, participant=None):
    """When the worksheet closes: the conference start, or earlier where the authority
    says so (its timescales may hold "worksheet_cutoff_minutes_before"). For a parent
    meeting the chair separately, when that meeting starts: never the professionals'
    time."""
    settings = (conference.authority.timescales or {}) if conference.authority else {}
    try:
        minutes = max(int(settings.get("worksheet_cutoff_minutes_before") or 0), 0)
    except (TypeError, ValueError):
        minutes = 0
    closes = conference.starts_at - timedelta(minutes=minutes)
    if participant is not None:
        from app.services.arrangements import family_plan

        plan = family_plan(participant)
        if plan is not None and plan.separately:
            return plan.meets_chair_at
    return closes


def is_open(conference, now, participant=None):
    return now < cutoff(conference, participant)


# --- the worksheet's working copy --------------------------------------------


def empty_draft():
    return {"sections": {}, "done": [], "audience": None, "revision": 0,
            "sent_revision": None}


def own(participant, kind=WORKSHEET):
    # Read afresh, never from the session's memory: a save made by another request (the
    # same person on another device) since this one began must be seen before changing it.
    return db.session.scalar(
        db.select(m.Contribution).filter_by(author_id=participant.id, kind=kind)
        .execution_options(populate_existing=True)
    )


def lock(model, row_id):
    """Hold this row until the transaction ends (SELECT ... FOR UPDATE on PostgreSQL; on
    SQLite a write already takes the whole database). Every read-change-write of a
    person's worksheet, needs, safety request or views first locks their row, so two saves
    at once queue one behind the other and neither overwrites the other's answer."""
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks: a write that changes nothing takes its one write lock
        # now, before the read, so a second save waits for the first to commit.
        db.session.execute(db.update(model).where(model.id == row_id).values(id=model.id))
        return
    db.session.execute(db.select(model.id).where(model.id == row_id).with_for_update())


def lock_person(participant):
    lock(m.Participant, participant.id)


def text_mark(text):
    """A short fingerprint of a section's saved text, carried by the form that shows it:
    a save whose page showed another text than the one saved now is a conflict."""
    import hashlib

    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:16]


def draft_of(item):
    """The working copy of a worksheet (never None; older rows had flat answers)."""
    draft = empty_draft()
    if item is None:
        return draft
    answers = dict(item.answers or {})
    if "sections" in answers:
        draft.update(answers)
    else:
        draft["sections"] = {k: v for k, v in answers.items() if k in SECTION_KEYS}
        draft["audience"] = item.audience if item.sent_at else None
    return draft


def section_status(draft, key):
    if key in draft["done"]:
        return COMPLETED
    return IN_PROGRESS if (draft["sections"].get(key) or "").strip() else NOT_STARTED


def audience_status(draft):
    return COMPLETED if draft.get("audience") in AUDIENCES else NOT_STARTED


def has_unsent_changes(draft):
    return draft["sent_revision"] != draft["revision"]


def ready_to_send(draft):
    """At least one section written and the reader chosen."""
    written = any((text or "").strip() for text in draft["sections"].values())
    return written and audience_status(draft) == COMPLETED


def _working_copy(participant):
    item = own(participant)
    if item is None:
        item = m.Contribution(
            conference_id=participant.conference_id, author_id=participant.id,
            kind=WORKSHEET, answers=empty_draft(),
        )
        db.session.add(item)
    return item


def _store(item, draft, now):
    draft["revision"] = int(draft["revision"]) + 1
    item.answers = dict(draft)  # a new dict, so the encrypted column is written
    item.updated_at = now


class Conflict(Exception):
    """The section was changed elsewhere (another device or tab) after this page showed
    it, and the two texts differ: the person chooses which to keep."""

    def __init__(self, saved_text):
        super().__init__("section changed elsewhere")
        self.saved_text = saved_text


def save_section(participant, key, text, finished, now, seen=None):
    """Save one section. "Save and continue" marks it completed; "come back later"
    leaves it in progress. `seen` is the text_mark of the answer the page showed: if the
    saved answer has changed since to something else than this text, nothing is saved
    and Conflict says what is saved now."""
    lock_person(participant)
    item = _working_copy(participant)
    draft = draft_of(item)
    saved = draft["sections"].get(key) or ""
    if seen is not None and seen != text_mark(saved) and saved != (text or ""):
        db.session.rollback()
        raise Conflict(saved)
    sections = dict(draft["sections"])
    sections[key] = text or ""
    draft["sections"] = sections
    done = [k for k in draft["done"] if k != key]
    if finished:
        done.append(key)
    draft["done"] = done
    _store(item, draft, now)
    db.session.flush()
    audit.record("worksheet.saved", participant_id=participant.id,
                 conference_id=participant.conference_id, object_type="contribution",
                 object_id=item.id, detail=key)
    db.session.commit()
    return item


def save_audience(participant, audience, now):
    lock_person(participant)
    item = _working_copy(participant)
    draft = draft_of(item)
    draft["audience"] = audience
    _store(item, draft, now)
    db.session.flush()
    audit.record("worksheet.saved", participant_id=participant.id,
                 conference_id=participant.conference_id, object_type="contribution",
                 object_id=item.id, detail="audience")
    db.session.commit()
    return item


class SendResult:
    SENT = "sent"
    ALREADY_SENT = "already-sent"  # a double submit: the same revision was sent before
    CHANGED = "changed"  # the answers changed since the page was shown (another tab)
    NOT_READY = "not-ready"


def send_worksheet(participant, revision, now):
    """Send the working copy as a new version, once per revision. Returns (result, item)."""
    lock_person(participant)
    item = own(participant)
    draft = draft_of(item)
    if item is None or not ready_to_send(draft):
        return SendResult.NOT_READY, item
    if str(revision) != str(draft["revision"]):
        return SendResult.CHANGED, item
    if draft["sent_revision"] == draft["revision"]:
        return SendResult.ALREADY_SENT, item
    draft["sent_revision"] = draft["revision"]
    item.answers = dict(draft)
    _add_version(item, dict(draft["sections"]), draft["audience"], now)
    audit.record("worksheet.sent", participant_id=participant.id,
                 conference_id=participant.conference_id, object_type="contribution",
                 object_id=item.id, detail=f"version {item.version}")
    db.session.commit()
    return SendResult.SENT, item


def tell_staff(conference, roles, purpose="family-sent"):
    """Tell the staff in these roles that something new arrived (never what it says), once
    what was sent is saved: a mail outage loses nothing. The messages' records are kept."""
    messages.tell_staff_something_new(conference, roles, purpose=purpose)
    db.session.commit()


def _add_version(item, answers, audience, now):
    item.version = (item.version or 0) + 1
    item.sent_at = now
    item.audience = audience
    item.updated_at = now
    db.session.add(m.ContributionVersion(
        contribution=item, version=item.version, audience=audience, answers=answers,
        sent_at=now,
    ))
    db.session.flush()


def versions(item):
    """Every sending, newest first."""
    if item is None:
        return []
    return db.session.scalars(
        db.select(m.ContributionVersion).filter_by(contribution_id=item.id)
        .order_by(m.ContributionVersion.version.desc())
    ).all()


# --- the private safety request ------------------------------------------------

SAFETY_FIELDS = ("unsafe_with", "keep_from", "safe_contact", "messages_safe")


def send_safety_request(participant, answers, now):
    """Each sending goes straight to the chair and social worker, kept as a version.
    Saying messages are not safe stops every message but the sign-in codes they ask for.

    Returns the request, and whether this was a new sending: the same words sent again
    (a double press, or a resent page) are not a new version and tell nobody again."""
    lock_person(participant)
    item = own(participant, SAFETY_REQUEST)
    answers = {key: (answers.get(key) or "") for key in SAFETY_FIELDS}
    if item is not None and item.sent_at is not None and dict(item.answers or {}) == answers:
        return item, False
    if item is None:
        item = m.Contribution(
            conference_id=participant.conference_id, author_id=participant.id,
            kind=SAFETY_REQUEST, answers={},
        )
        db.session.add(item)
    item.answers = answers
    _add_version(item, dict(answers), m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER, now)
    participant.messages_safe = answers["messages_safe"] != "no"
    audit.record("safety_request.sent", participant_id=participant.id,
                 conference_id=participant.conference_id, object_type="contribution",
                 object_id=item.id, detail=f"version {item.version}")
    db.session.commit()
    return item, True


# --- practical needs -------------------------------------------------------------

NEEDS_FIELDS = (
    "interpreter", "language", "dialect", "supporter", "supporter_name",
    "supporter_relationship", "supporter_contact", "childcare", "transport",
    "accessibility", "attend",
)
ATTEND_CHOICES = ("in_person", "online", "hybrid", "phone", "cannot")


def own_needs(participant):
    return db.session.scalar(
        db.select(m.PracticalNeeds).filter_by(participant_id=participant.id)
        .execution_options(populate_existing=True)
    )


def needs_of_conference(conference):
    """Every family member's practical needs in one conference (who may read which is
    the access policy's to say)."""
    return db.session.scalars(
        db.select(m.PracticalNeeds).filter_by(conference_id=conference.id)).all()


# Practical needs in short steps: (step, its title, its fields, the answer that finishes it).
NEEDS_STEPS = (
    ("interpreter", _l("An interpreter"), ("interpreter", "language", "dialect"),
     "interpreter"),
    ("supporter", _l("Someone to support you"),
     ("supporter", "supporter_name", "supporter_relationship", "supporter_contact"),
     "supporter"),
    ("getting-there", _l("Getting there"), ("childcare", "transport", "accessibility"),
     "transport"),
    ("taking-part", _l("How you will take part"), ("attend",), "attend"),
)
NEEDS_STEP_KEYS = tuple(step[0] for step in NEEDS_STEPS)
# Text that only means something after a "yes": forgotten after a "no".
ONLY_AFTER_YES = {"interpreter": ("language", "dialect"),
                  "supporter": ("supporter_name", "supporter_relationship", "supporter_contact")}


def needs_step(key):
    return next((step for step in NEEDS_STEPS if step[0] == key), None)


def needs_step_status(answers, key):
    """A step is completed once its deciding question is answered."""
    return COMPLETED if (answers or {}).get(needs_step(key)[3]) else NOT_STARTED


def needs_status(answers):
    """The whole of practical needs: not started, in progress, or completed."""
    done = [needs_step_status(answers, key) == COMPLETED for key in NEEDS_STEP_KEYS]
    return COMPLETED if all(done) else IN_PROGRESS if any(done) else NOT_STARTED


def without_unwanted_text(answers):
    """The answers with the details of a "no" left out (a language typed before choosing
    "no", say, which a page without JavaScript still showed)."""
    kept = dict(answers)
    for question, details in ONLY_AFTER_YES.items():
        if kept.get(question) == "no":
            kept.update({field: "" for field in details})
    return kept


def save_needs(participant, answers, now, fields=NEEDS_FIELDS):
    """Save the answers to these fields (one step, or all), keeping the others."""
    lock_person(participant)
    row = own_needs(participant)
    if row is None:
        row = m.PracticalNeeds(conference_id=participant.conference_id,
                               participant_id=participant.id, answers={})
        db.session.add(row)
    kept = dict(row.answers or {})
    kept.update({key: answers.get(key) or "" for key in fields})
    row.answers = without_unwanted_text(kept)
    row.updated_at = now
    db.session.flush()
    audit.record("practical_needs.saved", participant_id=participant.id,
                 conference_id=participant.conference_id, object_type="practical_needs",
                 object_id=row.id)
    db.session.commit()
    return row


def mark_supporter_invited(row, supporter):
    answers = dict(row.answers)
    answers["supporter_participant_id"] = supporter.id
    row.answers = answers


def needs_summary(parents, needs_by_participant):
    """One line per need across the family, for example ("interpreter", "Polish",
    ["Morgan", "Casey"], True): the need, its detail, who asked, and whether that is
    every parent. `needs_by_participant` maps participant id to answers."""
    groups = {}
    order = []
    for person in parents:
        answers = needs_by_participant.get(person.id)
        if not answers:
            continue
        for need, detail in needs_of(answers):
            key = (need, detail.casefold())
            if key not in groups:
                groups[key] = (need, detail, [])
                order.append(key)
            groups[key][2].append(person)
    total = len(parents)
    return [(need, detail, people, total > 1 and len(people) == total)
            for need, detail, people in (groups[key] for key in order)]


def interpreting_needs(parents, needs_by_participant):
    """For the interpreter: each language the parents asked for, and how many asked.
    Only the language: their other needs are for the chair and social worker."""
    return [(detail, len(people), everyone)
            for need, detail, people, everyone in needs_summary(parents, needs_by_participant)
            if need == "interpreter" and detail]


def needs_of(answers):
    """(need, detail) pairs for one person's answers."""
    return list(_each_need(answers))


def _each_need(answers):
    if answers.get("interpreter") == "yes":
        detail = (answers.get("language") or "").strip()
        if (answers.get("dialect") or "").strip():
            detail += f" ({answers['dialect'].strip()})"
        yield "interpreter", detail
    if answers.get("supporter") == "yes":
        name = (answers.get("supporter_name") or "").strip()
        relationship = (answers.get("supporter_relationship") or "").strip()
        yield "supporter", f"{name} ({relationship})" if relationship else name
    for need in ("childcare", "transport"):
        if answers.get(need) == "yes":
            yield need, ""
    if (answers.get("accessibility") or "").strip():
        yield "accessibility", answers["accessibility"].strip()
    if answers.get("attend") in ATTEND_CHOICES:
        yield "attend_" + answers["attend"], ""


STATUS_NAMES = {
    NOT_STARTED: _l("Not started"),
    IN_PROGRESS: _l("In progress"),
    COMPLETED: _l("Completed"),
}
NEED_NAMES = {
    "interpreter": _l("Interpreter"),
    "supporter": _l("Bringing a supporter"),
    "childcare": _l("Help with childcare"),
    "transport": _l("Help with transport"),
    "accessibility": _l("Access needs"),
    "attend_in_person": _l("Taking part in person"),
    "attend_online": _l("Taking part online"),
    "attend_hybrid": _l("Taking part partly in the room, partly online"),
    "attend_phone": _l("Taking part by phone only"),
    "attend_cannot": _l("Cannot come: read out their written views"),
}
SAFETY_LABELS = {
    "unsafe_with": _l("Does not feel safe in the same room with"),
    "keep_from": _l("Contact details to keep from another attendee"),
    "safe_contact": _l("Safe way and time to contact them"),
    "messages_safe": _l("Messages to their phone or email are safe"),
}
