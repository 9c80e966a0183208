"""Who sees which outcome and minutes: every role, in its own conference (A) and the
other demo conference (B), including a parent with a redacted version and the other parent.
"""

import pytest
from conftest import Person, participant, sign_in, staff_sign_in

from app.data import demo
from app.data import models as m
from app.extensions import db
from app.services import signin

NOW = m.utcnow()

# role (index) -> (what /outcome shows, whether /minutes opens)
FAMILY = {
    ("parent", 0): ("redacted", True),
    ("parent", 1): ("general", True),
    ("young_person", 0): ("summary", False),
    ("advocate", 0): ("summary", False),
    ("supporter", 0): (None, False),
    ("interpreter", 0): (None, False),
    ("professional", 0): ("general", True),
    ("professional", 1): ("general", True),
    ("coordinator", 0): ("general", True),
    ("social_worker", 0): ("general", True),
    ("chair", 0): ("general", True),
}
TEXT = {"redacted": "Redacted plan {c}", "general": "General plan {c}",
        "summary": "Summary for the child {c}"}
MINUTES = {"redacted": b"minutes for one parent {c}", "general": b"general minutes {c}"}


def _fictional_pdf(words):
    return (b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% " + words + b"\ntrailer<<>>\n%%EOF")


def _publish_everything():
    for label in ("A", "B"):
        conference = participant("chair", label).conference
        redacted_parent = participant("parent", label, 0)
        outcome = m.Outcome(conference_id=conference.id, published_at=NOW,
                            decisions=[{"child_id": c.id, "plan": True, "category": "neglect"}
                                       for c in conference.children],
                            child_summary=TEXT["summary"].format(c=label))
        outcome.versions.append(m.OutcomeVersion(body=TEXT["general"].format(c=label),
                                                 actions=[]))
        minutes = m.Minutes(conference_id=conference.id, published_at=NOW)
        minutes.versions.append(m.MinutesVersion(
            content=_fictional_pdf(MINUTES["general"].replace(b"{c}", label.encode())),
            size=1, pages=1))
        if label == "A":
            outcome.versions.append(m.OutcomeVersion(
                recipient_id=redacted_parent.id, body=TEXT["redacted"].format(c=label)))
            minutes.versions.append(m.MinutesVersion(
                recipient_id=redacted_parent.id, size=1, pages=1,
                content=_fictional_pdf(MINUTES["redacted"].replace(b"{c}", b"A"))))
        db.session.add_all([outcome, minutes])
        child = conference.children[0]
        for role, name in (("advocate", f"Fictional Advocate {label}"),
                           ("coordinator", f"Fictional Coordinator {label}")):
            person = m.Participant(conference=conference, role=role, name=name,
                                   child_id=child.id if role == "advocate" else None)
            signin.set_contact_details(person, f"{role}.{label.lower()}@example.com", None,
                                       "test-secret-key-that-is-long-enough-000")
            db.session.add(person)
    db.session.commit()


@pytest.mark.parametrize("role_index", sorted(FAMILY), ids=lambda r: f"{r[0]}-{r[1]}")
def test_each_role_sees_only_its_own_outcome_and_minutes(app, role_index):
    _publish_everything()
    role, index = role_index
    shows, minutes_open = FAMILY[role_index]
    for label, other in (("A", "B"), ("B", "A")):
        if shows == "redacted" and label == "B":
            shows_here = "general"  # only conference A has a redacted version
        else:
            shows_here = shows
        visitor = sign_in(app, participant(role, label, index))
        response = visitor.get("/outcome")
        page = response.get_data(as_text=True)
        if shows_here is None:
            assert response.status_code == 404
        else:
            assert response.status_code == 200
            assert TEXT[shows_here].format(c=label) in page
            for kind, text in TEXT.items():
                if kind != shows_here:
                    assert text.format(c=label) not in page, kind
                assert text.format(c=other) not in page
        minutes = visitor.get("/minutes")
        assert minutes.status_code == (200 if minutes_open else 404)
        if minutes_open:
            link = visitor.post("/minutes/link", {"password": ""}, form_url="/minutes")
            pdf = visitor.get(link.headers["Location"]).data
            expected = MINUTES[shows_here if shows_here != "summary" else "general"]
            assert expected.replace(b"{c}", label.encode()) in pdf


def test_anonymous_visitors_get_nothing(app):
    _publish_everything()
    visitor = Person(app)
    for url in ("/outcome", "/minutes"):
        response = visitor.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    conference_id = participant("chair").conference_id
    for suffix in ("/outcome", "/minutes"):
        response = visitor.get(f"/staff/conferences/{conference_id}{suffix}")
        assert response.status_code in (302, 404)


def _coordinator_account(conference):
    user = m.StaffUser(authority_id=conference.authority_id, email="coordinator@example.com",
                       name="Fictional Coordinator", role="coordinator",
                       password_hash=signin.hash_password(demo.DEMO_STAFF_PASSWORD),
                       totp_secret=signin.new_totp_secret())
    db.session.add(user)
    db.session.add(m.Participant(conference=conference, role="coordinator",
                                 name="Fictional Coordinator", staff_user=user))
    db.session.commit()
    return user


STAFF = {  # role -> staff pages (of their own conference) that open
    "chair": {"/outcome", "/outcome/versions/PARENT", "/minutes"},
    "social_worker": set(),
    "coordinator": {"/minutes"},
    "admin": {"/outcome", "/outcome/versions/PARENT", "/minutes"},
}


@pytest.mark.parametrize("role", sorted(STAFF))
def test_staff_pages_by_role_in_own_and_other_conference(app, role):
    _publish_everything()
    own = participant("chair", "A").conference
    other = participant("chair", "B").conference
    if role == "coordinator":
        user = _coordinator_account(own)
    elif role == "admin":
        user = db.session.scalar(db.select(m.StaffUser).filter_by(role="admin"))
    else:
        user = participant(role, "A").staff_user
    visitor = staff_sign_in(app, user)
    for conference in (own, other):
        parent = participant("parent", "A" if conference is own else "B")
        for suffix in ("/outcome", "/outcome/versions/PARENT", "/minutes"):
            url = f"/staff/conferences/{conference.id}{suffix.replace('PARENT', parent.id)}"
            opens = suffix in STAFF[role] and (conference is own or role == "admin")
            assert visitor.get(url).status_code == (200 if opens else 404), url
