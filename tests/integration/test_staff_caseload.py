"""A chair's dashboard shows what can still need them; the rest is history, a page at a
time, and only their own."""

import re
from datetime import timedelta

import pytest

from app.data import models as m
from app.data.demo_scale import add_conferences
from app.data.work_done import work_done_expression
from app.extensions import db
from app.services import caseload
from tests.helpers import Person, participant, sign_in, staff_sign_in


def _visible(response):
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _conference_links(response):
    return re.findall(r'href="/staff/conferences/([^"/]+)"', response.get_data(as_text=True))


@pytest.mark.both_databases
def test_dashboard_shows_only_what_is_to_come_or_still_open(app):
    demo_chair = participant(m.CHAIR)
    chair = demo_chair.staff_user
    add_conferences(40, "pepper", staff_share=1)  # the chair sits in all 40
    now = m.utcnow()
    theirs = db.session.scalars(db.select(m.Conference).join(m.Participant).where(
        m.Participant.staff_user_id == chair.id)).all()
    expected = set(c.id for c in caseload.open_conferences(chair, now))
    past_and_done = [c for c in theirs if c.id not in expected]
    assert past_and_done, "the generator should have made finished conferences"
    # A finished conference whose minutes are then found missing is open work again.
    reopened = past_and_done[0]
    db.session.execute(db.delete(m.MinutesVersion).where(m.MinutesVersion.minutes_id.in_(
        db.select(m.Minutes.id).where(m.Minutes.conference_id == reopened.id))))
    db.session.execute(db.delete(m.Minutes).where(m.Minutes.conference_id == reopened.id))
    db.session.commit()

    page = staff_sign_in(app, chair).get("/staff/")
    shown = set(_conference_links(page))
    assert reopened.id in shown
    for conference in past_and_done[1:]:
        assert conference.id not in shown
    assert demo_chair.conference_id in shown
    assert "Past conferences" in _visible(page)


def test_history_is_paged_newest_first_and_holds_only_their_conferences(app):
    chair = participant(m.CHAIR).staff_user
    other_chair = participant(m.CHAIR, "B").staff_user
    add_conferences(60, "pepper", staff_share=1)
    other = add_conferences(5, "pepper", seed=9, staff_share=1000)  # none are theirs
    assert other == 1  # the first of a batch always has the demo chair; the rest do not
    visitor = staff_sign_in(app, chair)
    first = visitor.get("/staff/history")
    assert first.status_code == 200
    text = _visible(first)
    assert "Past conferences" in text and "Page 1 of" in text and "Older" in text
    assert "Newer" not in text
    ids = _conference_links(first)
    assert len(ids) == caseload.HISTORY_PAGE_SIZE
    starts = [db.session.get(m.Conference, i).starts_at for i in ids]
    assert starts == sorted(starts, reverse=True)
    second = visitor.get("/staff/history?page=2")
    assert "Newer" in _visible(second)
    assert not set(ids) & set(_conference_links(second))
    mine = {c.id for c in db.session.scalars(db.select(m.Conference).join(m.Participant).where(
        m.Participant.staff_user_id == chair.id))}
    for response in (first, second, visitor.get("/staff/history?page=999"),
                     visitor.get("/staff/history?page=-3")):
        assert response.status_code == 200
        assert set(_conference_links(response)) <= mine
    assert other_chair.id != chair.id


def test_history_is_for_staff_only(app):
    for person in (sign_in(app, participant(m.PARENT)), sign_in(app, participant(m.ADVOCATE)),
                   Person(app)):
        response = person.get("/staff/history")
        assert response.status_code in (302, 404)
        assert "Past conferences" not in _visible(response)


def test_a_conference_still_to_come_is_never_history(app):
    chair = participant(m.CHAIR).staff_user
    conference = db.session.get(m.Conference, participant(m.CHAIR).conference_id)
    now = m.utcnow()
    assert conference.starts_at > now
    assert conference not in caseload.history(chair, now).conferences
    conference.starts_at = now - timedelta(days=400)
    db.session.commit()
    assert conference in caseload.history(chair, now).conferences


def test_the_dashboard_works_out_how_the_chair_acts_in_each_conference_once(app, monkeypatch):
    """The safety alerts and the "after the conference" panel both need how the chair acts
    in each conference: it is looked up once, and each panel still shows its rows."""
    demo_chair = participant(m.CHAIR)
    conference = demo_chair.conference
    conference.starts_at = m.utcnow() - timedelta(days=40)  # held: its outcome is late
    db.session.commit()
    calls = []
    real = caseload.viewers
    monkeypatch.setattr(caseload, "viewers",
                        lambda *args: calls.append(args) or real(*args))
    page = staff_sign_in(app, demo_chair.staff_user).get("/staff/")
    assert page.status_code == 200
    assert len(calls) <= 1  # once, or not at all where the open work brings it
    # The panel knows the chair is chair there: it offers what only they may do.
    html = page.get_data(as_text=True)
    assert (f'href="/staff/conferences/{conference.id}/outcome"' in html
            or f'href="/staff/conferences/{conference.id}/minutes"' in html)


def test_the_dashboard_shows_the_soonest_conferences_to_come_and_pages_the_rest(app):
    chair = participant(m.CHAIR).staff_user
    add_conferences(400, "pepper", staff_share=1)  # about 30 still to come
    now = m.utcnow()
    to_come = db.session.scalars(
        db.select(m.Conference).join(m.Participant)
        .where(m.Participant.staff_user_id == chair.id, m.Conference.starts_at >= now)
        .order_by(m.Conference.starts_at, m.Conference.id)).all()
    assert len(to_come) > caseload.UPCOMING_SHOWN + caseload.HISTORY_PAGE_SIZE
    visitor = staff_sign_in(app, chair)
    dashboard = visitor.get("/staff/")
    html = dashboard.get_data(as_text=True)
    heading = html.index("Your conferences: coming up, or with work left after the meeting")
    listed = html[heading:html.index("</ul>", heading)]
    shown = re.findall(r'href="/staff/conferences/([^"/#]+)"', listed)
    soonest = [c.id for c in to_come[:caseload.UPCOMING_SHOWN]]
    assert set(soonest) <= set(shown)
    assert not {c.id for c in to_come[caseload.UPCOMING_SHOWN:]} & set(shown)
    text = _visible(dashboard)
    assert "Only the 10 soonest conferences coming up are shown here." in text
    assert 'href="/staff/upcoming"' in html
    first, second = visitor.get("/staff/upcoming"), visitor.get("/staff/upcoming?page=2")
    assert "Conferences coming up" in _visible(first) and "Page 1 of" in _visible(first)
    assert _conference_links(first) == [c.id for c in to_come[:caseload.HISTORY_PAGE_SIZE]]
    assert _conference_links(second)[0] == to_come[caseload.HISTORY_PAGE_SIZE].id


def test_a_conference_is_marked_done_only_when_nothing_is_left_after_it(app):
    """The flag that keeps the history out of the dashboard's queries follows the outcome,
    the minutes, each child told and the status, whichever way they change."""
    add_conferences(40, "pepper", staff_share=1)
    now = m.utcnow()

    def flags():
        db.session.expire_all()
        return {c.id: c.after_work_done for c in db.session.scalars(db.select(m.Conference))}

    expected = {c.id: db.session.scalar(db.select(work_done_expression()).where(
        m.Conference.id == c.id)) for c in db.session.scalars(db.select(m.Conference))}
    assert flags() == expected
    done = next(c for c in db.session.scalars(db.select(m.Conference)) if flags()[c.id])
    assert done.starts_at < now
    # A child added after the outcome was told: work again, until they are told too.
    child = m.Child(first_name="Fictional", age=5)
    done.children.append(child)
    db.session.commit()
    assert not flags()[done.id]
    outcome = db.session.scalar(db.select(m.Outcome).filter_by(conference_id=done.id))
    outcome.children_told.append(m.ChildTold(child_id=child.id, told_at=now,
                                             how="social_worker"))
    db.session.commit()
    assert flags()[done.id]
    # Minutes taken back, then published again; a cancelled conference needs nothing.
    minutes = db.session.scalar(db.select(m.Minutes).filter_by(conference_id=done.id))
    minutes.published_at = None
    db.session.commit()
    assert not flags()[done.id]
    done = db.session.get(m.Conference, done.id)
    done.status = "cancelled"
    db.session.commit()
    assert flags()[done.id]
