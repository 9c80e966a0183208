"""Fetching through the access policy (app/rules/access.py): what each lookup hands back is what the
person may see, in order, and nothing from the other conference. One SQLite app with the
demo data and a few made-up items, built once for the file and only read by the tests."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from conftest import make_app, participant
from sqlalchemy import event

from app.data import demo
from app.data import models as m
from app.extensions import db
from app.rules import access

T0 = m.utcnow().replace(microsecond=0) - timedelta(days=1)


def at(minutes):
    return T0 + timedelta(minutes=minutes)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    application = make_app(tmp_path_factory.mktemp("access"))
    with application.app_context():
        db.create_all()
        demo.load(application.config["LOOKUP_PEPPER"])
        yield _build()
        db.session.remove()


def _build():
    a_parent, b_parent = participant("parent"), participant("parent", "B")
    a_sw, a_police = participant("social_worker"), participant("professional")
    a_young = participant("young_person")
    conf_a, conf_b = a_parent.conference, b_parent.conference
    w = SimpleNamespace(a=conf_a, b=conf_b)

    def report(conference, author, sharing, shared, created):
        item = m.Report(conference_id=conference.id, author_id=author.id, agency="Police",
                        title="Report", summary="Summary", sharing=sharing,
                        shared_at=T0 if shared else None, created_at=created)
        db.session.add(item)
        return item

    # Added out of order, so only the ordering by time can put them right.
    w.report_later = report(conf_a, a_police, "family", True, at(20))
    w.report_earlier = report(conf_a, a_police, "family", True, at(10))
    w.report_professionals = report(conf_a, a_police, "professionals", True, at(15))
    w.report_b = report(conf_b, participant("professional", "B"), "family", True, at(5))

    def item(conference, author, kind, audience, sent, updated, child=None):
        row = m.Contribution(conference_id=conference.id, author_id=author.id, kind=kind,
                             audience=audience, answers={}, child_id=child,
                             sent_at=T0 if sent else None, updated_at=updated)
        db.session.add(row)
        return row

    w.worksheet_later = item(conf_a, a_parent, "worksheet", m.AUDIENCE_EVERYONE, True, at(30))
    w.worksheet_earlier = item(conf_a, participant("parent", index=1), "worksheet",
                               m.AUDIENCE_EVERYONE, True, at(25))
    w.views = item(conf_a, a_young, "views", m.AUDIENCE_EVERYONE, True, at(40),
                   child=a_young.child_id)
    w.views_private = item(conf_a, a_young, "views", m.AUDIENCE_CHAIR_ONLY, True, at(41),
                           child=a_young.child_id)
    w.worksheet_b = item(conf_b, b_parent, "worksheet", m.AUDIENCE_EVERYONE, True, at(1))
    db.session.flush()
    for views in (w.views, w.views_private):
        db.session.add(m.ViewsDrawing(contribution_id=views.id, content=b"png",
                                      content_type="image/png", size=3, width=1, height=1))
    w.worksheet_drawing = m.ViewsDrawing(contribution_id=w.worksheet_later.id, content=b"png",
                                         content_type="image/png", size=3, width=1, height=1)
    db.session.add(w.worksheet_drawing)

    w.outcome_a = m.Outcome(conference_id=conf_a.id, decisions=[], published_at=T0)
    w.outcome_b = m.Outcome(conference_id=conf_b.id, decisions=[], published_at=None)
    w.minutes_a = m.Minutes(conference_id=conf_a.id, published_at=T0)
    w.minutes_b = m.Minutes(conference_id=conf_b.id, published_at=None)
    db.session.add_all([w.outcome_a, w.outcome_b, w.minutes_a, w.minutes_b])

    w.reply_later = m.ReportReply(report=w.report_later, participant=a_parent, agrees=True,
                                  created_at=at(50))
    w.reply_earlier = m.ReportReply(report=w.report_later,
                                    participant=participant("parent", index=1), agrees=False,
                                    created_at=at(45))
    db.session.add_all([w.reply_later, w.reply_earlier])

    def alert(conference, views, created):
        row = m.SafetyAlert(conference_id=conference.id, contribution_id=views.id,
                            raised_by_id=views.author_id, answer="safe:no", created_at=created)
        db.session.add(row)
        return row

    w.alert_seen = alert(conf_a, w.views, at(60))
    w.alert_new = alert(conf_a, w.views, at(70))
    w.alert_b = alert(conf_b, w.worksheet_b, at(65))
    db.session.flush()
    db.session.add(m.SafetyAlertSeen(alert_id=w.alert_seen.id, staff_user_id=a_sw.staff_user_id))
    db.session.commit()
    return w


def as_viewer(role, conference="A", index=0):
    return access.viewer_for_participant(participant(role, conference, index))


def ids(items):
    return [item.id for item in items]


# --- who is looking ------------------------------------------------------------------------


def test_a_participant_is_seen_as_their_role_in_their_own_conference(world):
    row = participant("interpreter")
    person = SimpleNamespace(role=row.role, conference=row.conference, id=row.id,
                             conference_id=row.conference_id, child_id=None, may_see_reports=0,
                             awaiting_chair_since=None)
    viewer = access.viewer_for_participant(person)
    assert viewer == access.Viewer(role=m.INTERPRETER, authority_id=world.a.authority_id,
                                   conference_id=world.a.id, participant_id=person.id,
                                   child_id=None, may_see_reports=False, awaiting_chair=False)
    assert viewer.may_see_reports is False
    # Invited by someone other than the chair, and the chair has not seen it yet.
    person.role, person.awaiting_chair_since = m.ADVOCATE, T0
    assert access.viewer_for_participant(person).awaiting_chair is True
    young = access.viewer_for_participant(participant("young_person"))
    assert young.child_id == participant("young_person").child_id


def test_a_staff_account_acts_only_where_it_takes_part_unless_it_administers(world):
    social_worker = participant("social_worker").staff_user
    viewer = access.viewer_for_staff(social_worker, world.a)
    assert (viewer.role, viewer.conference_id) == (m.SOCIAL_WORKER, world.a.id)
    assert viewer.participant_id == participant("social_worker").id
    assert access.viewer_for_staff(social_worker, world.b) is None
    assert access.viewer_for_staff(social_worker, None) is None
    elsewhere = SimpleNamespace(id=world.a.id, authority_id="another-authority")
    assert access.viewer_for_staff(social_worker, elsewhere) is None
    admin = db.session.scalar(db.select(m.StaffUser).filter_by(role=access.ADMIN))
    assert access.viewer_for_staff(admin, world.b) == access.Viewer(
        role=access.ADMIN, authority_id=admin.authority_id)
    assert access.viewer_for_staff(admin, elsewhere) is None


# --- reports ------------------------------------------------------------------------------


def test_a_parent_lists_only_the_reports_shared_with_the_family_oldest_first(world):
    assert ids(access.visible_reports(as_viewer("parent"), world.a.id)) == ids(
        [world.report_earlier, world.report_later])


def test_staff_list_every_report_of_their_conference_oldest_first(world):
    assert ids(access.visible_reports(as_viewer("social_worker"), world.a.id)) == ids(
        [world.report_earlier, world.report_professionals, world.report_later])
    assert access.visible_reports(as_viewer("social_worker", "B"), world.a.id) == []


def test_one_report_is_found_only_by_who_may_see_it(world):
    parent = as_viewer("parent")
    assert access.get_report(parent, world.report_later.id) is world.report_later
    assert access.get_report(parent, world.report_professionals.id) is None
    assert access.get_report(parent, world.report_b.id) is None
    assert access.get_report(parent, "no-such-report") is None


def test_a_report_comes_with_its_author_and_versions_in_one_query(world):
    """Every page of a report shows its author and its versions: they come with it."""
    parent, author = as_viewer("parent"), participant("professional")
    try:
        report = m.Report(conference_id=author.conference_id, author=author, agency="Police",
                          title="Report", summary="Summary", sharing="family", shared_at=T0)
        db.session.add(m.ReportVersion(report=report, content=b"%PDF", size=4))
        db.session.flush()
        # Nothing already loaded may stand in for the query.
        db.session.expunge(report)
        db.session.expire(author)
        statements = []

        def count(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            found = access.get_report(parent, report.id)
            shown = (found.author.name, len(found.versions))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert len(statements) == 1
        assert shown == (author.name, 1)
    finally:
        db.session.rollback()


def test_replies_reach_the_chair_in_order_and_a_parent_sees_their_own(world):
    chair = as_viewer("chair")
    assert ids(access.visible_replies(chair, world.report_later)) == ids(
        [world.reply_earlier, world.reply_later])
    assert ids(access.visible_replies(as_viewer("parent"), world.report_later)) == ids(
        [world.reply_later])
    assert access.visible_replies(as_viewer("chair", "B"), world.report_later) == []


# --- contributions and drawings -----------------------------------------------------------


def test_one_contribution_is_found_only_by_who_may_read_it(world):
    parent = as_viewer("parent")
    assert access.get_contribution(parent, world.worksheet_later.id) is world.worksheet_later
    assert access.get_contribution(parent, world.views_private.id) is None
    assert access.get_contribution(parent, world.worksheet_b.id) is None
    assert access.get_contribution(parent, "no-such-item") is None


def test_a_parent_lists_what_they_may_read_in_the_order_it_changed(world):
    assert ids(access.visible_contributions(as_viewer("parent"), world.a.id)) == ids(
        [world.worksheet_earlier, world.worksheet_later, world.views])


def test_a_childs_drawing_goes_with_the_views_it_belongs_to(world):
    parent, chair = as_viewer("parent"), as_viewer("chair")
    drawing = access.get_views_drawing(parent, world.views.id)
    assert drawing is not None and drawing.contribution_id == world.views.id
    assert access.get_views_drawing(chair, world.views_private.id).contribution_id == (
        world.views_private.id)
    assert access.get_views_drawing(parent, world.views_private.id) is None
    assert access.get_views_drawing(chair, world.worksheet_later.id) is None
    assert access.get_views_drawing(chair, "no-such-item") is None


def test_a_young_person_lists_no_views_of_their_own_as_shared_by_others(world):
    assert access.shared_views(as_viewer("young_person"), world.a.id) == []
    assert ids(access.shared_views(as_viewer("parent"), world.a.id)) == ids([world.views])
    assert ids(access.shared_views(as_viewer("chair"), world.a.id)) == ids(
        [world.views, world.views_private])


# --- outcome and minutes ------------------------------------------------------------------


def test_the_outcome_and_minutes_are_found_once_published_and_only_in_their_conference(world):
    assert access.get_outcome(as_viewer("parent"), world.a.id) is world.outcome_a
    assert access.get_minutes(as_viewer("parent"), world.a.id) is world.minutes_a
    assert access.get_outcome(as_viewer("parent", "B"), world.b.id) is None
    assert access.get_minutes(as_viewer("parent", "B"), world.b.id) is None
    assert access.get_outcome(as_viewer("social_worker", "B"), world.b.id) is world.outcome_b
    assert access.get_minutes(as_viewer("social_worker", "B"), world.b.id) is world.minutes_b
    assert access.get_outcome(as_viewer("parent", "B"), world.a.id) is None
    assert access.get_minutes(as_viewer("parent", "B"), world.a.id) is None


# --- safety alerts ------------------------------------------------------------------------


def test_staff_get_the_alerts_they_have_not_seen_where_they_take_part_newest_first(world):
    social_worker = participant("social_worker").staff_user
    assert ids(access.safety_alerts_for_staff(social_worker)) == ids([world.alert_new])
    chair_b = participant("chair", "B").staff_user
    assert ids(access.safety_alerts_for_staff(chair_b)) == ids([world.alert_b])
    # The chair of A has seen neither: both, newest first.
    chair_a = participant("chair").staff_user
    assert ids(access.safety_alerts_for_staff(chair_a)) == ids(
        [world.alert_new, world.alert_seen])
    # An administrator is not a reader of a child's safety answers, in any conference.
    admin = db.session.scalar(db.select(m.StaffUser).filter_by(role=access.ADMIN))
    assert access.safety_alerts_for_staff(admin) == []


# --- invitations waiting for the chair, and a child's advocate now ------------------------


def _invite(conference, role, child=None, created=None, awaiting=None, invited_by=None):
    person = m.Participant(conference=conference, role=role, name="Made Up", language="en",
                           child_id=child.id if child else None, created_at=created,
                           awaiting_chair_since=awaiting, invited_by=invited_by)
    db.session.add(person)
    return person


def _child(conference, name):
    return next(child for child in conference.children if child.first_name == name)


def test_a_childs_advocate_now_is_the_latest_one_the_chair_has_seen(world):
    conf_a = participant("parent").conference
    tilly, ravi = _child(conf_a, "Tilly"), _child(conf_a, "Ravi")
    first = participant("advocate")
    assert first.child_id == tilly.id
    def hours_later(hours):
        return first.created_at + timedelta(hours=hours)

    try:
        assert access.current_advocate_id(conf_a.id, tilly.id) == first.id
        # One invited later but not yet seen by the chair does not take over...
        waiting = _invite(conf_a, m.ADVOCATE, tilly, created=hours_later(2),
                          awaiting=hours_later(2))
        db.session.flush()
        assert access.current_advocate_id(conf_a.id, tilly.id) == first.id
        # ...one invited later and seen does, and so does a later one still.
        seen = _invite(conf_a, m.ADVOCATE, tilly, created=hours_later(1))
        db.session.flush()
        assert access.current_advocate_id(conf_a.id, tilly.id) == seen.id
        waiting.awaiting_chair_since = None
        db.session.flush()
        assert access.current_advocate_id(conf_a.id, tilly.id) == waiting.id
        # Only advocates, only of that child, only in that conference.
        assert access.current_advocate_id(conf_a.id, ravi.id) is None  # a young person
        assert access.current_advocate_id(participant("parent", "B").conference_id,
                                          tilly.id) is None
        assert access.current_advocate_id(conf_a.id, None) is None
        assert access.current_advocate_id(conf_a.id, "") is None
    finally:
        db.session.rollback()


def test_the_chair_sees_who_waits_for_them_in_the_conferences_they_chair_oldest_first(world):
    conf_a = participant("parent").conference
    conf_b = participant("parent", "B").conference
    social_worker = participant("social_worker").staff_user
    try:
        later = _invite(conf_a, m.ADVOCATE, _child(conf_a, "Tilly"), awaiting=at(90),
                        invited_by=social_worker)
        earlier = _invite(conf_a, m.YOUNG_PERSON, _child(conf_a, "Ravi"), awaiting=at(80),
                          invited_by=social_worker)
        _invite(conf_a, m.ADVOCATE, _child(conf_a, "Tilly"))  # seen already
        in_b = _invite(conf_b, m.CHILD, _child(conf_b, "Alfie"), awaiting=at(70))
        db.session.flush()
        chair_a, chair_b = participant("chair").staff_user, participant("chair", "B").staff_user
        assert ids(access.invitations_awaiting(chair_a)) == ids([earlier, later])
        assert ids(access.invitations_awaiting(chair_b)) == ids([in_b])
        # Only the chair: not the social worker who invited them, nor an administrator.
        assert access.invitations_awaiting(social_worker) == []
        admin = db.session.scalar(db.select(m.StaffUser).filter_by(role=access.ADMIN))
        assert access.invitations_awaiting(admin) == []
        # What the dashboard shows of each comes with them: no query per person.
        chair_id = chair_a.id
        db.session.expunge_all()
        chair_a = db.session.get(m.StaffUser, chair_id)
        statements = []

        def count(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            waiting = access.invitations_awaiting(chair_a)
            asked = len(statements)
            shown = [(p.conference.id, p.child.first_name, p.invited_by.name) for p in waiting]
            assert len(statements) == asked
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert shown == [(conf_a.id, "Ravi", social_worker.name),
                         (conf_a.id, "Tilly", social_worker.name)]
    finally:
        db.session.rollback()
