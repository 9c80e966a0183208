"""Issue 18's rules, every role against each (the rules read no database): who sees how a
parent takes part and why, who sets it, who records how the outcome reaches a parent, who
marks a conversation held, and who records a meeting that did not go ahead as planned."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from app.data import models as m
from app.rules import access, timescales

ROLES = m.PARTICIPANT_ROLES + (access.ADMIN,)
CONF = "conf-1"


def viewer(role, conference_id=CONF, participant_id="me"):
    if role == access.ADMIN:
        return access.Viewer(role=role, authority_id="a")
    return access.Viewer(role=role, authority_id="a", conference_id=conference_id,
                         participant_id=participant_id)


def allowed(rule):
    return {role for role in ROLES if rule(viewer(role))}


SEES = {
    "can_see_taking_part": {m.CHAIR, m.SOCIAL_WORKER, m.COORDINATOR},
    "can_see_professionals_only_slot": {m.CHAIR, m.SOCIAL_WORKER, m.COORDINATOR},
    "can_see_taking_part_reason": {m.CHAIR, m.SOCIAL_WORKER},
    "can_see_meeting_change_reason": {m.CHAIR, m.SOCIAL_WORKER},
    "can_mark_conversation_held": {m.CHAIR, m.SOCIAL_WORKER},
    "can_hand_over_paper": {m.CHAIR, m.SOCIAL_WORKER},
    "can_record_meeting_change": {m.CHAIR},
}


@pytest.mark.parametrize("rule", sorted(SEES))
def test_each_rule_for_every_role_in_its_own_conference_only(rule):
    check = getattr(access, rule)
    assert allowed(lambda v: check(v, CONF)) == SEES[rule]
    # Nobody, whatever their role, in another conference.
    assert allowed(lambda v: check(v, "conf-2")) == set()


PARENT = SimpleNamespace(role=m.PARENT, conference_id=CONF, id="parent-1")
NOT_A_PARENT = SimpleNamespace(role=m.YOUNG_PERSON, conference_id=CONF, id="yp-1")
PARENT_ELSEWHERE = SimpleNamespace(role=m.PARENT, conference_id="conf-2", id="parent-2")


def test_only_the_chair_sets_a_parents_arrangement():
    assert allowed(lambda v: access.can_set_taking_part(v, PARENT)) == {m.CHAIR}
    assert allowed(lambda v: access.can_set_taking_part(v, NOT_A_PARENT)) == set()
    assert allowed(lambda v: access.can_set_taking_part(v, PARENT_ELSEWHERE)) == set()
    assert allowed(lambda v: access.can_set_taking_part(v, None)) == set()


def test_the_chair_or_social_worker_records_how_the_outcome_reaches_a_parent():
    assert allowed(lambda v: access.can_record_outcome_delivery(v, PARENT)) == {
        m.CHAIR, m.SOCIAL_WORKER}
    assert allowed(lambda v: access.can_record_outcome_delivery(v, NOT_A_PARENT)) == set()
    assert allowed(lambda v: access.can_record_outcome_delivery(v, PARENT_ELSEWHERE)) == set()


def row(participant_id="parent-1", mode=m.SEPARATELY, meets=datetime(2027, 1, 5, 9)):
    return SimpleNamespace(participant_id=participant_id, conference_id=CONF, mode=mode,
                           meets_chair_at=meets)


def test_a_parent_reads_only_their_own_arrangement():
    mine, theirs = row("parent-1"), row("parent-2")
    me = viewer(m.PARENT, participant_id="parent-1")
    assert access.own_taking_part(me, mine) is mine
    assert access.own_taking_part(me, theirs) is None
    assert access.own_taking_part(me, None) is None
    for role in (m.YOUNG_PERSON, m.CHILD, m.ADVOCATE, m.SUPPORTER, m.INTERPRETER):
        assert access.own_taking_part(viewer(role, participant_id="parent-1"), mine) is None
    assert access.own_taking_part(viewer(m.PROFESSIONAL), mine) is None
    assert access.own_taking_part(viewer(access.ADMIN), mine) is None
    for role in (m.CHAIR, m.SOCIAL_WORKER, m.COORDINATOR):
        assert access.own_taking_part(viewer(role), theirs) is theirs
        assert access.own_taking_part(viewer(role, conference_id="conf-2"), theirs) is None


def test_a_parent_meeting_separately_never_gets_the_main_meetings_details():
    me = viewer(m.PARENT, participant_id="parent-1")
    assert not access.sees_main_meeting_details(me, row("parent-1"))
    # The whole meeting, no time set yet, or someone else's row: the main meeting.
    assert access.sees_main_meeting_details(me, row("parent-1", mode=m.WHOLE_MEETING))
    assert access.sees_main_meeting_details(me, row("parent-1", meets=None))
    assert access.sees_main_meeting_details(me, row("parent-2"))
    assert access.sees_main_meeting_details(me, None)
    for role in ROLES:
        if role != m.PARENT:
            assert access.sees_main_meeting_details(viewer(role, participant_id="parent-1"),
                                                    row("parent-1"))


# --- the timescales of the conversations ----------------------------------------------


START = datetime(2027, 3, 10, 10, 30)  # a Wednesday


def test_preparation_is_at_least_24_hours_before_whatever_the_setting():
    assert timescales.preparation_due(timescales.Timescales(), START) == START - timedelta(
        hours=24)
    longer = timescales.Timescales(preparation_hours_before=72)
    assert timescales.preparation_due(longer, START) == START - timedelta(hours=72)
    too_short = timescales.Timescales(preparation_hours_before=2)
    assert timescales.preparation_due(too_short, START) == START - timedelta(hours=24)


def test_professionals_only_comes_before_the_family_premeet():
    premeet = datetime(2027, 3, 10, 10, 0)
    assert timescales.professionals_only_start(timescales.Timescales(), premeet) == datetime(
        2027, 3, 10, 9, 30)
    settings = timescales.Timescales.from_mapping({"professionals_only_minutes": "45"})
    assert timescales.professionals_only_start(settings, premeet) == datetime(
        2027, 3, 10, 9, 15)


def test_the_follow_up_counts_working_days_past_bank_holidays():
    # Thursday 25 March 2027, before Easter: Good Friday (26 March) and Easter Monday
    # (29 March) are not working days in England.
    thursday = datetime(2027, 3, 25, 10, 30)
    due = timescales.follow_up_due(timescales.Timescales(), thursday)
    assert due == datetime(2027, 4, 5).date()
    assert timescales.follow_up_due(timescales.Timescales(follow_up_working_days=1),
                                    thursday) == datetime(2027, 3, 30).date()
