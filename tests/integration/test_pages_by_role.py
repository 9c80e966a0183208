"""Every page against every role, in the person's own conference and the other one:
what a person may not use answers 404, as if it did not exist."""


import pytest
from conftest import Person, participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db

# role -> pages that answer 200 (all other family pages answer 404)
FAMILY_PAGES = ("/home", "/prepare", "/views", "/reports", "/reports/new", "/outcome")
OPEN = {
    "parent": {"/home", "/prepare", "/reports", "/outcome"},
    "young_person": {"/home", "/views", "/reports", "/outcome"},
    "advocate": {"/home", "/views", "/reports", "/outcome"},
    "supporter": {"/home", "/reports"},
    "interpreter": {"/home", "/reports"},
    "professional": {"/home", "/reports", "/reports/new", "/outcome"},
}


def _publish_outcomes():
    for conference in db.session.scalars(db.select(m.Conference)):
        outcome = m.Outcome(conference_id=conference.id, decisions=[], published_at=m.utcnow(),
                            child_summary="Fictional summary")
        outcome.versions.append(m.OutcomeVersion(body="Fictional plan"))
        db.session.add(outcome)
    db.session.commit()


@pytest.mark.parametrize("role", sorted(OPEN))
def test_family_and_professional_pages_by_role(sqlite_app, role):
    _publish_outcomes()
    visitor = sign_in(sqlite_app, participant(role, "A"))
    got = {url: visitor.get(url).status_code for url in FAMILY_PAGES}
    expected = {url: 200 if url in OPEN[role] else 404 for url in FAMILY_PAGES}
    assert got == expected
    # Staff pages, of either conference, do not exist for them.
    for label in ("A", "B"):
        conference_id = participant("chair", label).conference_id
        for url in (f"/staff/conferences/{conference_id}", "/staff/",
                    f"/staff/conferences/{conference_id}/outcome"):
            assert visitor.get(url).status_code == 404, url


STAFF_PAGES = ("", "/invite", "/outcome")
STAFF_OPEN = {
    "chair": {"", "/invite", "/outcome"},
    "social_worker": {"", "/invite"},
}


@pytest.mark.parametrize("role", sorted(STAFF_OPEN))
def test_staff_pages_by_role_in_own_and_other_conference(sqlite_app, role):
    person = participant(role, "A")
    visitor = staff_sign_in(sqlite_app, person.staff_user)
    own = person.conference_id
    other = participant(role, "B").conference_id
    for suffix in STAFF_PAGES:
        expected = 200 if suffix in STAFF_OPEN[role] else 404
        assert visitor.get(f"/staff/conferences/{own}{suffix}").status_code == expected, suffix
        assert visitor.get(f"/staff/conferences/{other}{suffix}").status_code == 404, suffix
    # Family pages are not theirs: a staff account is not a family member.
    assert visitor.get("/prepare").status_code == 404


def test_admin_sees_every_conference_of_the_authority(sqlite_app):
    admin = db.session.scalar(db.select(m.StaffUser).filter_by(role="admin"))
    visitor = staff_sign_in(sqlite_app, admin)
    for label in ("A", "B"):
        conference_id = participant("chair", label).conference_id
        assert visitor.get(f"/staff/conferences/{conference_id}").status_code == 200
        assert visitor.get(f"/staff/conferences/{conference_id}/outcome").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(sqlite_app):
    visitor = Person(sqlite_app)
    for url in FAMILY_PAGES:
        response = visitor.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_views_errors_keep_what_was_typed(sqlite_app):
    visitor = sign_in(sqlite_app, participant("young_person"))
    long_text = "y" * 3001
    page = visitor.post("/views/worries", {"answer": long_text}).get_data(as_text=True)
    assert "3000 characters or fewer" in page and long_text in page
    visitor.post("/views/dreams", {"answer": "Kept dream"})
    page = visitor.post("/views/who-can-read", {}).get_data(as_text=True)
    assert "Choose one answer" in page
    page = visitor.get("/views/dreams").get_data(as_text=True)
    assert "Kept dream" in page
    item = db.session.scalar(db.select(m.Contribution))
    assert item.sent_at is None and "worries" not in item.answers
