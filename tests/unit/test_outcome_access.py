"""Who may see the minutes, and which copy, and who may act on the outcome: plain objects."""

from types import SimpleNamespace

import pytest

from app.data import models as m
from app.rules import access
from app.rules.access import Viewer

CONF = "c1"


def viewer(role, participant_id="p1", conference_id=CONF):
    return Viewer(role=role, authority_id="a1", conference_id=conference_id,
                  participant_id=participant_id)


def minutes(published=True):
    general = SimpleNamespace(recipient_id=None, name="general")
    own = SimpleNamespace(recipient_id="parent-1", name="own")
    return SimpleNamespace(conference_id=CONF, published_at="now" if published else None,
                           versions=[own, general])


@pytest.mark.parametrize(("role", "published", "draft"), [
    (m.PARENT, True, False), (m.YOUNG_PERSON, False, False), (m.CHILD, False, False),
    (m.ADVOCATE, False, False), (m.SUPPORTER, False, False), (m.INTERPRETER, False, False),
    (m.PROFESSIONAL, True, False), (m.SOCIAL_WORKER, True, True), (m.CHAIR, True, True),
    (m.COORDINATOR, True, True), (access.ADMIN, True, True),
])
def test_who_sees_the_minutes(role, published, draft):
    assert access.can_see_minutes(viewer(role), minutes(True)) is published
    assert access.can_see_minutes(viewer(role), minutes(False)) is draft
    assert not access.can_see_minutes(viewer(role, conference_id="other"), minutes()) \
        or role == access.ADMIN


def test_a_parent_gets_their_own_copy_and_others_the_general_one():
    assert access.minutes_version_for(viewer(m.PARENT, "parent-1"), minutes()).name == "own"
    assert access.minutes_version_for(viewer(m.PARENT, "parent-2"), minutes()).name == "general"
    # Staff read the general minutes, even the one a parent's copy was made for.
    assert access.minutes_version_for(viewer(m.CHAIR, "parent-1"), minutes()).name == "general"
    assert access.minutes_version_for(viewer(m.YOUNG_PERSON), minutes()) is None


@pytest.mark.parametrize(("role", "told", "minutes_upload"), [
    (m.SOCIAL_WORKER, True, False), (m.CHAIR, True, True), (access.ADMIN, True, True),
    (m.COORDINATOR, False, True), (m.PROFESSIONAL, False, False), (m.PARENT, False, False),
])
def test_who_marks_the_child_told_and_uploads_minutes(role, told, minutes_upload):
    assert access.can_mark_child_told(viewer(role)) is told
    assert access.can_upload_minutes(viewer(role)) is minutes_upload


def test_only_a_parent_can_get_an_own_version():
    assert access.may_get_own_version(SimpleNamespace(role=m.PARENT))
    for role in (m.YOUNG_PERSON, m.PROFESSIONAL, m.SUPPORTER):
        assert not access.may_get_own_version(SimpleNamespace(role=role))
    assert not access.may_get_own_version(None)


def _outcome(published=True, versions=()):
    return SimpleNamespace(conference_id=CONF, published_at="now" if published else None,
                           versions=list(versions))


def test_an_interpreter_sees_the_outcome_only_when_the_chair_lets_them_help_with_reports():
    allowed = Viewer(role=m.INTERPRETER, authority_id="a1", conference_id=CONF,
                     participant_id="i1", may_see_reports=True)
    refused = Viewer(role=m.INTERPRETER, authority_id="a1", conference_id=CONF,
                     participant_id="i1")
    other = Viewer(role=m.INTERPRETER, authority_id="a1", conference_id="other",
                   participant_id="i1", may_see_reports=True)
    assert access.can_see_outcome(allowed, _outcome())
    assert not access.can_see_outcome(allowed, _outcome(published=False))
    assert not access.can_see_outcome(refused, _outcome())
    assert not access.can_see_outcome(other, _outcome())


def test_an_interpreter_reads_the_parents_own_version_where_there_is_one():
    allowed = Viewer(role=m.INTERPRETER, authority_id="a1", conference_id=CONF,
                     participant_id="i1", may_see_reports=True)
    general = SimpleNamespace(recipient_id=None, name="general", created_at=1)
    own = SimpleNamespace(recipient_id="parent-1", name="own", created_at=2)
    assert access.outcome_view_for(allowed, _outcome(versions=[general]))[1].name == "general"
    assert access.outcome_view_for(allowed, _outcome(versions=[general, own]))[1].name == "own"


# --- publishing only once the conference has started ---------------------------------

from datetime import datetime, timedelta  # noqa: E402

START = datetime(2027, 1, 25, 10, 0)


def conference(status="scheduled", starts_at=START):
    return SimpleNamespace(id=CONF, authority_id="a1", status=status, starts_at=starts_at)


@pytest.mark.parametrize("role", [m.CHAIR, access.ADMIN])
def test_the_outcome_is_published_only_once_the_conference_has_started(role):
    who = viewer(role)
    assert not access.can_publish_outcome(who, conference(), START - timedelta(minutes=1))
    assert access.can_publish_outcome(who, conference(), START)
    assert access.can_publish_outcome(who, conference(), START + timedelta(days=9))
    for status in access.NOT_TAKING_PLACE:
        assert not access.can_publish_outcome(who, conference(status), START + timedelta(days=1))


@pytest.mark.parametrize("role", [m.PARENT, m.SOCIAL_WORKER, m.PROFESSIONAL, m.COORDINATOR,
                                  m.INTERPRETER, m.ADVOCATE])
def test_nobody_but_the_chair_or_an_administrator_publishes_the_outcome(role):
    assert not access.can_publish_outcome(viewer(role), conference(), START + timedelta(days=1))


def test_another_conferences_chair_does_not_publish():
    other = viewer(m.CHAIR, conference_id="other")
    assert not access.can_publish_outcome(other, conference(), START + timedelta(days=1))


def test_minutes_go_out_only_once_the_conference_has_started():
    who = viewer(m.COORDINATOR)
    assert not access.can_publish_minutes(who, conference(), START - timedelta(seconds=1))
    assert access.can_publish_minutes(who, conference(), START)
    assert not access.can_publish_minutes(viewer(m.SOCIAL_WORKER), conference(), START)
    assert not access.has_started(conference(starts_at=None), START)
