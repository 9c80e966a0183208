"""Who may change a conference and manage the people in it: plain objects."""

from types import SimpleNamespace

import pytest

from app.data import models as m
from app.rules import access
from app.rules.access import Viewer

CONF = "c1"


def viewer(role, participant_id="me", conference_id=CONF):
    return Viewer(role=role, authority_id="a1", conference_id=conference_id,
                  participant_id=participant_id)


def admin():
    return Viewer(role=access.ADMIN, authority_id="a1")


def conference(authority_id="a1"):
    return SimpleNamespace(id=CONF, authority_id=authority_id)


def person(role, conference_id=CONF, removed=False, staff=False, person_id="them"):
    return SimpleNamespace(id=person_id, role=role, conference_id=conference_id,
                           removed_at="then" if removed else None,
                           staff_user_id="s1" if staff else None)


@pytest.mark.parametrize(("role", "may"), [
    (m.CHAIR, True), (m.SOCIAL_WORKER, True), (m.COORDINATOR, True),
    (m.PROFESSIONAL, False), (m.PARENT, False), (m.YOUNG_PERSON, False), (m.CHILD, False),
    (m.ADVOCATE, False), (m.SUPPORTER, False), (m.INTERPRETER, False),
])
def test_who_changes_a_conference(role, may):
    assert access.can_change_conference(viewer(role), conference()) is may
    assert not access.can_change_conference(viewer(role, conference_id="other"), conference())
    assert access.can_see_sign_in_activity(viewer(role), conference()) is may


def test_an_administrator_changes_only_their_own_authoritys_conferences():
    assert access.can_change_conference(admin(), conference())
    assert not access.can_change_conference(admin(), conference("another"))


@pytest.mark.parametrize("manager", [m.CHAIR, m.SOCIAL_WORKER, m.COORDINATOR])
@pytest.mark.parametrize("role", m.PARTICIPANT_ROLES)
def test_people_are_managed_by_whoever_may_invite_their_role(manager, role):
    may = access.can_invite(viewer(manager), role)
    assert access.can_manage_person(viewer(manager), person(role)) is may


@pytest.mark.parametrize("role", [m.PARENT, m.PROFESSIONAL, m.INTERPRETER, m.SUPPORTER,
                                  m.ADVOCATE, m.YOUNG_PERSON])
def test_nobody_else_manages_people(role):
    assert not access.can_manage_person(viewer(role), person(m.PARENT))
    assert not access.can_manage_person(admin(), person(m.PARENT))


def test_nobody_manages_themselves_a_staff_account_someone_removed_or_another_conference():
    chair = viewer(m.CHAIR)
    assert not access.can_manage_person(chair, person(m.PARENT, person_id="me"))
    assert not access.can_manage_person(chair, person(m.SOCIAL_WORKER, staff=True))
    assert not access.can_manage_person(chair, person(m.PARENT, removed=True))
    assert not access.can_manage_person(chair, person(m.PARENT, conference_id="other"))
    assert not access.can_manage_person(chair, None)


@pytest.mark.parametrize("role", m.PARTICIPANT_ROLES + (access.ADMIN,))
def test_only_the_chair_decides_what_an_interpreter_may_read(role):
    interpreter = person(m.INTERPRETER)
    who = admin() if role == access.ADMIN else viewer(role)
    assert access.can_set_interpreter_access(who, interpreter) is (role == m.CHAIR)
    assert not access.can_set_interpreter_access(viewer(m.CHAIR), person(m.PARENT))
    assert not access.can_set_interpreter_access(viewer(m.CHAIR), person(m.INTERPRETER,
                                                                        removed=True))
    assert not access.can_set_interpreter_access(viewer(m.CHAIR, conference_id="other"),
                                                 interpreter)
