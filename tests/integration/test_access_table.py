"""One test walks the whole access table (product brief section 4): every role against every
kind of item, in the person's own conference and in the other demo conference."""

import pytest
from conftest import participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.rules import access
from app.services import invitations

NOW = m.utcnow()

ITEMS = ("meeting", "worksheet_private", "worksheet_everyone", "views_chair_only",
         "views_chair_sw", "views_everyone", "views_draft", "safety", "report_family",
         "report_young_person", "report_professionals", "report_unshared", "outcome",
         "taking_part", "taking_part_reason", "professionals_only")

EVERYTHING = set(ITEMS) - {"views_draft"}
# How each parent takes part (issue 18): the arrangement, its reason and the
# professionals-only part are the chair's and the social worker's; the coordinator sees
# the arrangement and the slot to run the diary, never the reason. A parent reads their own
# arrangement (never its reason); the other parent nothing of it.
TAKING_PART = {"taking_part", "taking_part_reason", "professionals_only"}
STAFF_REPORTS = {"report_family", "report_young_person", "report_professionals",
                 "report_unshared"}

EXPECTED = {
    # parent 1 wrote the private worksheet and the safety request
    "parent_author": {"meeting", "worksheet_private", "worksheet_everyone", "views_everyone",
                      "safety", "report_family", "report_young_person", "outcome",
                      "taking_part"},
    "parent_other": {"meeting", "worksheet_everyone", "views_everyone", "report_family",
                     "report_young_person", "outcome"},
    "young_person": {"meeting", "views_chair_only", "views_chair_sw", "views_everyone",
                     "views_draft", "report_young_person", "outcome"},
    "advocate": {"meeting", "views_chair_only", "views_chair_sw", "views_everyone",
                 "views_draft", "report_young_person", "outcome"},
    "supporter": {"meeting"},
    "interpreter": {"meeting"},
    # The chair lets them help with the reports: they help with the outcome too.
    "interpreter_allowed": {"meeting", "report_family", "report_young_person", "outcome"},
    "professional": {"meeting", "worksheet_everyone", "views_everyone", "outcome"} | STAFF_REPORTS,
    "coordinator": {"meeting", "worksheet_everyone", "views_everyone", "outcome",
                    "taking_part", "professionals_only"} | STAFF_REPORTS,
    "social_worker": {"meeting", "worksheet_private", "worksheet_everyone", "views_chair_sw",
                      "views_everyone", "safety", "outcome"} | STAFF_REPORTS | TAKING_PART,
    # Invited for the same child after the views were written: they read none of them.
    "young_person_later": {"meeting", "report_young_person", "outcome"},
    "advocate_later": {"meeting", "report_young_person", "outcome"},
    "chair": EVERYTHING,
    # The authority's administrator runs the system: no family member's words reach them.
    "admin": {"meeting", "outcome"} | STAFF_REPORTS,
}


def _contribution(conf, author, kind, audience, sent=True, child=None):
    item = m.Contribution(conference_id=conf.id, author_id=author.id, kind=kind,
                          audience=audience, answers={"text": "fictional"},
                          child_id=child, sent_at=NOW if sent else None, version=1,
                          child_advocate_id=access.current_advocate_id(conf.id, child))
    db.session.add(item)
    return item


def _report(conf, author, sharing="family", for_yp=False, shared=True):
    report = m.Report(conference_id=conf.id, author_id=author.id, agency="School",
                      title="Fictional report", summary="Fictional", sharing=sharing,
                      for_young_person=for_yp, shared_at=NOW if shared else None)
    report.versions.append(m.ReportVersion(content=b"%PDF-1.7 fictional", size=18))
    db.session.add(report)
    return report


def build_items(label):
    """Every kind of item, in one demo conference."""
    parent_1 = participant("parent", label, 0)
    parent_2 = participant("parent", label, 1)
    young = participant("young_person", label)
    police = participant("professional", label, agency="Police")
    conf = parent_1.conference
    child = young.child_id
    items = {
        "meeting": conf,
        "worksheet_private": _contribution(conf, parent_1, "worksheet",
                                           m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER),
        "worksheet_everyone": _contribution(conf, parent_2, "worksheet", m.AUDIENCE_EVERYONE),
        "views_chair_only": _contribution(conf, young, "views", m.AUDIENCE_CHAIR_ONLY,
                                          child=child),
        "views_chair_sw": _contribution(conf, young, "views",
                                        m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER, child=child),
        "views_everyone": _contribution(conf, young, "views", m.AUDIENCE_EVERYONE, child=child),
        "views_draft": _contribution(conf, young, "views", m.AUDIENCE_EVERYONE, sent=False,
                                     child=child),
        "safety": _contribution(conf, parent_1, "safety_request",
                                m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER),
        "report_family": _report(conf, police),
        "report_young_person": _report(conf, police, for_yp=True),
        "report_professionals": _report(conf, police, sharing="professionals"),
        "report_unshared": _report(conf, police, shared=False),
    }
    outcome = m.Outcome(conference_id=conf.id, decisions=[], published_at=NOW,
                        child_summary="Fictional summary")
    outcome.versions.append(m.OutcomeVersion(body="Fictional plan"))
    db.session.add(outcome)
    items["outcome"] = outcome
    # Parent 1 takes part separately with the chair, for a reason.
    taking_part = m.TakingPart(conference_id=conf.id, participant_id=parent_1.id,
                               mode=m.SEPARATELY, reason="Fictional reason",
                               meets_chair_at=conf.starts_at, outcome_password=False)
    db.session.add(taking_part)
    items["taking_part"] = items["taking_part_reason"] = taking_part
    items["professionals_only"] = conf
    db.session.flush()
    return items


def viewers(label):
    conf = participant("parent", label).conference
    advocate = m.Participant(conference=conf, role=m.ADVOCATE, name="Fictional Advocate",
                             child_id=participant("young_person", label).child_id)
    allowed = m.Participant(conference=conf, role=m.INTERPRETER, name="Fictional Interpreter",
                            may_see_reports=True)
    coordinator = m.Participant(conference=conf, role=m.COORDINATOR, name="Fictional Coord")
    db.session.add_all([advocate, allowed, coordinator])
    db.session.flush()
    admin = db.session.scalar(db.select(m.StaffUser).filter_by(role="admin"))
    people = {
        "parent_author": participant("parent", label, 0),
        "parent_other": participant("parent", label, 1),
        "young_person": participant("young_person", label),
        "advocate": advocate,
        "supporter": participant("supporter", label),
        "interpreter": participant("interpreter", label),
        "interpreter_allowed": allowed,
        "professional": participant("professional", label, agency="Police"),
        "coordinator": coordinator,
        "social_worker": participant("social_worker", label),
        "chair": participant("chair", label),
    }
    out = {name: access.viewer_for_participant(p) for name, p in people.items()}
    out["admin"] = access.viewer_for_staff(admin, conf)
    return out


def sees(viewer, kind, item):
    if kind == "meeting":
        return access.can_see_conference(viewer, item)
    if kind.startswith(("worksheet", "views", "safety")):
        return access.can_read_contribution(viewer, item)
    if kind.startswith("report"):
        return access.can_see_report(viewer, item)
    if kind == "taking_part":
        return access.own_taking_part(viewer, item) is not None
    if kind == "taking_part_reason":
        return access.can_see_taking_part_reason(viewer, item.conference_id)
    if kind == "professionals_only":
        return access.can_see_professionals_only_slot(viewer, item.id)
    return access.outcome_view_for(viewer, item) is not None


def later_viewers(label):
    """A young person and an advocate for the same child, invited after the views."""
    conf = participant("parent", label).conference
    child = participant("young_person", label).child_id
    later = {"young_person_later": m.Participant(conference=conf, role=m.YOUNG_PERSON,
                                                 name="Fictional Later", child_id=child),
             "advocate_later": m.Participant(conference=conf, role=m.ADVOCATE,
                                             name="Fictional Later Advocate", child_id=child)}
    db.session.add_all(later.values())
    db.session.flush()
    return {name: access.viewer_for_participant(p) for name, p in later.items()}


@pytest.mark.both_databases
def test_the_whole_access_table(app):
    people = viewers("A")
    items = {"A": build_items("A"), "B": build_items("B")}
    people.update(later_viewers("A"))
    assert set(people) == set(EXPECTED)
    mismatches = []
    for name, viewer in people.items():
        for kind in ITEMS:
            own = sees(viewer, kind, items["A"][kind])
            if own != (kind in EXPECTED[name]):
                mismatches.append(f"{name} / {kind} in own conference: got {own}")
            if name != "admin" and sees(viewer, kind, items["B"][kind]):
                mismatches.append(f"{name} / {kind} in the other conference: visible")
    assert not mismatches, "\n".join(mismatches)


def test_an_admin_of_another_authority_sees_nothing(app):
    items = build_items("A")
    other = m.Authority(name="Another fictional authority")
    stranger = m.StaffUser(authority=other, email="x@example.com", name="X", role="admin",
                           password_hash="x", totp_secret="x")
    db.session.add_all([other, stranger])
    db.session.flush()
    assert access.viewer_for_staff(stranger, items["meeting"]) is None


@pytest.mark.parametrize("role", ["parent", "young_person", "professional"])
def test_family_get_their_own_redacted_version(app, role):
    items = build_items("A")
    report = items["report_young_person"]
    person = participant(role, "A")
    report.versions.append(m.ReportVersion(recipient_id=person.id, content=b"%PDF redacted",
                                           size=13))
    db.session.flush()
    other_parent = participant("parent", "A", 1)
    mine = access.report_version_for(access.viewer_for_participant(person), report)
    theirs = access.report_version_for(access.viewer_for_participant(other_parent), report)
    if role == "professional":
        assert mine.recipient_id is None  # professionals always read the full report
    else:
        assert mine.recipient_id == person.id
    assert theirs.recipient_id is None


def test_draft_outcome_is_for_chair_and_social_worker_only(app):
    items = build_items("A")
    items["outcome"].published_at = None
    seen = {name for name, v in viewers("A").items()
            if access.outcome_view_for(v, items["outcome"]) is not None}
    assert seen == {"chair", "admin", "social_worker"}


def test_redacted_outcome_version_goes_only_to_its_recipient(app):
    items = build_items("A")
    parent_1 = participant("parent", "A", 0)
    outcome = items["outcome"]
    outcome.versions.append(m.OutcomeVersion(recipient_id=parent_1.id, body="Redacted plan"))
    db.session.flush()
    people = viewers("A")
    assert access.outcome_view_for(people["parent_author"], outcome)[1].body == "Redacted plan"
    assert access.outcome_view_for(people["parent_other"], outcome)[1].body == "Fictional plan"
    assert access.outcome_view_for(people["young_person"], outcome) == (
        "child", "Fictional summary")


# Which roles each inviter may give: nobody can be given more than their inviter sees.
INVITES = {
    "chair": set(m.PARTICIPANT_ROLES),
    "social_worker": set(m.FAMILY_ROLES) | {m.PROFESSIONAL},
    # A coordinator reads as a professional: not the family's interpreting needs, which
    # an interpreter reads, nor a worksheet sent to the chair and social worker.
    "coordinator": {m.PARENT, m.YOUNG_PERSON, m.CHILD, m.ADVOCATE, m.SUPPORTER,
                    m.PROFESSIONAL, m.COORDINATOR},
    "admin": set(),
}


def _sees_anywhere(viewer, items):
    return {(label, kind) for label, by_kind in items.items() for kind, item in by_kind.items()
            if sees(viewer, kind, item)}


@pytest.mark.parametrize("inviter_name", sorted(INVITES))
@pytest.mark.parametrize("label", ["A", "B"])
def test_no_invitation_gives_anyone_more_than_its_sender_sees(app, label, inviter_name):
    people = viewers(label)
    inviter = people[inviter_name]
    assert set(access.invitable_roles(inviter)) == INVITES[inviter_name]
    assert access.can_invite(inviter) == bool(INVITES[inviter_name])
    conf = participant("parent", label).conference
    child = participant("young_person", label).child_id
    invited = {}
    for role in m.PARTICIPANT_ROLES:
        person = invitations.new_participant(inviter, conf, role, f"Fictional {role}",
                                             invited_by_id=None, now=NOW, child_id=child)
        assert (person is not None) == (role in INVITES[inviter_name]), role
        if person is not None:
            db.session.add(person)
            invited[role] = person
    db.session.flush()
    # The items are written after the invitations: an invited advocate is the child's
    # advocate when the child writes.
    other = "B" if label == "A" else "A"
    items = {label: build_items(label), other: build_items(other)}
    inviter_sees = _sees_anywhere(inviter, items)
    too_much = {role: sorted(_sees_anywhere(access.viewer_for_participant(person), items)
                             - inviter_sees)
                for role, person in invited.items()}
    if inviter_name == "chair":
        # The one thing beyond the chair: an advocate the chair chose helps the child with
        # their views before they are sent.
        assert too_much.pop(m.ADVOCATE) == [(label, "views_draft")]
    assert not any(too_much.values()), too_much
    if inviter_name in ("social_worker", "coordinator"):
        # Told to the chair. Were they the child's advocate when the views were begun, the
        # advocate reads them only once the chair has seen the invitation.
        for role in m.ABOUT_ONE_CHILD:
            assert invited[role].awaiting_chair_since is not None
        # New views go with the child's advocate the chair knows, not the newcomer.
        assert access.current_advocate_id(conf.id, child) == people["advocate"].participant_id
        items[label]["views_chair_only"].child_advocate_id = invited[m.ADVOCATE].id
        assert not sees(access.viewer_for_participant(invited[m.ADVOCATE]), "views_chair_only",
                        items[label]["views_chair_only"])
        invited[m.ADVOCATE].awaiting_chair_since = None
        assert sees(access.viewer_for_participant(invited[m.ADVOCATE]), "views_chair_only",
                    items[label]["views_chair_only"])
        # A young person invited later never reads what the child wrote before.
        assert not sees(access.viewer_for_participant(invited[m.YOUNG_PERSON]),
                        "views_chair_only", items[label]["views_chair_only"])
    if inviter_name == "chair":
        assert all(person.awaiting_chair_since is None for person in invited.values())


# --- the staff pages that run a conference, for every role in both demo conferences ---------

OUTCOME_PAGES = ("outcome", "outcome_decision", "outcome_plan", "outcome_dates",
                 "outcome_people", "outcome_check")
STAFF_PAGES = ("change", "status", "person", "resend", "remove", *OUTCOME_PAGES,
               "interpreting")

# What each role opens in their own conference (anything else answers 404). The people pages
# are about a parent of that conference; the outcome check page needs a saved outcome.
PAGES_EXPECTED = {
    "chair": set(STAFF_PAGES),
    "social_worker": {"change", "status", "person", "resend", "remove"},
    # The authority's administrator runs the conference's details, not its people.
    "admin": {"change", "status", *OUTCOME_PAGES},
}
FAMILY_AND_PROFESSIONALS = ("parent", "young_person", "advocate", "supporter", "interpreter",
                            "professional")


def _page_urls(label):
    conference = participant("chair", label).conference
    parent = participant("parent", label, 1)
    base = f"/staff/conferences/{conference.id}"
    return {"change": f"{base}/change", "status": f"{base}/status",
            "person": f"{base}/people/{parent.id}", "resend": f"{base}/people/{parent.id}/resend",
            "remove": f"{base}/people/{parent.id}/remove", "outcome": f"{base}/outcome",
            "outcome_decision": f"{base}/outcome/decision/{conference.children[0].id}",
            "outcome_plan": f"{base}/outcome/plan", "outcome_dates": f"{base}/outcome/dates",
            "outcome_people": f"{base}/outcome/people", "outcome_check": f"{base}/outcome/check",
            "interpreting": f"{base}/people/{participant('interpreter', label).id}/interpreting"}


def _visitor(app, name, label):
    if name == "admin":
        return staff_sign_in(app, db.session.scalar(db.select(m.StaffUser).filter_by(
            role="admin")))
    person = participant(name, label)
    if person.staff_user is not None:
        return staff_sign_in(app, person.staff_user)
    return sign_in(app, person)


@pytest.mark.parametrize("name", sorted(PAGES_EXPECTED) + list(FAMILY_AND_PROFESSIONALS))
def test_the_pages_that_run_a_conference_for_every_role_in_both_conferences(app, name):
    for label in ("A", "B"):
        conference = participant("chair", label).conference
        outcome = m.Outcome(conference_id=conference.id, decisions=[])
        outcome.versions.append(m.OutcomeVersion(body="Fictional plan"))
        db.session.add(outcome)
    db.session.commit()
    urls = {label: _page_urls(label) for label in ("A", "B")}
    visitor = _visitor(app, name, "A")
    wrong = []
    for label in ("A", "B"):
        for page in STAFF_PAGES:
            status = visitor.get(urls[label][page]).status_code
            opens = label == "A" and page in PAGES_EXPECTED.get(name, set())
            # The administrator's authority runs both demo conferences.
            if name == "admin" and label == "B":
                opens = page in PAGES_EXPECTED["admin"]
            if (status == 200) != opens:
                wrong.append(f"{name} / {page} in {label}: {status}")
    assert not wrong, "\n".join(wrong)
    # Nor can they act where they may not look.
    if name in FAMILY_AND_PROFESSIONALS:
        for page in ("status", "remove"):
            # With a genuine token from their own home page: refused as not found.
            assert visitor.post(urls["A"][page], {"status": "cancelled"},
                                form_url="/home").status_code == 404
        assert participant("chair", "A").conference.status == "scheduled"
        assert participant("parent", "A", 1).removed_at is None
