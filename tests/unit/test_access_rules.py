"""Who may do what: every role against every action (the rules read no database)."""

from types import SimpleNamespace

import pytest

from app.data import models as m
from app.rules import access

ROLES = m.PARTICIPANT_ROLES + (access.ADMIN,)

MAY = {
    "can_write_worksheet": {m.PARENT},
    "can_write_views": {m.YOUNG_PERSON, m.CHILD, m.ADVOCATE},
    "can_add_report": {m.PROFESSIONAL, m.SOCIAL_WORKER, m.CHAIR, m.COORDINATOR},
    # An administrator is not part of a conference and invites nobody.
    "can_invite": {m.SOCIAL_WORKER, m.COORDINATOR, m.CHAIR},
    "can_record_outcome": {m.CHAIR, access.ADMIN},
}


@pytest.mark.parametrize("rule", sorted(MAY))
def test_action_rules_for_every_role(rule):
    allowed = {role for role in ROLES
               if getattr(access, rule)(access.Viewer(role=role, authority_id="x"))}
    assert allowed == MAY[rule]


def test_only_organisers_create_conferences():
    allowed = {role for role in m.STAFF_ROLES
               if access.can_create_conference(SimpleNamespace(role=role))}
    assert allowed == {"social_worker", "coordinator", "admin"}


def test_only_the_coordinator_and_an_administrator_see_conferences_due_for_removal():
    """Exporting and removing old conferences is the coordinator's job (and an
    administrator's): a chair, a social worker, a professional and every family role are
    not shown the list. It is a rule of the staff account, so no conference enters into it."""
    allowed = {role for role in ROLES
               if access.can_see_retention(SimpleNamespace(role=role))}
    assert allowed == {m.COORDINATOR, access.ADMIN}


def test_family_roles_are_family():
    family = {role for role in ROLES if access.Viewer(role=role, authority_id="x").is_family}
    assert family == set(m.FAMILY_ROLES)


def test_an_unpublished_outcome_is_hidden_from_the_family():
    outcome = SimpleNamespace(conference_id="c", published_at=None, versions=[],
                              child_summary="")
    parent = access.Viewer(role=m.PARENT, authority_id="x", conference_id="c",
                           participant_id="p")
    assert access.outcome_view_for(parent, outcome) is None
    outcome.published_at = m.utcnow()
    assert access.outcome_view_for(parent, outcome) == ("full", None)
