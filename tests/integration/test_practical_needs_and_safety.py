"""Practical needs (seen by the chair and social worker, summarised across the family), the
private safety request (chair and social worker only, flagged), and messages stopping when
a parent says they are not safe. With the access table for both, every role, A and B."""

import re

import pytest
from conftest import outbox_messages, participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.rules import access
from app.services import audit, preparation

NEEDS = {
    "interpreter": "yes", "language": "Polish", "dialect": "", "supporter": "yes",
    "supporter_name": "Alex Rowe", "supporter_relationship": "my sister",
    "supporter_contact": "", "childcare": "yes", "transport": "no",
    "accessibility": "Step-free access ♿", "attend": "online", "save": "x",
}
SAFETY = {"unsafe_with": "My ex-partner", "keep_from": "My new address 9 Elm Road",
          "safe_contact": "Weekdays 10 to 2", "messages_safe": "yes", "send": "x"}


STEPS = {"interpreter": ("interpreter", "language", "dialect"),
         "supporter": ("supporter", "supporter_name", "supporter_relationship",
                       "supporter_contact", "invite_supporter"),
         "getting-there": ("childcare", "transport", "accessibility"),
         "taking-part": ("attend",)}


def _step_of(field):
    return next(step for step, fields in STEPS.items() if field in fields)


def save_needs(visitor, data):
    """Answer each short step of practical needs in turn, as a parent does."""
    responses = []
    for step, fields in STEPS.items():
        answers = {name: data[name] for name in fields if name in data}
        responses.append(visitor.post(f"/prepare/practical-needs/{step}",
                                      dict(answers, save="x")))
    return responses


def _needs_row(person):
    return db.session.scalar(db.select(m.PracticalNeeds).filter_by(participant_id=person.id))


def _safety(person):
    return db.session.scalar(db.select(m.Contribution).filter_by(
        author_id=person.id, kind="safety_request"))


# --- practical needs -------------------------------------------------------------


def test_no_question_shows_an_empty_hint(app):
    visitor = sign_in(app, participant("parent"))
    for url in (*[f"/prepare/practical-needs/{step}" for step in STEPS], "/prepare/safety"):
        page = visitor.get(url).get_data(as_text=True)
        assert not re.search(r'class="govuk-hint">\s*None\s*<', page), url


@pytest.mark.both_databases
def test_parent_saves_practical_needs_and_sees_them_again(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    assert {r.status_code for r in save_needs(visitor, NEEDS)} == {302}
    row = _needs_row(parent)
    assert row.answers["language"] == "Polish" and row.answers["attend"] == "online"
    raw = db.session.execute(db.text("SELECT answers FROM practical_needs")).scalar_one()
    assert b"Polish" not in bytes(raw)
    page = "".join(visitor.get(f"/prepare/practical-needs/{step}").get_data(as_text=True)
                   for step in STEPS)
    for question in ("Do you need an interpreter?", "Do you want to bring someone",
                     "Do you need help with childcare", "Do you need help with transport",
                     "How do you want to take part?"):
        assert question in page  # every group of choices has its question as a legend
    assert 'value="Polish"' in page and "Step-free access ♿" in page
    assert "Completed" in visitor.get("/prepare").get_data(as_text=True)


@pytest.mark.parametrize(("change", "message"), [
    ({"interpreter": ""}, "Choose yes or no"),
    ({"interpreter": "yes", "language": ""}, "Enter the language you need"),
    ({"language": "x" * 101}, "Write 100 characters or fewer"),
    ({"dialect": "x" * 101}, "Write 100 characters or fewer"),
    ({"supporter": ""}, "Choose yes or no"),
    ({"supporter": "yes", "supporter_name": ""}, "Enter your supporter"),
    ({"supporter_relationship": "x" * 101}, "Write 100 characters or fewer"),
    ({"invite_supporter": "y", "supporter_contact": ""}, "so we can send the invitation"),
    ({"supporter_contact": "not an address"}, "Enter an email address like"),
    ({"childcare": "maybe"}, "Not a valid choice"),
    ({"transport": ""}, "Choose yes or no"),
    ({"accessibility": "x" * 501}, "Write 500 characters or fewer"),
    ({"attend": ""}, "Choose how you want to take part"),
])
def test_every_needs_field_is_checked_and_typing_is_kept(app, change, message):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    data = dict(NEEDS, dialect="Kept dialect متن", supporter_name="Kept name متن")
    data.update(change)
    step = _step_of(next(iter(change)))
    fields = STEPS[step]
    response = visitor.post(f"/prepare/practical-needs/{step}",
                            dict({name: data[name] for name in fields if name in data},
                                 save="x"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message.replace("'", "&#39;") in page and "govuk-error-summary" in page
    kept = {"interpreter": "Kept dialect متن", "supporter": "Kept name متن"}.get(step)
    if kept and not ({"dialect", "supporter_name"} & set(change)):
        assert kept in page
    assert _needs_row(parent) is None


@pytest.mark.both_databases
def test_parent_invites_their_supporter_once(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    data = dict(NEEDS, supporter_contact="alex.rowe@example.com", invite_supporter="y")
    save_needs(visitor, data)
    supporters = [p for p in parent.conference.participants
                  if p.role == m.SUPPORTER and p.name == "Alex Rowe"]
    assert len(supporters) == 1
    [message] = outbox_messages(app, "alex.rowe@example.com")
    assert "/invite/" in message["body"] and "Polish" not in message["body"]
    # A second press (or a double submit) invites nobody again.
    save_needs(visitor, data)
    assert len(outbox_messages(app, "alex.rowe@example.com")) == 1
    assert len(audit.events("supporter.invited", participant_id=parent.id)) == 1
    assert "We have sent your supporter an invitation" in visitor.get(
        "/prepare/practical-needs/supporter").get_data(as_text=True)


@pytest.mark.both_databases
def test_staff_see_a_summary_across_the_family(app):
    first, second = participant("parent"), participant("parent", index=1)
    save_needs(sign_in(app, first), NEEDS)
    save_needs(sign_in(app, second), dict(NEEDS, supporter="no", childcare="no", attend="phone",
                                          language="polish", accessibility=""))
    conference_id = first.conference_id
    for role in ("chair", "social_worker"):
        staff = staff_sign_in(app, participant(role).staff_user)
        page = staff.get(f"/staff/conferences/{conference_id}").get_data(as_text=True)
        assert "Polish, both parents" in page
        assert "Help with childcare" in page and first.name in page
        needs = staff.get(f"/staff/conferences/{conference_id}/family-needs")
        text = needs.get_data(as_text=True)
        assert "Taking part by phone only" in text and "Step-free access" in text
    assert audit.events("practical_needs.viewed")


def test_needs_summary_groups_by_detail():
    class P:
        def __init__(self, pid, name):
            self.id, self.name = pid, name

    a, b, c = P("a", "Ann"), P("b", "Bo"), P("c", "Cy")
    needs = {"a": {"interpreter": "yes", "language": "Polish", "attend": "online"},
             "b": {"interpreter": "yes", "language": "polish ", "childcare": "yes"},
             "c": {"interpreter": "yes", "language": "Urdu", "dialect": "Mirpuri"}}
    summary = preparation.needs_summary([a, b, c], needs)
    assert summary[0] == ("interpreter", "Polish", [a, b], False)
    assert ("interpreter", "Urdu (Mirpuri)", [c], False) in summary
    assert ("childcare", "", [b], False) in summary
    both = preparation.needs_summary([a, b], needs)
    assert both[0] == ("interpreter", "Polish", [a, b], True)
    assert preparation.needs_summary([a], {}) == []


# --- the private safety request ----------------------------------------------------


@pytest.mark.both_databases
def test_safety_request_goes_to_chair_and_social_worker_flagged(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    response = visitor.post("/prepare/safety", SAFETY)
    assert response.status_code == 302
    item = _safety(parent)
    assert item.sent_at is not None and item.version == 1
    raw = db.session.execute(db.text(
        "SELECT answers FROM contributions WHERE kind = 'safety_request'")).scalar_one()
    assert b"Elm Road" not in bytes(raw)
    for role in ("chair", "social_worker"):
        person = participant(role)
        [told] = outbox_messages(app, person.email)
        assert "Elm Road" not in told["body"] and "ex-partner" not in told["body"]
        staff = staff_sign_in(app, person.staff_user)
        page = staff.get(f"/staff/conferences/{parent.conference_id}").get_data(as_text=True)
        assert "A parent has sent a private safety request" in page
        detail = staff.get(f"/staff/conferences/{parent.conference_id}/safety-requests/"
                           f"{item.id}").get_data(as_text=True)
        assert "My new address 9 Elm Road" in detail and "Weekdays 10 to 2" in detail
    # Pressing send twice sends once: no new version, nobody told again.
    visitor.post("/prepare/safety", SAFETY)
    assert [v.version for v in preparation.versions(_safety(parent))] == [1]
    assert len(outbox_messages(app, participant("chair").email)) == 1
    # Changing it keeps the earlier version.
    visitor.post("/prepare/safety", dict(SAFETY, safe_contact="Evenings only"))
    assert [v.version for v in preparation.versions(_safety(parent))] == [2, 1]


@pytest.mark.parametrize(("field", "limit"), [("unsafe_with", 1000), ("keep_from", 1000),
                                              ("safe_contact", 1000)])
def test_safety_fields_are_checked_and_typing_is_kept(app, field, limit):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    data = dict(SAFETY, **{field: "z" * (limit + 1)}, unsafe_with="Kept 😀 שלום") \
        if field != "unsafe_with" else dict(SAFETY, unsafe_with="z" * (limit + 1))
    page = visitor.post("/prepare/safety", data).get_data(as_text=True)
    assert f"Write {limit} characters or fewer" in page
    if field != "unsafe_with":
        assert "Kept 😀 שלום" in page
    assert _safety(parent) is None


def test_safety_request_needs_an_answer_about_messages(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    page = visitor.post("/prepare/safety", dict(SAFETY, messages_safe="")).get_data(
        as_text=True)
    assert "Is it safe for us to send messages to your phone or email?" in page
    assert "Choose yes or no" in page and "My new address 9 Elm Road" in page
    assert _safety(parent) is None


def test_not_safe_means_only_sign_in_codes(app):
    from app.services import messages

    parent = participant("parent")
    visitor = sign_in(app, parent)
    visitor.post("/prepare/safety", dict(SAFETY, messages_safe="no"))
    db.session.refresh(parent)
    assert parent.messages_safe is False
    before = len(outbox_messages(app, parent.email)) + len(outbox_messages(app, parent.mobile))
    with app.test_request_context():
        assert messages.send_something_new(parent, "http://localhost/sign-in") is False
        assert messages.send_invitation(parent, "email", parent.email, "http://x") is False
        assert messages.tell_family_who_may_see(parent.conference, lambda viewer: True) >= 0
    db.session.commit()
    after = len(outbox_messages(app, parent.email)) + len(outbox_messages(app, parent.mobile))
    assert after == before
    assert audit.events("message.withheld", participant_id=parent.id)
    # The code they ask for themselves still arrives.
    visitor.post("/sign-in", {"address": parent.mobile})
    assert "sign-in code" in outbox_messages(app, parent.mobile)[-1]["body"]
    # Saying it is safe again lets messages through.
    sign_in(app, parent).post("/prepare/safety", dict(SAFETY, messages_safe="yes"))
    db.session.refresh(parent)
    assert parent.messages_safe is True


# --- the access table for worksheets and safety requests -------------------------------

ROLES = ("parent_author", "parent_other", "young_person", "supporter", "interpreter",
         "professional", "social_worker", "chair")


def _viewer(role, conference):
    if role == "parent_author":
        return access.viewer_for_participant(participant("parent", conference))
    if role == "parent_other":
        return access.viewer_for_participant(participant("parent", conference, index=1))
    return access.viewer_for_participant(participant(role, conference))


# Which roles of the SAME conference read each item (the other conference reads nothing).
EXPECTED = {
    "worksheet_everyone": {"parent_author", "parent_other", "professional", "social_worker",
                           "chair"},
    "worksheet_private": {"parent_author", "social_worker", "chair"},
    "worksheet_draft": {"parent_author"},
    "safety_request": {"parent_author", "social_worker", "chair"},
    "needs": {"parent_author", "social_worker", "chair"},
}


@pytest.fixture
def items_in_a(app):
    author = participant("parent", "A")
    now = m.utcnow()
    everyone = m.Contribution(conference_id=author.conference_id, author_id=author.id,
                              kind="worksheet", answers={})
    db.session.add(everyone)
    db.session.flush()
    preparation._add_version(everyone, {"strengths": "x"}, m.AUDIENCE_EVERYONE, now)
    item, _new = preparation.send_safety_request(
        author, {"keep_from": "x", "messages_safe": "yes"}, now)
    needs = preparation.save_needs(author, {"interpreter": "yes", "language": "Polish"}, now)
    private = m.Contribution(conference_id=author.conference_id, author_id=author.id,
                             kind="worksheet", answers={})
    draft = m.Contribution(conference_id=author.conference_id, author_id=author.id,
                           kind="worksheet", answers={})
    db.session.add_all([private, draft])
    db.session.flush()
    preparation._add_version(private, {"strengths": "y"}, m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER,
                             now)
    db.session.commit()
    return {"worksheet_everyone": everyone, "worksheet_private": private,
            "worksheet_draft": draft, "safety_request": item, "needs": needs}


def _can(viewer, name, item):
    if name == "needs":
        return access.can_read_practical_needs(viewer, item)
    if not access.can_read_contribution(viewer, item):
        return False
    versions = preparation.versions(item)
    return not versions or all(
        access.can_read_contribution_version(viewer, item, v) for v in versions)


@pytest.mark.parametrize("conference", ["A", "B"])
@pytest.mark.parametrize("role", ROLES)
def test_access_table(items_in_a, role, conference):
    viewer = _viewer(role, conference)
    for name, item in items_in_a.items():
        expected = role in EXPECTED[name] and conference == "A"
        assert _can(viewer, name, item) == expected, (role, conference, name)
    assert access.can_see_family_needs(viewer, participant("parent", "A").conference_id) == (
        conference == "A" and role in ("social_worker", "chair"))


def test_staff_pages_answer_404_to_everyone_else(app, items_in_a):
    conference_a = participant("parent", "A").conference_id
    worksheet = items_in_a["worksheet_private"].id
    safety = items_in_a["safety_request"].id
    urls = (f"/staff/conferences/{conference_a}/family-needs",
            f"/staff/conferences/{conference_a}/worksheets/{worksheet}",
            f"/staff/conferences/{conference_a}/safety-requests/{safety}")
    # Staff of conference B cannot; nor the authority's administrator, who runs the system
    # and reads no safety request.
    for role in ("chair", "social_worker"):
        other = staff_sign_in(app, participant(role, "B").staff_user)
        for url in urls:
            assert other.get(url).status_code == 404, (role, url)
    # Family members and professionals cannot open staff pages at all.
    for role in ("parent", "young_person", "supporter", "interpreter", "professional"):
        visitor = sign_in(app, participant(role, "A"))
        for url in urls:
            assert visitor.get(url).status_code == 404, (role, url)
    admin = db.session.scalar(db.select(m.StaffUser).filter_by(role="admin"))
    admin_visitor = staff_sign_in(app, admin)
    for url in urls:
        assert admin_visitor.get(url).status_code == 404, url
    # A safety request is never shown under the worksheet address, nor the reverse.
    chair = staff_sign_in(app, participant("chair", "A").staff_user)
    assert chair.get(f"/staff/conferences/{conference_a}/worksheets/{safety}"
                     ).status_code == 404
    assert chair.get(f"/staff/conferences/{conference_a}/safety-requests/{worksheet}"
                     ).status_code == 404
    assert chair.get(urls[2]).status_code == 200
