"""The copies on staff participant rows (app/data/staff_index.py) stay true to what they
copy, whichever way it changes: a dashboard built on a wrong copy would hide a conference
or a safety alert from the person who has to act on it."""

import importlib.util
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.data import models as m
from app.data.demo_scale import add_conferences
from app.extensions import db
from app.rules import clock
from app.services import arrangements, caseload, child_views, conferences
from tests.helpers import participant, staff_sign_in

MIGRATION = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "staff_index.py"


def _wrong_copies():
    """Every staff participant row whose copies differ from what they copy, worked out
    here from the source rows: [(participant id, field, copied, true)]."""
    db.session.expire_all()
    seen = {(row.alert_id, row.staff_user_id) for row in db.session.scalars(
        db.select(m.SafetyAlertSeen))}
    alerts = {}
    for alert in db.session.scalars(db.select(m.SafetyAlert)):
        alerts.setdefault(alert.conference_id, []).append(alert.id)
    wrong = []
    for person in db.session.scalars(db.select(m.Participant).where(
            m.Participant.staff_user_id.is_not(None))):
        conference = person.conference
        unseen = any((alert_id, person.staff_user_id) not in seen
                     for alert_id in alerts.get(conference.id, []))
        for field, copied, true in (
                ("starts_at", person.conference_starts_at, conference.starts_at),
                ("done", person.conference_done, conference.after_work_done),
                ("unseen alert", person.unseen_safety_alert, unseen)):
            if copied != true:
                wrong.append((person.id, field, copied, true))
    return wrong


def _alert(conference_id):
    """A child's safety alert in this conference, raised through the views the child sent."""
    young = participant(m.YOUNG_PERSON)
    views = m.Contribution(conference_id=conference_id, author_id=young.id, kind="views",
                           child_id=young.child_id, answers={})
    db.session.add(views)
    db.session.flush()
    alert = m.SafetyAlert(conference_id=conference_id, contribution_id=views.id,
                          child_id=young.child_id, raised_by_id=young.id, answer="safe:no")
    db.session.add(alert)
    db.session.commit()
    return alert


@pytest.mark.both_databases
def test_the_copies_are_true_for_the_demo_and_generated_history(app):
    add_conferences(30, "pepper", staff_share=1)
    assert db.session.scalar(db.select(sa.func.count()).select_from(m.Participant).where(
        m.Participant.staff_user_id.is_not(None), m.Participant.conference_done)) > 0
    assert _wrong_copies() == []


@pytest.mark.both_databases
def test_a_new_date_moves_every_staff_copy(app):
    chair = participant(m.CHAIR)
    conference = chair.conference
    later = conference.starts_at + timedelta(days=9)
    with app.test_request_context(base_url="http://localhost"):
        conferences.change(conference, {"starts_at": later}, chair.staff_user_id)
    assert _wrong_copies() == []
    assert db.session.get(m.Participant, chair.id).conference_starts_at == later
    # A meeting that did not go ahead and was moved again, through its own page's service.
    conference = db.session.get(m.Conference, conference.id)
    again = later + timedelta(days=7)
    with app.test_request_context(base_url="http://localhost"):
        arrangements.record_meeting_change(conference, m.POSTPONED, "Fictional reason",
                                           "All", again, chair.staff_user_id, clock.uk_now())
    assert _wrong_copies() == []
    assert db.session.get(m.Participant, chair.id).conference_starts_at == again


@pytest.mark.both_databases
def test_someone_of_staff_invited_later_gets_the_copies(app):
    chair = participant(m.CHAIR)
    other_social_worker = participant(m.SOCIAL_WORKER, "B").staff_user
    _alert(chair.conference_id)
    person = m.Participant(conference_id=chair.conference_id, role=m.PROFESSIONAL,
                           name="Fictional Helper", staff_user_id=other_social_worker.id)
    db.session.add(person)
    db.session.commit()
    assert _wrong_copies() == []
    person = db.session.get(m.Participant, person.id)
    assert person.conference_starts_at == person.conference.starts_at
    assert person.unseen_safety_alert


@pytest.mark.both_databases
def test_work_done_and_undone_follows_the_outcome_and_the_status(app):
    add_conferences(20, "pepper", staff_share=1)
    done = db.session.scalars(db.select(m.Conference).where(m.Conference.after_work_done)
                              ).first()
    minutes = db.session.scalar(db.select(m.Minutes).filter_by(conference_id=done.id))
    minutes.published_at = None
    db.session.commit()
    assert _wrong_copies() == []
    staff_rows = db.session.scalars(db.select(m.Participant).where(
        m.Participant.conference_id == done.id, m.Participant.staff_user_id.is_not(None))).all()
    assert staff_rows and not any(row.conference_done for row in staff_rows)
    conference = db.session.get(m.Conference, done.id)
    conference.status = "cancelled"
    db.session.commit()
    assert _wrong_copies() == []
    # In bulk, as a purge or a data fix would: the published minutes again.
    db.session.execute(sa.update(m.Conference).where(m.Conference.id == done.id)
                       .values(status="scheduled"))
    db.session.commit()
    assert _wrong_copies() == []


@pytest.mark.both_databases
def test_an_alert_waits_for_each_member_of_staff_until_they_mark_it(app):
    chair, social_worker = participant(m.CHAIR), participant(m.SOCIAL_WORKER)
    alert = _alert(chair.conference_id)
    assert _wrong_copies() == []
    for person in (chair, social_worker):
        assert db.session.get(m.Participant, person.id).unseen_safety_alert
    child_views.mark_alert_seen(db.session.get(m.SafetyAlert, alert.id),
                                social_worker.staff_user_id)
    assert _wrong_copies() == []
    assert not db.session.get(m.Participant, social_worker.id).unseen_safety_alert
    # Seen by one is not seen by all.
    assert db.session.get(m.Participant, chair.id).unseen_safety_alert
    assert [a.id for a, _v in caseload.unseen_safety_alerts(chair.staff_user)] == [alert.id]
    assert caseload.unseen_safety_alerts(social_worker.staff_user) == []
    # A "seen" taken back in bulk (a data fix): the alert waits for them again.
    db.session.execute(sa.delete(m.SafetyAlertSeen).where(
        m.SafetyAlertSeen.staff_user_id == social_worker.staff_user_id))
    db.session.commit()
    assert _wrong_copies() == []
    assert [a.id for a, _v in caseload.unseen_safety_alerts(social_worker.staff_user)] == [
        alert.id]


@pytest.mark.both_databases
def test_the_dashboard_follows_a_moved_conference(app):
    """What the copies are for: the chair's conferences to come, soonest first, from their
    own rows. Moved past the other demo conference's date, it is listed after it."""
    chair = participant(m.CHAIR)
    other = participant(m.CHAIR, "B").conference
    person = m.Participant(conference_id=other.id, role=m.PROFESSIONAL, name="Fictional Chair",
                           staff_user_id=chair.staff_user_id)
    db.session.add(person)
    db.session.commit()
    page = staff_sign_in(app, chair.staff_user)
    order = caseload.open_work(chair.staff_user, clock.uk_now()).conferences
    assert [c.id for c in order] == [chair.conference_id, other.id]
    with app.test_request_context(base_url="http://localhost"):
        conferences.change(chair.conference,
                           {"starts_at": other.starts_at + timedelta(days=3)},
                           chair.staff_user_id)
    order = caseload.open_work(chair.staff_user, clock.uk_now()).conferences
    assert [c.id for c in order] == [other.id, chair.conference_id]
    assert page.get("/staff/").status_code == 200


@pytest.mark.both_databases
def test_the_migration_fills_the_copies_of_an_existing_database(app):
    spec = importlib.util.spec_from_file_location("staff_index_migration", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    _alert(participant(m.CHAIR).conference_id)
    add_conferences(10, "pepper", staff_share=1)
    # As a database made before the copies: all at their column defaults (on the
    # connection, which the session's refresh of the copies does not watch).
    db.session.connection().execute(sa.update(m.Participant.__table__).values(
        conference_starts_at=None, conference_done=False, unseen_safety_alert=False))
    db.session.commit()
    assert _wrong_copies() != []
    db.session.execute(migration.COPY)
    db.session.commit()
    assert _wrong_copies() == []
