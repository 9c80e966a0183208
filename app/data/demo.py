"""Fictional demo data: two separate conferences of one made-up authority.

Nobody here is a real person: names are invented, email addresses use the
reserved example.com domain and phone numbers the range set aside for drama.
"""

from datetime import datetime, time, timedelta

from app.data import models as m
from app.extensions import db
from app.services import signin

DEMO_STAFF_PASSWORD = "demo-only-password"
AUTHORITY_NAME = "Eastmere Borough Council (demo)"

# Two families, each invented for the demo.
FAMILIES = {
    "A": {
        "children": [("Tilly", 9), ("Ravi", 14)],
        "parents": ["Morgan Ashdown", "Casey Ashdown"],
        "young_person": "Ravi",
        "advocate": ("Sam Okafor", "Tilly"),
        "supporter": "Pat Fenwick",
        "interpreter": ("Dana Kowal", "ur"),
        "social_worker": ("Robin Hale", "robin.hale@example.com"),
        "chair": ("Jordan Vance", "jordan.vance@example.com"),
        "police": "PC Lee Marsh",
        "school": "Kim Ostrow",
        "days_ahead": 9,
        "type": "initial",
    },
    "B": {
        "children": [("Esme", 12), ("Alfie", 7)],
        "parents": ["Sasha Brindle", "Ellis Brindle"],
        "young_person": "Esme",
        "advocate": ("Remi Adler", "Alfie"),
        "supporter": "Avery Quill",
        "interpreter": ("Nia Pryce", "cy"),
        "social_worker": ("Toby Wren", "toby.wren@example.com"),
        "chair": ("Harper Sloane", "harper.sloane@example.com"),
        "police": "DC Rowan Tate",
        "school": "Jules Marlow",
        "days_ahead": 16,
        "type": "review",
        # The chair decided this parent meets the chair on their own (fictional).
        "separately": "Ellis Brindle",
    },
}


def _next_weekday(start, days_ahead):
    day = start + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def is_loaded():
    return db.session.scalar(db.select(m.Authority).filter_by(name=AUTHORITY_NAME)) is not None


def load(pepper, now=None):
    """Create the demo authority, staff and conferences. Returns nothing if already loaded."""
    now = now or m.utcnow()
    authority = m.Authority(
        name=AUTHORITY_NAME, nation="england", phone="0300 000 0000",
        email="conferences@example.com", complaints_url="https://example.com/complaints",
        chair_contact="The conference chairs' team: conferences@example.com",
        timescales={}, reviewed_languages=[], duty_email="duty@example.com",
    )
    db.session.add(authority)
    db.session.add(m.StaffUser(
        authority=authority, email="admin@example.com", name="Demo Administrator",
        role="admin", password_hash=signin.hash_password(DEMO_STAFF_PASSWORD),
        totp_secret=signin.new_totp_secret(),
    ))
    mobile = 900100
    for key, family in FAMILIES.items():
        day = _next_weekday(now.date(), family["days_ahead"])
        conference = m.Conference(
            authority=authority, conference_type=family["type"],
            starts_at=datetime.combine(day, time(10, 30)),
            premeet_at=datetime.combine(day, time(10, 0)),
            format="hybrid", venue="Room 2, Civic Centre, Eastmere (demo)",
            joining_details="An online meeting link will be sent by your social worker.",
        )
        db.session.add(conference)
        children = {}
        for first_name, age in family["children"]:
            child = m.Child(first_name=first_name, age=age)
            conference.children.append(child)
            children[first_name] = child
        db.session.flush()

        def person(role, name, conference=conference, agency="", language="en", child=None,
                   staff=None, email=True, mobile_phone=True, key=key):
            nonlocal mobile
            mobile += 1
            slug = name.lower().replace(" ", ".").replace("pc.", "").replace("dc.", "")
            participant = m.Participant(
                conference=conference, role=role, name=name, agency=agency, language=language,
                child_id=child.id if child else None, staff_user=staff,
            )
            signin.set_contact_details(
                participant, f"{slug}.{key.lower()}@example.com" if email else None,
                f"07700 {mobile:06d}"[:13] if mobile_phone else None, pepper,
            )
            db.session.add(participant)
            return participant

        for name in family["parents"]:
            parent = person(m.PARENT, name)
            if name == family.get("separately"):
                db.session.flush()
                db.session.add(m.TakingPart(
                    conference_id=conference.id, participant_id=parent.id,
                    mode=m.SEPARATELY, meets_how=m.SEPARATE_VIDEO,
                    reason="Demo only: the chair judged that meeting together would raise "
                           "the risk to this parent.",
                    meets_chair_at=datetime.combine(day, time(9, 0)),
                    joining_details="Your own video link for your meeting with the chair "
                                    "(demo).",
                    outcome_by=m.OUTCOME_ON_PAPER, outcome_password=False))
        person(m.YOUNG_PERSON, family["young_person"] + " " + family["parents"][0].split()[-1],
               child=children[family["young_person"]], email=False)
        # A younger child takes part through their advocate.
        advocate_name, advocate_for = family["advocate"]
        person(m.ADVOCATE, advocate_name, agency="Advocacy service", child=children[advocate_for])
        person(m.SUPPORTER, family["supporter"])
        interpreter_name, language = family["interpreter"]
        person(m.INTERPRETER, interpreter_name, language=language)
        for role in (m.SOCIAL_WORKER, m.CHAIR):
            name, email = family[role]
            staff = m.StaffUser(
                authority=authority, email=email, name=name, role=role,
                password_hash=signin.hash_password(DEMO_STAFF_PASSWORD),
                totp_secret=signin.new_totp_secret(),
            )
            db.session.add(staff)
            person(role, name, agency="Children's services", staff=staff)
        person(m.PROFESSIONAL, family["police"], agency="Police")
        # Not everyone has both: the young person has only a mobile, the school only an
        # email, and each is reached (and signs in) by the one they have.
        person(m.PROFESSIONAL, family["school"], agency="School", mobile_phone=False)
    db.session.commit()


def people(make_link):
    """Every demo person, with a fresh sign-in link (and staff credentials)."""
    authority = db.session.scalar(db.select(m.Authority).filter_by(name=AUTHORITY_NAME))
    conferences = db.session.scalars(
        db.select(m.Conference).filter_by(authority_id=authority.id)
        .order_by(m.Conference.starts_at)
    ).all()
    out = []
    for label, conference in zip("AB", conferences, strict=False):
        for participant in conference.participants:
            entry = {
                "conference": label,
                "conference_id": conference.id,
                "role": participant.role,
                "name": participant.name,
                "email": participant.email,
                "mobile": participant.mobile,
                "language": participant.language,
                "sign_in_link": make_link(participant),
            }
            if participant.staff_user:
                entry.update(staff_email=participant.staff_user.email,
                             password=DEMO_STAFF_PASSWORD,
                             totp_secret=participant.staff_user.totp_secret)
            out.append(entry)
    admin = db.session.scalar(db.select(m.StaffUser).filter_by(email="admin@example.com"))
    out.append({"conference": None, "role": "admin", "name": admin.name,
                "staff_email": admin.email, "password": DEMO_STAFF_PASSWORD,
                "totp_secret": admin.totp_secret})
    db.session.commit()
    return out
