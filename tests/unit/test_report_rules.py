"""Report rules that read no database: who decides, who replies, who reads a reply, which
version each person gets, and how written text becomes paragraphs."""

from types import SimpleNamespace

import pytest

from app.data import models as m
from app.rules import access
from app.services.reports import paragraphs

ROLES = m.PARTICIPANT_ROLES + (access.ADMIN,)


def viewer(role, participant_id="me", conference_id="c", may_see_reports=False):
    return access.Viewer(role=role, authority_id="a", conference_id=conference_id,
                         participant_id=participant_id, may_see_reports=may_see_reports)


def report(**overrides):
    values = {"conference_id": "c", "sharing": m.SHARING_FAMILY, "shared_at": object(),
              "for_young_person": False, "author_id": "author", "versions": []}
    values.update(overrides)
    return SimpleNamespace(**values)


def version(name, recipient_id=None, for_family=False):
    return SimpleNamespace(name=name, recipient_id=recipient_id, for_family=for_family)


def test_only_the_chair_decides():
    assert {r for r in ROLES if access.can_decide_report(viewer(r))} == {m.CHAIR}


def test_professionals_see_who_opened_reports():
    allowed = {r for r in ROLES if access.can_see_report_readers(viewer(r))}
    assert allowed == {m.PROFESSIONAL, m.COORDINATOR, m.SOCIAL_WORKER, m.CHAIR, access.ADMIN}


@pytest.mark.parametrize("for_young_person", [False, True])
def test_who_may_reply(for_young_person):
    item = report(for_young_person=for_young_person)
    allowed = {r for r in ROLES if access.can_reply_to_report(viewer(r, may_see_reports=True),
                                                              item)}
    expected = {m.PARENT} | ({m.YOUNG_PERSON, m.CHILD, m.ADVOCATE} if for_young_person else set())
    assert allowed == expected


def test_nobody_replies_to_a_report_the_family_cannot_see():
    for sharing in (m.SHARING_PROFESSIONALS, m.SHARING_AWAITING_CHAIR):
        assert not access.can_reply_to_report(viewer(m.PARENT), report(sharing=sharing,
                                                                       shared_at=None))
    assert not access.can_reply_to_report(viewer(m.PARENT, conference_id="other"), report())


def test_a_reply_reaches_the_chair_the_author_and_its_writer_only():
    item = report()
    reply = SimpleNamespace(participant_id="writer")
    readers = {r for r in ROLES if access.can_read_reply(viewer(r, participant_id="x"), reply,
                                                         item)}
    assert readers == {m.CHAIR}  # the administrator is nobody's chosen reader
    assert access.can_read_reply(viewer(m.PROFESSIONAL, participant_id="author"), reply, item)
    assert access.can_read_reply(viewer(m.PARENT, participant_id="writer"), reply, item)
    assert not access.can_read_reply(viewer(m.CHAIR, conference_id="other"), reply, item)


def test_each_person_gets_one_version():
    item = report(versions=[version("full"), version("family", for_family=True),
                            version("mine", recipient_id="p1")])
    assert access.report_version_for(viewer(m.PARENT, "p1"), item).name == "mine"
    assert access.report_version_for(viewer(m.PARENT, "p2"), item).name == "family"
    for role in (m.PROFESSIONAL, m.SOCIAL_WORKER, m.CHAIR):
        assert access.report_version_for(viewer(role, "p1"), item).name == "full"
    plain = report(versions=[version("full"), version("mine", recipient_id="p1")])
    assert access.report_version_for(viewer(m.PARENT, "p2"), plain).name == "full"
    assert access.report_version_for(viewer(m.SUPPORTER, "p1"), plain) is None


def test_paragraphs_split_at_empty_lines_and_keep_lines():
    text = "One\r\nline two\r\n\r\n\r\n  Two  \n\n\n"
    assert paragraphs(text) == ["One\nline two", "Two"]
    assert paragraphs("") == [] and paragraphs(None) == []
    assert paragraphs("<b>x</b>") == ["<b>x</b>"]  # escaped by the template, not here
