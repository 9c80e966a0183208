"""The rules of a child's views: safety answers, words for their age, the cut-off, the order."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from app.data import models as m
from app.rules import access, journey


@pytest.mark.parametrize("answers, expected", [
    ({"safe": "yes", "feeling": "happy"}, set()),
    ({"safe": "no"}, {"safe:no"}),
    ({"safe": "not_sure"}, {"safe:not_sure"}),
    ({"safe": "yes", "feeling": "scared"}, {"feeling:scared"}),
    ({"safe": "no", "feeling": "scared"}, {"safe:no", "feeling:scared"}),
    ({"feeling": "worried"}, set()),
    ({}, set()),
])
def test_concerns(answers, expected):
    assert journey.concerns(answers) == expected


def test_each_concern_alerts_once_and_again_when_it_comes_back():
    assert journey.new_concerns({}, {"safe": "no"}) == {"safe:no"}
    assert journey.new_concerns({"safe": "no"}, {"safe": "no", "worries": "x"}) == set()
    assert journey.new_concerns({"safe": "no"}, {"safe": "not_sure"}) == {"safe:not_sure"}
    assert journey.new_concerns({"safe": "yes"}, {"safe": "yes", "feeling": "scared"}) == {
        "feeling:scared"}


def _person(role, age=None):
    child = SimpleNamespace(age=age) if age is not None else None
    return SimpleNamespace(role=role, child=child)


@pytest.mark.parametrize("person, younger", [
    (_person(m.YOUNG_PERSON, 14), False),
    (_person(m.YOUNG_PERSON, 10), True),
    (_person(m.YOUNG_PERSON), False),
    (_person(m.CHILD, 8), True),
    (_person(m.ADVOCATE, 9), True),
])
def test_words_for_their_age(person, younger):
    assert journey.is_younger(person) is younger


def test_open_until_the_conference_starts():
    start = datetime(2026, 12, 1, 10, 30)
    conference = SimpleNamespace(starts_at=start)
    assert journey.is_open(conference, start - timedelta(seconds=1))
    assert not journey.is_open(conference, start)
    assert not journey.is_open(conference, start + timedelta(days=1))


def test_pages_in_order_then_back_to_check():
    walked, step = [], journey.STEPS[0]
    while step != "check":
        walked.append(step)
        step = journey.next_step(step, {})
    assert tuple(walked) == journey.STEPS
    assert journey.next_step("safe", {"checked": True}) == "check"
    # A gentle question first: how they feel, then whether they feel safe.
    assert journey.STEPS[:2] == ("feelings", "safe")
    assert journey.previous_step("feelings") is None
    assert journey.previous_step("safe") == "feelings"


def test_something_must_be_said_before_sending():
    assert journey.is_empty({"safe": "yes", "taking_part": "just_send"})
    assert not journey.is_empty({"dreams": "A dog"})
    assert not journey.is_empty({"feeling": "ok"})
    assert not journey.is_empty({"has_drawing": True})
    assert journey.is_empty({"worries": "   "})


# --- the access rules for children's views, without a database -----------------------------------

def _viewer(role, conference="c1", child=None, participant=None, awaiting_chair=False):
    if participant is None:
        # For the child: the young person who wrote the views, or their advocate then.
        participant = {m.YOUNG_PERSON: "p-author", m.ADVOCATE: "p-advocate"}.get(
            role, "p-viewer") if child else "p-viewer"
    return access.Viewer(role=role, authority_id="a1", conference_id=conference,
                         participant_id=participant, child_id=child,
                         awaiting_chair=awaiting_chair)


def _views(audience, sent=True):
    return SimpleNamespace(conference_id="c1", author_id="p-author", kind="views",
                           child_id="child-1", child_advocate_id="p-advocate",
                           audience=audience, sent_at=datetime(2026, 1, 1) if sent else None)


@pytest.mark.parametrize("role, child, sees", [
    (m.SOCIAL_WORKER, None, True),
    (m.CHAIR, None, True),
    (m.YOUNG_PERSON, "child-1", True),
    (m.ADVOCATE, "child-1", True),
    (m.PARENT, None, False),
    (m.PROFESSIONAL, None, False),
    (m.COORDINATOR, None, False),
])
def test_safety_answers_never_reach_parents_even_when_shared_with_everyone(role, child, sees):
    item = _views(m.AUDIENCE_EVERYONE)
    assert access.can_read_contribution(_viewer(role, child=child), item)
    assert access.can_see_safety_answers(_viewer(role, child=child), item) is sees


@pytest.mark.parametrize("role, sees", [
    (m.SOCIAL_WORKER, True), (m.CHAIR, True), (access.ADMIN, False), (m.PARENT, False),
    (m.YOUNG_PERSON, False), (m.ADVOCATE, False), (m.PROFESSIONAL, False),
    (m.SUPPORTER, False), (m.INTERPRETER, False), (m.COORDINATOR, False),
])
def test_safety_alert_reaches_social_worker_and_chair_only(role, sees):
    alert = SimpleNamespace(conference_id="c1")
    assert access.can_see_safety_alert(_viewer(role), alert) is sees
    assert not access.can_see_safety_alert(_viewer(role, conference="c2"), alert)


@pytest.mark.parametrize("role, participant, awaiting_chair, reads", [
    (m.YOUNG_PERSON, "p-author", False, True),  # who wrote them
    (m.ADVOCATE, "p-advocate", False, True),  # the child's advocate when they were begun
    (m.ADVOCATE, "p-advocate", True, False),  # ...once the chair has seen the invitation
    (m.YOUNG_PERSON, "p-later", False, False),  # invited later for the same child
    (m.CHILD, "p-later", False, False),
    (m.ADVOCATE, "p-later", False, False),
    (m.YOUNG_PERSON, "p-advocate", False, False),  # only an advocate reads as the advocate
])
def test_only_the_writer_and_the_advocate_then_read_as_the_child(role, participant,
                                                                 awaiting_chair, reads):
    viewer = _viewer(role, child="child-1", participant=participant,
                     awaiting_chair=awaiting_chair)
    for audience in (m.AUDIENCE_CHAIR_ONLY, m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER):
        for sent in (True, False):
            item = _views(audience, sent=sent)
            assert access.reads_as_the_child(viewer, item) is reads
            assert access.can_read_contribution(viewer, item) is reads
