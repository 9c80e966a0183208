"""Many more fictional conferences in the demo authority, to see how pages behave at scale.

`flask demo --conferences 10000` adds them through the app's own models, so names, free
text and documents are really encrypted. Three years of history and a few months ahead;
the demo's first chair and social worker sit in about one conference in twenty, as a busy
chair would. Every name is invented from short lists: nobody here is a real person.
"""

import random
from datetime import datetime, time, timedelta

from app.data import models as m
from app.extensions import db

FIRST_NAMES = ("Ari", "Bo", "Cal", "Dee", "Eli", "Fen", "Gus", "Hal", "Ivo", "Jem", "Kit",
               "Lux", "Moe", "Nel", "Oz", "Pip", "Quin", "Roo", "Sol", "Tam")
FAMILY_NAMES = ("Alder", "Birchwood", "Cobble", "Dunmore", "Elmstead", "Foxley", "Garrow",
                "Hollin", "Ivybridge", "Juniper", "Kestrel", "Larkspur", "Moorcroft")
PDF = b"%PDF-1.4\n% a fictional report for load testing\n%%EOF\n"


def _days(rng, now, days=None):
    """Most conferences are history; a few are coming up. `days`: (first, last) days from
    now to draw from instead."""
    if days is not None:
        return now + timedelta(days=rng.randint(*days))
    if rng.random() < 0.08:
        return now + timedelta(days=rng.randint(1, 120))
    return now - timedelta(days=rng.randint(1, 3 * 365))


def add_conferences(count, pepper, seed=1, now=None, staff_share=20, days=None,
                    theirs_done=False):
    """Add `count` conferences; returns how many the demo's first chair sits in.

    `days`: (first, last) days from now for every conference (default: three years of
    history and a few months ahead). `theirs_done`: the demo chair's and social worker's
    new conferences are all history with nothing left to do, to grow the authority around
    a chair's current work without adding to it."""
    from app.data.demo import AUTHORITY_NAME, FAMILIES

    rng = random.Random(seed)
    now = now or m.utcnow()
    authority = db.session.scalar(db.select(m.Authority).filter_by(name=AUTHORITY_NAME))
    chair, social_worker = (
        db.session.scalar(db.select(m.StaffUser).filter_by(email=FAMILIES["A"][role][1]))
        for role in (m.CHAIR, m.SOCIAL_WORKER))
    # Ids are given here rather than by a flush per conference, so rows reach the database
    # in batches of hundreds, in three steps: conferences with their children and people,
    # then what refers to those, then the alerts that refer to a child's views.
    steps = ([], [], [])
    theirs = 0
    for number in range(count):
        family = rng.choice(FAMILY_NAMES)
        mine = number % staff_share == 0
        when = (-3 * 365, -31) if theirs_done and mine else days
        starts_at = datetime.combine(_days(rng, now, when).date(), time(10, 30))
        conference = m.Conference(
            id=m.new_id(), authority_id=authority.id,
            conference_type=rng.choice(m.CONFERENCE_TYPES),
            starts_at=starts_at, premeet_at=starts_at - timedelta(minutes=30),
            format=rng.choice(m.CONFERENCE_FORMATS), venue="Room 1, Civic Centre (demo)",
            status="scheduled")
        children = [m.Child(id=m.new_id(), first_name=rng.choice(FIRST_NAMES),
                            age=rng.randint(2, 16))
                    for _ in range(rng.randint(1, 3))]
        conference.children.extend(children)
        theirs += mine
        people = [m.Participant(id=m.new_id(), role=m.PARENT,
                                name=f"{rng.choice(FIRST_NAMES)} {family}")
                  for _ in range(2)]
        people.append(m.Participant(id=m.new_id(), role=m.PROFESSIONAL, name="Demo Teacher",
                                    agency="School"))
        people.append(m.Participant(id=m.new_id(), role=m.CHAIR,
                                    name=chair.name if mine else "Demo Chair",
                                    agency="Children's services",
                                    staff_user_id=chair.id if mine else None))
        people.append(m.Participant(
            id=m.new_id(), role=m.SOCIAL_WORKER,
            name=social_worker.name if mine else "Demo Social Worker",
            agency="Children's services", staff_user_id=social_worker.id if mine else None))
        conference.participants.extend(people)
        steps[0].append(conference)
        report = m.Report(conference_id=conference.id, author_id=people[2].id, agency="School",
                          author_role="Class teacher", title="School report",
                          summary="Attendance and how the children are getting on.",
                          sharing=m.SHARING_FAMILY, shared_at=starts_at - timedelta(days=5))
        report.versions.append(m.ReportVersion(content=PDF, size=len(PDF), pages=1))
        steps[1].append(report)
        if starts_at < now:
            steps[1].extend(_after_the_meeting(rng, conference, children, people, starts_at,
                                               now))
        if rng.random() < 0.1:
            views = m.Contribution(id=m.new_id(), conference_id=conference.id,
                                   author_id=people[0].id, kind="views",
                                   child_id=children[0].id, answers={},
                                   sent_at=starts_at - timedelta(days=2), version=1)
            steps[1].append(views)
            alert = m.SafetyAlert(conference_id=conference.id, contribution_id=views.id,
                                  child_id=children[0].id, raised_by_id=people[0].id,
                                  answer="safe:not_sure", created_at=views.sent_at)
            # Old alerts were dealt with long ago.
            if starts_at < now - timedelta(days=30):
                alert.seen.extend([m.SafetyAlertSeen(staff_user_id=chair.id),
                                   m.SafetyAlertSeen(staff_user_id=social_worker.id)])
            steps[2].append(alert)
        if number % 500 == 499 or number == count - 1:
            for rows in steps:
                db.session.add_all(rows)
                db.session.flush()
                rows.clear()
            db.session.commit()
    return theirs


def _after_the_meeting(rng, conference, children, people, starts_at, now):
    """Past conferences have their outcome and minutes, mostly on time."""
    if starts_at > now - timedelta(days=3):
        return []  # still being written
    outcome = m.Outcome(
        conference_id=conference.id, recorded_by_id=people[3].id,
        decisions=[{"child_id": c.id, "plan": True, "category": "neglect"} for c in children],
        child_summary="The grown-ups agreed a plan to help at home.",
        published_at=starts_at + timedelta(hours=rng.randint(2, 30)))
    outcome.versions.append(m.OutcomeVersion(body="Things will be checked at the review.",
                                             actions=[]))
    outcome.children_told.extend(
        m.ChildTold(child_id=c.id, told_at=outcome.published_at, how="social_worker")
        for c in children)
    if starts_at >= now - timedelta(days=21):
        return [outcome]
    minutes = m.Minutes(conference_id=conference.id,
                        published_at=starts_at + timedelta(days=rng.randint(5, 20)))
    minutes.versions.append(m.MinutesVersion(content=PDF, size=len(PDF), pages=1))
    return [outcome, minutes]
