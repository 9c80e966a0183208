"""The access policy (app/rules/access.py) at the places a slip would go unnoticed: each rule in
words, and the table of who reads what over generated conferences (Hypothesis)."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.data import models as m
from app.rules import access

SENT = datetime(2026, 1, 5, 9, 0)
EVERYONE, CHAIR_SW, CHAIR_ONLY = (m.AUDIENCE_EVERYONE, m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER,
                                  m.AUDIENCE_CHAIR_ONLY)
AUDIENCES = (EVERYONE, CHAIR_SW, CHAIR_ONLY)
ROLES = m.PARTICIPANT_ROLES + (access.ADMIN,)


def viewer(role, conference="c1", participant="p-viewer", child=None, may_see_reports=False,
           awaiting_chair=False):
    if role == access.ADMIN:
        return access.Viewer(role=role, authority_id="a1")
    return access.Viewer(role=role, authority_id="a1", conference_id=conference,
                         participant_id=participant, child_id=child,
                         may_see_reports=may_see_reports, awaiting_chair=awaiting_chair)


def contribution(kind="worksheet", audience=EVERYONE, sent=True, author="p-author",
                 child=None, conference="c1", id="k1", child_advocate=None):
    return SimpleNamespace(id=id, conference_id=conference, author_id=author, kind=kind,
                           child_id=child, audience=audience, sent_at=SENT if sent else None,
                           child_advocate_id=child_advocate)


def version(audience, contribution_id="k1"):
    return SimpleNamespace(contribution_id=contribution_id, audience=audience)


# --- 7. earlier versions of a worksheet --------------------------------------------------


@pytest.mark.parametrize("role, reads_older", [
    (m.PARENT, False), (m.PROFESSIONAL, False), (m.COORDINATOR, False),
    (m.SOCIAL_WORKER, True), (m.CHAIR, True),
])
def test_widening_the_readers_never_opens_a_version_written_for_fewer(role, reads_older):
    """The parent sent the worksheet to the chair and social worker, then to everyone: the
    later readers see the new version, not the one written for fewer eyes."""
    worksheet = contribution(audience=EVERYONE)
    assert access.can_read_contribution(viewer(role), worksheet)
    assert access.can_read_contribution_version(viewer(role), worksheet, version(EVERYONE))
    assert access.can_read_contribution_version(
        viewer(role), worksheet, version(CHAIR_SW)) is reads_older


@pytest.mark.parametrize("kind", ["worksheet", "views", "safety_request"])
def test_an_administrator_reads_no_worksheet_views_or_safety_request_nor_any_version(kind):
    """An administrator runs accounts and settings: not a reader of a parent's worksheet, a
    child's views or a safety request, whatever audience it was sent to."""
    admin = viewer(access.ADMIN)
    for audience in AUDIENCES:
        item = contribution(kind, audience=audience, child="child-1")
        assert not access.can_read_contribution(admin, item)
        assert not access.can_see_safety_answers(admin, item)
        for older in AUDIENCES:
            assert not access.can_read_contribution_version(admin, item, version(older))


@pytest.mark.parametrize("role, reads", [
    (m.PARENT, False), (m.PROFESSIONAL, False), (m.SOCIAL_WORKER, False), (m.CHAIR, True),
])
def test_narrowing_the_readers_hides_older_versions_too(role, reads):
    worksheet = contribution(audience=CHAIR_ONLY)
    assert access.can_read_contribution_version(viewer(role), worksheet,
                                                version(EVERYONE)) is reads


def test_the_author_reads_every_version_of_their_own_worksheet():
    worksheet = contribution(audience=EVERYONE, author="p-me")
    me = viewer(m.PARENT, participant="p-me")
    for audience in AUDIENCES:
        assert access.can_read_contribution_version(me, worksheet, version(audience))


def test_a_version_of_another_worksheet_or_conference_is_not_read_through_this_one():
    worksheet = contribution(audience=EVERYONE)
    chair = viewer(m.CHAIR)
    assert not access.can_read_contribution_version(chair, worksheet,
                                                    version(EVERYONE, contribution_id="k2"))
    assert not access.can_read_contribution_version(viewer(m.CHAIR, conference="c2"),
                                                    worksheet, version(EVERYONE))


# --- 8. interpreting needs, family needs ---------------------------------------------------


@pytest.mark.parametrize("role, sees", [
    (m.INTERPRETER, True), (m.CHAIR, True), (m.SOCIAL_WORKER, True), (access.ADMIN, False),
    (m.PARENT, False), (m.PROFESSIONAL, False), (m.COORDINATOR, False), (m.YOUNG_PERSON, False),
    (m.ADVOCATE, False), (m.SUPPORTER, False),
])
def test_interpreting_needs_reach_the_interpreter_chair_and_social_worker_of_that_conference(
        role, sees):
    assert access.can_see_interpreting_needs(viewer(role), "c1") is sees
    assert access.can_see_interpreting_needs(viewer(role, conference="c2"), "c1") is False


@pytest.mark.parametrize("role, sees", [
    (m.CHAIR, True), (m.SOCIAL_WORKER, True), (access.ADMIN, False), (m.INTERPRETER, False),
    (m.PARENT, False), (m.PROFESSIONAL, False), (m.COORDINATOR, False), (m.ADVOCATE, False),
])
def test_family_needs_reach_the_chair_and_social_worker_of_that_conference(role, sees):
    assert access.can_see_family_needs(viewer(role), "c1") is sees
    assert access.can_see_family_needs(viewer(role, conference="c2"), "c1") is False


def test_a_person_reads_their_own_practical_needs_and_only_staff_read_others():
    needs = SimpleNamespace(participant_id="p-me", conference_id="c1")
    assert access.can_read_practical_needs(viewer(m.PARENT, participant="p-me"), needs)
    assert not access.can_read_practical_needs(viewer(m.PARENT), needs)
    assert access.can_read_practical_needs(viewer(m.SOCIAL_WORKER), needs)
    assert not access.can_read_practical_needs(viewer(m.SOCIAL_WORKER, conference="c2"), needs)
    assert not access.can_read_practical_needs(viewer(m.CHAIR), None)
    # An administrator has no participant id: that never matches a person's own needs.
    admin_needs = SimpleNamespace(participant_id=None, conference_id="c1")
    assert not access.can_read_practical_needs(viewer(m.PARENT, participant=None), admin_needs)


@pytest.mark.parametrize("rule", ["can_write_practical_needs", "can_write_safety_request"])
def test_only_a_parent_writes_practical_needs_and_safety_requests(rule):
    allowed = {role for role in ROLES if getattr(access, rule)(viewer(role))}
    assert allowed == {m.PARENT}


# --- 9. who in the family has opened a report -------------------------------------------


def test_the_family_readers_of_a_report_are_family_only():
    conference = SimpleNamespace(authority_id="a1", participants=[])
    roles = [m.PARENT, m.YOUNG_PERSON, m.ADVOCATE, m.SUPPORTER, m.INTERPRETER, m.PROFESSIONAL,
             m.COORDINATOR, m.SOCIAL_WORKER, m.CHAIR]
    for index, role in enumerate(roles):
        conference.participants.append(SimpleNamespace(
            id=f"p{index}", role=role, conference=conference, conference_id="c1",
            child_id="child-1" if role in m.ABOUT_ONE_CHILD else None, may_see_reports=False,
            awaiting_chair_since=None))
    report = SimpleNamespace(conference_id="c1", sharing="family", shared_at=SENT,
                             for_young_person=True)
    readers = access.family_readers(conference, report)
    assert [person.role for person in readers] == [m.PARENT, m.YOUNG_PERSON, m.ADVOCATE]
    report.for_young_person = False
    assert [p.role for p in access.family_readers(conference, report)] == [m.PARENT]
    report.shared_at = None
    assert access.family_readers(conference, report) == []


# --- 10. children's views shared with others ----------------------------------------------


def test_a_childs_own_views_are_not_in_their_list_of_views_shared_by_others(monkeypatch):
    own = contribution("views", child="child-1", id="own", author="p-young",
                       child_advocate="p-advocate")
    other = contribution("views", child="child-2", id="other")
    draft = contribution("views", child="child-2", sent=False, id="draft")
    worksheet = contribution("worksheet", id="worksheet")
    items = [own, other, draft, worksheet]
    monkeypatch.setattr(access, "visible_contributions",
                        lambda viewer, conference_id, *_given: items)
    for role, person in ((m.YOUNG_PERSON, "p-young"), (m.ADVOCATE, "p-advocate")):
        assert access.shared_views(viewer(role, participant=person, child="child-1"),
                                   "c1") == [other]
    assert access.shared_views(viewer(m.SOCIAL_WORKER), "c1") == [own, other]


def test_views_shared_by_others_are_found_among_the_contributions_already_loaded(
        monkeypatch):
    """A page that has loaded the conference's contributions passes them in: those are the
    ones looked through, and they are not loaded again."""
    own = contribution("views", child="child-1", id="own", author="p-young")
    other = contribution("views", child="child-2", id="other")

    def load_again(conference_id):
        raise AssertionError("the contributions were loaded again")

    monkeypatch.setattr(access, "conference_contributions", load_again)
    draft = contribution("views", child="child-2", sent=False, id="draft")
    social_worker = viewer(m.SOCIAL_WORKER)
    assert access.shared_views(social_worker, "c1", [own, draft, other]) == [own, other]
    assert access.shared_views(social_worker, "c1", [other]) == [other]


@pytest.mark.parametrize("role, person, awaiting_chair, kind, reads", [
    (m.YOUNG_PERSON, "p-young", False, "views", True),  # wrote them
    (m.ADVOCATE, "p-advocate", False, "views", True),  # the child's advocate then
    (m.ADVOCATE, "p-advocate", True, "views", False),  # the chair has not seen them yet
    (m.ADVOCATE, "p-later", False, "views", False),  # invited later for the same child
    (m.YOUNG_PERSON, "p-later", False, "views", False),  # same child, did not write them
    (m.CHILD, "p-later", False, "views", False),
    (m.SOCIAL_WORKER, "p-advocate", False, "views", False),  # not an advocate
    (m.ADVOCATE, None, False, "views", False),
    (m.ADVOCATE, "p-advocate", False, "worksheet", False),  # only views
    (m.YOUNG_PERSON, "p-young", False, "worksheet", False),
])
def test_a_childs_views_are_read_as_the_child_by_their_author_and_advocate_then(
        role, person, awaiting_chair, kind, reads):
    item = contribution(kind, audience=CHAIR_ONLY, sent=False, author="p-young",
                        child="child-1", child_advocate="p-advocate")
    who = viewer(role, participant=person, child="child-1", awaiting_chair=awaiting_chair)
    assert access.reads_as_the_child(who, item) is reads
    # Reading as the child opens the draft, which nobody else reads.
    assert access.can_read_contribution(who, item) is (reads or (
        kind == "worksheet" and person == "p-young"))
    assert access.reads_as_the_child(viewer(access.ADMIN), item) is False


# --- 11. safety answers -------------------------------------------------------------------


@pytest.mark.parametrize("role, child, person, sees", [
    (m.SOCIAL_WORKER, None, "p-sw", False), (m.CHAIR, None, "p-chair", False),
    (access.ADMIN, None, None, False),
    (m.YOUNG_PERSON, "child-1", "p-young", True), (m.ADVOCATE, "child-1", "p-advocate", True),
    # The same child's advocate invited later, or the child's other sign-in: not theirs.
    (m.ADVOCATE, "child-1", "p-later", False), (m.YOUNG_PERSON, "child-1", "p-later", False),
])
def test_nobody_sees_safety_answers_of_views_they_cannot_read(role, child, person, sees):
    views = contribution("views", audience=CHAIR_ONLY, child="child-1", sent=False,
                         author="p-young", child_advocate="p-advocate")
    who = viewer(role, child=child, participant=person)
    # A draft is the child's own: the social worker and chair cannot read it yet.
    assert access.can_see_safety_answers(who, views) is sees
    elsewhere = contribution("views", audience=EVERYONE, child="child-1", conference="c2",
                             author="p-young", child_advocate="p-advocate")
    if role != access.ADMIN:
        assert not access.can_see_safety_answers(who, elsewhere)


def test_an_advocate_sees_safety_answers_only_once_the_chair_has_seen_their_invitation():
    views = contribution("views", audience=CHAIR_ONLY, child="child-1", sent=True,
                         author="p-young", child_advocate="p-advocate")
    waiting = viewer(m.ADVOCATE, participant="p-advocate", child="child-1",
                     awaiting_chair=True)
    assert not access.can_read_contribution(waiting, views)
    assert not access.can_see_safety_answers(waiting, views)
    seen = viewer(m.ADVOCATE, participant="p-advocate", child="child-1")
    assert access.can_see_safety_answers(seen, views)


def test_another_childs_safety_answers_stay_hidden_from_a_child():
    views = contribution("views", audience=EVERYONE, child="child-2")
    young_person = viewer(m.YOUNG_PERSON, child="child-1")
    assert not access.can_read_contribution(young_person, views)
    assert not access.can_see_safety_answers(young_person, views)


# --- 12. a child's drawing ----------------------------------------------------------------


def test_no_drawing_for_an_unknown_item_or_one_that_is_not_views(monkeypatch):
    items = {"worksheet": contribution("worksheet")}
    monkeypatch.setattr(access, "get_contribution", lambda viewer, cid: items.get(cid))
    chair = viewer(m.CHAIR)
    assert access.get_views_drawing(chair, "unknown") is None
    assert access.get_views_drawing(chair, "worksheet") is None


# --- 13. who may help a child with their views -------------------------------------------


def _child(child_id="child-1", conference="c1", signs_in_themselves=False):
    people = [SimpleNamespace(role=m.PARENT, child_id=None),
              SimpleNamespace(role=m.ADVOCATE, child_id=child_id),
              SimpleNamespace(role=m.YOUNG_PERSON, child_id="child-9")]
    if signs_in_themselves:
        people.append(SimpleNamespace(role=m.YOUNG_PERSON, child_id=child_id))
    return SimpleNamespace(id=child_id, conference_id=conference,
                           conference=SimpleNamespace(participants=people))


@pytest.mark.parametrize("role, conference, may", [
    (m.SOCIAL_WORKER, "c1", True),
    (m.SOCIAL_WORKER, "c2", False),  # another conference's social worker
    (m.PARENT, "c1", False), (m.PROFESSIONAL, "c1", False), (m.CHAIR, "c1", False),
    (m.COORDINATOR, "c1", False), (m.ADVOCATE, "c1", False), (m.YOUNG_PERSON, "c1", False),
    (access.ADMIN, "c1", False),
])
def test_only_the_childs_own_social_worker_helps_a_younger_child(role, conference, may):
    assert access.may_help_child_with_views(viewer(role, conference=conference),
                                            _child()) is may


def test_nobody_writes_views_for_a_young_person_who_signs_in_themselves():
    child = _child(signs_in_themselves=True)
    assert not access.may_help_child_with_views(viewer(m.SOCIAL_WORKER), child)
    child.conference.participants[-1].role = m.CHILD
    assert not access.may_help_child_with_views(viewer(m.SOCIAL_WORKER), child)
    assert not access.may_help_child_with_views(viewer(m.SOCIAL_WORKER), None)


# --- the access table over generated conferences ------------------------------------------

# What the product brief's table says, written out once more as plain sets: who reads a
# sent item of each kind, by the audience its author chose.
READS_SENT = {
    ("worksheet", EVERYONE): {"parent", "professional", "social_worker", "chair"},
    ("worksheet", CHAIR_SW): {"social_worker", "chair"},
    ("worksheet", CHAIR_ONLY): {"chair"},
    ("views", EVERYONE): {"parent", "professional", "social_worker", "chair"},
    ("views", CHAIR_SW): {"social_worker", "chair"},
    ("views", CHAIR_ONLY): {"chair"},
    ("safety_request", EVERYONE): {"social_worker", "chair"},
    ("safety_request", CHAIR_SW): {"social_worker", "chair"},
    ("safety_request", CHAIR_ONLY): {"social_worker", "chair"},
}


@pytest.mark.parametrize("kind, audience", sorted(READS_SENT))
def test_the_access_table_for_every_role_in_the_conference(kind, audience):
    """The table itself, row by row, for everyone who did not write the item: the same
    answer every time (the generated conferences below explore around it)."""
    item = contribution(kind, audience=audience)
    for role in ROLES:
        me = viewer(role)
        assert access.can_read_contribution(me, item) is (me.column in READS_SENT[
            (kind, audience)]), role
        assert not access.can_read_contribution(viewer(role, conference="c2"), item), role

viewers = st.builds(
    viewer, role=st.sampled_from(ROLES), conference=st.sampled_from(["c1", "c2"]),
    participant=st.sampled_from(["p-author", "p-other", "p-advocate", None]),
    child=st.sampled_from(["child-1", "child-2", None]), awaiting_chair=st.booleans())
items = st.builds(
    contribution, kind=st.sampled_from(["worksheet", "views", "safety_request"]),
    audience=st.sampled_from(AUDIENCES), sent=st.booleans(),
    author=st.sampled_from(["p-author", "p-other"]),
    child=st.sampled_from(["child-1", "child-2", None]),
    child_advocate=st.sampled_from(["p-advocate", "p-other", None]))


def expected_read(who, item):
    if who.role != access.ADMIN and who.conference_id != item.conference_id:
        return False
    if who.participant_id and who.participant_id == item.author_id:
        return True
    # A child's views, drafts too, reach the advocate the child had when they were begun,
    # once the chair has seen that advocate's invitation. Nobody else reads "as the child".
    if (item.kind == "views" and who.role == m.ADVOCATE and not who.awaiting_chair
            and who.participant_id and who.participant_id == item.child_advocate_id):
        return True
    return item.sent_at is not None and who.column in READS_SENT[item.kind, item.audience]


@settings(max_examples=400, deadline=None)
@given(who=viewers, item=items)
def test_the_access_table_holds_for_any_person_and_item(who, item):
    assert access.can_read_contribution(who, item) is expected_read(who, item)


worksheets = st.builds(contribution, kind=st.just("worksheet"),
                       audience=st.sampled_from(AUDIENCES),
                       author=st.sampled_from(["p-author", "p-other"]))


@settings(max_examples=300, deadline=None)
@given(who=viewers, item=worksheets, older=st.sampled_from(AUDIENCES))
def test_an_older_worksheet_is_read_by_its_author_or_who_may_read_it_now_and_then(
        who, item, older):
    """Readers of an older version: its author, or whoever may read the worksheet now AND
    would have read it as it was sent then."""
    then = contribution("worksheet", audience=older, author=item.author_id)
    is_author = bool(who.participant_id) and who.participant_id == item.author_id
    expected = access.can_read_contribution(who, item) and (
        is_author or expected_read(who, then))
    assert access.can_read_contribution_version(who, item, version(older)) is expected


@settings(max_examples=200, deadline=None)
@given(who=viewers, item=items)
def test_widening_the_audience_never_hides_an_item_from_someone(who, item):
    order = {CHAIR_ONLY: 0, CHAIR_SW: 1, EVERYONE: 2}
    for wider in AUDIENCES:
        if order[wider] >= order[item.audience] and access.can_read_contribution(who, item):
            widened = contribution(item.kind, audience=wider, sent=item.sent_at is not None,
                                   author=item.author_id, child=item.child_id,
                                   child_advocate=item.child_advocate_id)
            assert access.can_read_contribution(who, widened)


@settings(max_examples=200, deadline=None)
@given(role=st.sampled_from(ROLES), sharing=st.sampled_from(["family", "professionals"]),
       shared=st.booleans(), for_young_person=st.booleans(), may_see_reports=st.booleans(),
       same_conference=st.booleans())
def test_the_report_table_holds_for_any_person_and_report(
        role, sharing, shared, for_young_person, may_see_reports, same_conference):
    who = viewer(role, conference="c1" if same_conference else "c2",
                 may_see_reports=may_see_reports)
    report = SimpleNamespace(conference_id="c1", sharing=sharing,
                             shared_at=SENT if shared else None,
                             for_young_person=for_young_person)
    with_family = sharing == "family" and shared
    expected = {
        "parent": with_family,
        "child": with_family and for_young_person,
        "advocate": with_family and for_young_person,
        "interpreter": with_family and may_see_reports,
        "supporter": False,
    }.get(who.column, True)
    if role != access.ADMIN and not same_conference:
        expected = False
    assert access.can_see_report(who, report) is expected


# --- the meeting itself, the outcome and versions of it -----------------------------------


def test_a_person_sees_their_own_conference_and_an_administrator_their_authoritys():
    conference = SimpleNamespace(id="c1", authority_id="a1")
    assert access.can_see_conference(viewer(m.PARENT), conference)
    assert not access.can_see_conference(viewer(m.PARENT, conference="c2"), conference)
    assert access.can_see_conference(viewer(access.ADMIN), conference)
    assert not access.can_see_conference(viewer(access.ADMIN),
                                         SimpleNamespace(id="c1", authority_id="a2"))
    assert not access.can_see_conference(viewer(m.CHAIR), None)


def _outcome(published=True, summary="You will stay with your mum."):
    own = SimpleNamespace(recipient_id="p-parent", name="own")
    general = SimpleNamespace(recipient_id=None, name="general")
    return SimpleNamespace(conference_id="c1", published_at=SENT if published else None,
                           child_summary=summary, versions=[own, general])


@pytest.mark.parametrize("role, published, draft", [
    (m.PARENT, True, False), (m.YOUNG_PERSON, True, False), (m.ADVOCATE, True, False),
    (m.PROFESSIONAL, True, False), (m.COORDINATOR, True, False),
    (m.SOCIAL_WORKER, True, True), (m.CHAIR, True, True), (access.ADMIN, True, True),
    (m.SUPPORTER, False, False), (m.INTERPRETER, False, False),
])
def test_who_sees_the_outcome_before_and_after_it_is_published(role, published, draft):
    assert access.can_see_outcome(viewer(role), _outcome(True)) is published
    assert access.can_see_outcome(viewer(role), _outcome(False)) is draft
    assert access.can_see_outcome(viewer(role, conference="c2"), _outcome()) is (
        role == access.ADMIN)
    assert not access.can_see_outcome(viewer(role), None)


@pytest.mark.parametrize("role", [m.YOUNG_PERSON, m.ADVOCATE])
def test_a_child_and_their_advocate_get_the_chairs_summary_not_the_full_outcome(role):
    assert access.outcome_view_for(viewer(role, child="child-1"), _outcome()) == (
        "child", "You will stay with your mum.")
    assert access.outcome_view_for(viewer(role), _outcome(summary=None)) == ("child", "")


def test_a_parent_gets_their_own_outcome_and_everyone_else_the_general_one():
    outcome = _outcome()
    kind, own = access.outcome_view_for(viewer(m.PARENT, participant="p-parent"), outcome)
    assert (kind, own.name) == ("full", "own")
    kind, general = access.outcome_view_for(viewer(m.PARENT, participant="p-other"), outcome)
    assert (kind, general.name) == ("full", "general")
    # Someone who is not a parent never gets a copy made for one, whatever their id.
    for role in (m.PROFESSIONAL, m.SOCIAL_WORKER, m.CHAIR):
        kind, copy = access.outcome_view_for(viewer(role, participant="p-parent"), outcome)
        assert (kind, copy.name) == ("full", "general")
    assert access.outcome_view_for(viewer(m.PARENT), _outcome(published=False)) is None


def test_an_interpreter_reads_the_earliest_redacted_copy_of_a_report_if_there_is_one():
    def copy(name, recipient=None, for_family=False, minute=0):
        return SimpleNamespace(name=name, recipient_id=recipient, for_family=for_family,
                               created_at=SENT + timedelta(minutes=minute))
    report = SimpleNamespace(conference_id="c1", sharing="family", shared_at=SENT,
                             for_young_person=False,
                             versions=[copy("full"), copy("family", for_family=True),
                                       copy("later", "p-2", minute=5),
                                       copy("earlier", "p-1", minute=1)])
    interpreter = viewer(m.INTERPRETER, may_see_reports=True)
    assert access.report_version_for(interpreter, report).name == "earlier"
    report.versions = report.versions[:2]
    assert access.report_version_for(interpreter, report).name == "family"
    assert access.report_version_for(viewer(m.CHAIR), report).name == "full"


def test_without_a_general_copy_of_the_minutes_other_parents_get_nothing():
    minutes = SimpleNamespace(conference_id="c1", published_at=SENT,
                              versions=[SimpleNamespace(recipient_id="p-1", name="own")])
    assert access.minutes_version_for(viewer(m.PARENT, participant="p-1"), minutes).name == "own"
    assert access.minutes_version_for(viewer(m.PARENT, participant="p-2"), minutes) is None
    assert access.minutes_version_for(viewer(m.PROFESSIONAL, participant="p-1"), minutes) is None


def test_safety_answers_not_tied_to_a_child_are_still_not_for_parents():
    views = contribution("views", audience=EVERYONE, child=None)
    assert access.can_read_contribution(viewer(m.PARENT), views)
    assert not access.can_see_safety_answers(viewer(m.PARENT), views)


def test_an_interpreter_reads_shared_family_reports_only_when_allowed():
    report = SimpleNamespace(conference_id="c1", sharing="family", shared_at=SENT,
                             for_young_person=False)
    assert access.can_see_report(viewer(m.INTERPRETER, may_see_reports=True), report)
    assert not access.can_see_report(viewer(m.INTERPRETER), report)
    person = SimpleNamespace(role=m.INTERPRETER, id="p-i", conference_id="c1", child_id=None,
                             may_see_reports=True, awaiting_chair_since=None,
                             conference=SimpleNamespace(authority_id="a1"))
    assert access.viewer_for_participant(person).may_see_reports is True
    assert access.viewer_for_participant(person).awaiting_chair is False
    person.role, person.awaiting_chair_since = m.ADVOCATE, SENT
    assert access.viewer_for_participant(person).awaiting_chair is True


def test_an_interpreter_reads_the_earliest_copy_made_for_a_parent_of_the_outcome():
    """Where the chair made copies for parents, an interpreter helping with the outcome
    reads the first one made, whatever order they are stored in."""
    def copy(name, recipient, minute):
        return SimpleNamespace(name=name, recipient_id=recipient,
                               created_at=SENT + timedelta(minutes=minute))

    outcome = SimpleNamespace(conference_id="c1", published_at=SENT, child_summary="",
                              versions=[copy("general", None, 0), copy("second", "p-2", 9),
                                        copy("first", "p-1", 5), copy("third", "p-3", 12)])
    kind, version = access.outcome_view_for(viewer(m.INTERPRETER, may_see_reports=True),
                                            outcome)
    assert (kind, version.name) == ("full", "first")


# --- who invites whom ----------------------------------------------------------------------

FAMILY = (m.PARENT, m.YOUNG_PERSON, m.CHILD, m.ADVOCATE, m.SUPPORTER, m.INTERPRETER)
INVITES = {
    m.CHAIR: set(m.PARTICIPANT_ROLES),
    m.SOCIAL_WORKER: set(FAMILY) | {m.PROFESSIONAL},
    # A coordinator reads as a professional does: not the family's interpreting needs, and
    # invites no interpreter, social worker or chair.
    m.COORDINATOR: {m.PARENT, m.YOUNG_PERSON, m.CHILD, m.ADVOCATE, m.SUPPORTER,
                    m.PROFESSIONAL, m.COORDINATOR},
}


@pytest.mark.parametrize("inviter", ROLES)
def test_who_may_invite_whom(inviter):
    me = viewer(inviter)
    allowed = INVITES.get(inviter, set())
    assert set(access.invitable_roles(me)) == allowed
    if not allowed:
        assert access.invitable_roles(me) == ()  # nobody to offer, never "no list"
    assert access.can_invite(me) is bool(allowed)
    for role in m.PARTICIPANT_ROLES:
        assert access.can_invite(me, role) is (role in allowed), role


@pytest.mark.parametrize("inviter", [m.SOCIAL_WORKER, m.COORDINATOR, m.CHAIR])
def test_inviting_someone_for_one_child_is_shown_to_the_chair_unless_the_chair_did_it(
        inviter):
    for role in m.PARTICIPANT_ROLES:
        about_one_child = role in (m.YOUNG_PERSON, m.CHILD, m.ADVOCATE)
        assert access.invitation_needs_chair(viewer(inviter), role) is (
            about_one_child and inviter != m.CHAIR), role


def test_only_the_chair_of_that_conference_marks_an_invitation_seen():
    person = SimpleNamespace(conference_id="c1")
    assert access.can_mark_invitation_seen(viewer(m.CHAIR), person)
    assert not access.can_mark_invitation_seen(viewer(m.CHAIR, conference="c2"), person)
    assert not access.can_mark_invitation_seen(viewer(m.CHAIR), None)
    for role in ROLES:
        if role != m.CHAIR:
            assert not access.can_mark_invitation_seen(viewer(role), person), role


# --- the check before publishing the outcome ---------------------------------------------


def _family_member(role, id, may_see_reports=False):
    conference = SimpleNamespace(authority_id="a1")
    return SimpleNamespace(id=id, role=role, conference=conference, conference_id="c1",
                           child_id="child-1" if role in (m.YOUNG_PERSON, m.ADVOCATE) else None,
                           may_see_reports=may_see_reports, awaiting_chair_since=None)


def test_the_check_before_publishing_lists_each_family_member_with_what_they_will_get():
    """Before the chair publishes, the outcome is read as if published at that moment: each
    family member who will get it, with exactly what they get, in the conference's order.
    Staff are not listed, wherever they are in the list, nor family who get nothing."""
    people = [_family_member(m.CHAIR, "p-chair"), _family_member(m.PARENT, "p-parent"),
              _family_member(m.SOCIAL_WORKER, "p-sw"), _family_member(m.YOUNG_PERSON, "p-yp"),
              _family_member(m.SUPPORTER, "p-supporter"), _family_member(m.PARENT, "p-dad"),
              _family_member(m.INTERPRETER, "p-interpreter")]
    outcome = _outcome(published=False)
    listed = access.outcome_recipients(SimpleNamespace(participants=people), outcome, SENT)
    assert [(person.id, kind, getattr(copy, "name", copy)) for person, (kind, copy) in listed] == [
        ("p-parent", "full", "own"), ("p-yp", "child", "You will stay with your mum."),
        ("p-dad", "full", "general")]
    assert outcome.published_at is None  # only read as published, not published
