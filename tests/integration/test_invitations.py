"""Inviting people: nobody is given more than their inviter could see, a staff account's
own address is never a family member's, and the chair hears of everyone invited for a
child (product brief section 4). Every staff role, in both demo conferences."""

import re

import pytest
from conftest import Person, participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.rules import access
from app.services import audit, signin

ROLES_OFFERED = {
    "chair": set(m.PARTICIPANT_ROLES),
    "social_worker": set(m.FAMILY_ROLES) | {m.PROFESSIONAL},
}
STAFF_WORDS = "This is a member of staff&#39;s own address"


def _offered(page):
    select = re.search(r'<select[^>]*name="role".*?</select>', page, re.S).group(0)
    return set(re.findall(r'<option[^>]*value="([^"]*)"', select))


def _invite_url(label):
    return f"/staff/conferences/{participant('chair', label).conference_id}/invite"


@pytest.mark.parametrize("label", ["A", "B"])
@pytest.mark.parametrize("role", sorted(ROLES_OFFERED))
def test_the_invite_form_offers_only_the_roles_the_policy_allows(sqlite_app, role, label):
    staff = participant(role, label)
    visitor = staff_sign_in(sqlite_app, staff.staff_user)
    own, other = _invite_url(label), _invite_url("B" if label == "A" else "A")
    assert _offered(visitor.get(own).get_data(as_text=True)) == ROLES_OFFERED[role]
    assert visitor.get(other).status_code == 404
    for refused in set(m.PARTICIPANT_ROLES) - ROLES_OFFERED[role]:
        before = len(staff.conference.participants)
        page = visitor.post(own, {"name": "Fictional Person", "role": refused,
                                  "email": "fictional.person@example.com", "language": "en"})
        assert page.status_code == 200 and "Not a valid choice" in page.get_data(as_text=True)
        db.session.expire_all()
        assert len(db.session.get(m.Conference, staff.conference_id).participants) == before


def test_the_administrator_invites_nobody(sqlite_app):
    admin = db.session.scalar(db.select(m.StaffUser).filter_by(role="admin"))
    visitor = staff_sign_in(sqlite_app, admin)
    for label in ("A", "B"):
        assert "Invite someone" not in visitor.get(
            _invite_url(label).removesuffix("/invite")).get_data(as_text=True)
        assert visitor.get(_invite_url(label)).status_code == 404
        assert visitor.post(_invite_url(label), {"name": "X", "role": "parent",
                                                 "email": "x@example.com"},
                            form_url="/staff/").status_code == 404


@pytest.mark.parametrize("field", ["email", "mobile", "sign_in_email"])
def test_a_staff_accounts_own_address_cannot_be_a_family_members(sqlite_app, field):
    social_worker = participant("social_worker")
    chair = participant("chair")
    address = {"email": social_worker.email, "mobile": social_worker.mobile,
               "sign_in_email": chair.staff_user.email.upper()}[field]
    visitor = staff_sign_in(sqlite_app, social_worker.staff_user)
    key = "mobile" if field == "mobile" else "email"
    child = participant("young_person").child_id
    for role in ("young_person", "parent", "advocate"):
        page = visitor.post(_invite_url("A"), {"name": "Fictional Teen", "role": role,
                                               "child": child, key: address,
                                               "language": "en"})
        text = page.get_data(as_text=True)
        assert page.status_code == 200 and STAFF_WORDS in text
        assert 'value="Fictional Teen"' in text and address in text  # input kept
    pepper = sqlite_app.config["LOOKUP_PEPPER"]
    assert len(signin.find_participants_by_address(address, pepper)) == (
        1 if field != "sign_in_email" else 0)  # only the staff member's own place
    # As a professional, a staff address is fine: that is who they are.
    response = visitor.post(_invite_url("A"), {"name": "Fictional Colleague",
                                               "role": "professional", key: address,
                                               "language": "en"})
    assert response.status_code == 302


def _views_for_the_chair_only(app, young):
    visitor = sign_in(app, young)
    for step, answer in (("safe", "yes"), ("worries", "FICTIONAL-CHAIR-ONLY-WORDS"),
                         ("who-can-read", "chair_only")):
        assert visitor.post(f"/views/{step}", {"answer": answer}).status_code == 302
    assert visitor.post("/views/check", {}).headers["Location"] == "/views/sent"
    return db.session.scalar(db.select(m.Contribution).filter_by(
        author_id=young.id, kind="views"))


def _invite_teen(app, visitor, label, child_id, address):
    response = visitor.post(_invite_url(label), {
        "name": "Fictional Second Teen", "role": "young_person", "child": child_id,
        "email": address, "language": "en"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return _by_address(app, address)


def _by_address(app, address):
    """Names are encrypted at rest, so people are found by their address."""
    db.session.expire_all()
    people = signin.find_participants_by_address(address, app.config["LOOKUP_PEPPER"])
    assert len(people) == 1
    return people[0]


@pytest.mark.parametrize("label", ["A", "B"])
def test_a_later_young_person_for_the_same_child_reads_nothing_the_child_wrote(app, label):
    young = participant("young_person", label)
    item = _views_for_the_chair_only(app, young)
    social_worker = staff_sign_in(app, participant("social_worker", label).staff_user)
    newcomer = _invite_teen(app, social_worker, label, young.child_id,
                            "someone.else@example.com")
    visitor = sign_in(app, newcomer)
    pages = [visitor.get(url) for url in ("/home", "/views", "/views/check", "/views/worries",
                                          "/views/who-can-read")]
    assert all(page.status_code in (200, 302) for page in pages)
    assert not any("FICTIONAL-CHAIR-ONLY-WORDS" in page.get_data(as_text=True)
                   for page in pages)
    for url in (f"/views/{item.id}/drawing", f"/views/shared/{item.id}", "/views/shared"):
        assert visitor.get(url).status_code == 404, url
    # What the newcomer writes is their own record: the child's stays as the child sent it.
    visitor.post("/views/worries", {"answer": "Fictional newcomer words"})
    db.session.expire_all()
    assert db.session.get(m.Contribution, item.id).answers["worries"] == (
        "FICTIONAL-CHAIR-ONLY-WORDS")
    assert db.session.get(m.Contribution, item.id).author_id == young.id
    # The child themselves still reads and changes their own.
    assert "FICTIONAL-CHAIR-ONLY-WORDS" in sign_in(app, young).get("/views/check").get_data(
        as_text=True)


@pytest.mark.parametrize("label", ["A", "B"])
def test_the_chair_sees_who_was_invited_for_a_child_until_they_mark_it(app, label):
    other = "B" if label == "A" else "A"
    young = participant("young_person", label)
    social_worker = staff_sign_in(app, participant("social_worker", label).staff_user)
    newcomer = _invite_teen(app, social_worker, label, young.child_id, "teen2@example.com")
    assert newcomer.awaiting_chair_since is not None
    assert newcomer.invited_by_id == participant("social_worker", label).staff_user_id
    chair = staff_sign_in(app, participant("chair", label).staff_user)
    dashboard = chair.get("/staff/").get_data(as_text=True)
    assert "Needs you" in dashboard and "Fictional Second Teen" in dashboard
    assert f"for {young.child.first_name} by {participant('social_worker', label).name}" in (
        dashboard)
    # Nobody else has it, nor can mark it: not the inviter, not the other conference's
    # chair, not the administrator, not a family member.
    admin = db.session.scalar(db.select(m.StaffUser).filter_by(role="admin"))
    others = [social_worker, staff_sign_in(app, participant("chair", other).staff_user),
              staff_sign_in(app, admin)]
    url = f"/staff/invitations/{newcomer.id}/seen"
    for visitor in others:
        assert "Fictional Second Teen" not in visitor.get("/staff/").get_data(as_text=True)
        assert visitor.post(url, {}, form_url="/staff/").status_code == 404
    parent = sign_in(app, participant("parent", label))
    assert parent.post(url, {}, form_url="/home").status_code == 404
    assert db.session.get(m.Participant, newcomer.id).awaiting_chair_since is not None
    # The chair marks it seen: gone from their list, and on record.
    assert chair.post(url, {}, form_url="/staff/").status_code == 302
    assert "Fictional Second Teen" not in chair.get("/staff/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(m.Participant, newcomer.id).awaiting_chair_since is None
    assert len(audit.events("participant.chair_seen")) == 1


def test_what_the_chair_invites_needs_no_notice(app):
    chair = participant("chair")
    visitor = staff_sign_in(app, chair.staff_user)
    child = participant("advocate").child_id
    response = visitor.post(_invite_url("A"), {"name": "Fictional New Advocate",
                                               "role": "advocate", "child": child,
                                               "email": "adv2@example.com", "language": "en"})
    assert response.status_code == 302
    person = _by_address(app, "adv2@example.com")
    assert person.awaiting_chair_since is None
    dashboard = visitor.get("/staff/").get_data(as_text=True)
    assert "Fictional New Advocate" not in dashboard
    assert "People invited for a child" not in dashboard
    assert access.viewer_for_participant(person).awaiting_chair is False


def test_signed_out_cannot_mark_anything_seen(sqlite_app):
    response = Person(sqlite_app).post("/staff/invitations/x/seen", {}, csrf=False)
    assert response.status_code in (302, 400, 404)
