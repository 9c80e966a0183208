"""Staff change a conference once made: reschedule, cancel or postpone, resend an
invitation, remove a person, correct their details. Every change is audited without
content, and everyone affected is told only that the details changed."""

import re
from datetime import datetime, timedelta

import pytest
from conftest import (
    Person,
    invitation_link,
    latest_code,
    outbox_messages,
    participant,
    sign_in,
    staff_sign_in,
)
from visible import visible

from app.data import models as m
from app.extensions import db
from app.rules import clock
from app.services import audit

NEW_VENUE = ('Room 2 & "the annexe", Fictional House\n'
             "Second floor \u0627\u0644\u0637\u0627\u0628\u0642")


def _new_day():
    return (clock.uk_now() + timedelta(days=20)).date()


def _reschedule(visitor, conference, day=None, **extra):
    day = day or _new_day()
    data = {"date": [str(day.day), str(day.month), str(day.year)], "time": "14:00",
            "premeet_time": "", "format": "in_person", "venue": NEW_VENUE,
            "joining_details": ""}
    data.update(extra)
    return visitor.post(f"/staff/conferences/{conference.id}/change", data)


@pytest.mark.both_databases
def test_the_chair_reschedules_and_everyone_is_told_only_that_details_changed(app):
    chair_person, parent = participant("chair"), participant("parent")
    conference = chair_person.conference
    # A report already shared keeps the deadline in force when it was shared.
    report = db.session.scalar(db.select(m.Report).filter_by(conference_id=conference.id)
                               .where(m.Report.shared_at.is_not(None)).limit(1))
    kept = report.share_deadline if report else None
    chair = staff_sign_in(app, chair_person.staff_user)
    form = visible(chair.get(f"/staff/conferences/{conference.id}/change"))
    assert "Change the date, time or place" in form
    response = _reschedule(chair, conference)
    assert response.status_code == 302
    db.session.refresh(conference)
    assert conference.starts_at == datetime.combine(_new_day(), datetime.min.time()).replace(
        hour=14)
    assert conference.venue == NEW_VENUE
    event = audit.events("conference.changed")[-1]
    assert {"starts_at", "venue"} <= set(event.detail.split(","))
    assert "Fictional House" not in (event.detail or "")
    told = [message for message in outbox_messages(app)
            if "details of the conference have changed" in message["body"]]
    assert told, "nobody was told"
    for message in told:
        assert "Fictional House" not in message["body"] and "14:00" not in message["body"]
        assert "/sign-in" in message["body"]
    assert db.session.scalar(db.select(m.OutboxMessage).filter_by(
        participant_id=parent.id, purpose="details-changed")) is not None
    # The chair who made the change is not messaged about it.
    assert db.session.scalar(db.select(m.OutboxMessage).filter_by(
        participant_id=chair_person.id, purpose="details-changed")) is None
    home = visible(sign_in(app, parent).get("/home"))
    assert "Fictional House" in home
    if report is not None:
        db.session.refresh(report)
        assert report.share_deadline == kept


def test_rescheduling_to_an_implausible_date_is_refused_and_input_kept(app):
    chair_person = participant("chair")
    conference = chair_person.conference
    before = conference.starts_at
    chair = staff_sign_in(app, chair_person.staff_user)
    response = _reschedule(chair, conference, day=datetime(2020, 1, 1).date())
    assert response.status_code == 200
    page = visible(response)
    assert "The date of the conference must be today or in the future" in page
    assert "Fictional House" in response.get_data(as_text=True)
    db.session.refresh(conference)
    assert conference.starts_at == before


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_cancelled_or_postponed_shows_the_family_a_notice_and_deletes_nothing(app, status):
    social_worker, parent = participant("social_worker"), participant("parent")
    conference = social_worker.conference
    counts = {model: db.session.scalar(db.select(db.func.count()).select_from(model))
              for model in (m.Contribution, m.Report, m.Participant)}
    visitor = staff_sign_in(app, social_worker.staff_user)
    response = visitor.post(f"/staff/conferences/{conference.id}/status", {"status": status})
    assert response.status_code == 302
    db.session.refresh(conference)
    assert conference.status == status
    assert audit.events("conference.status_changed")[-1].detail == status
    home = visible(sign_in(app, parent).get("/home"))
    assert f"The conference has been {status}." in home
    assert "The meeting" not in home
    for model, count in counts.items():
        assert db.session.scalar(db.select(db.func.count()).select_from(model)) == count
    # The staff page says so too.
    assert f"This conference is {status}" in visible(visitor.get(
        f"/staff/conferences/{conference.id}"))


def test_a_new_invitation_stops_the_old_link_at_once(app):
    social_worker, parent = participant("social_worker"), participant("parent")
    old_link = invitation_link(app, parent)
    assert Person(app).get(old_link).status_code == 200
    visitor = staff_sign_in(app, social_worker.staff_user)
    url = f"/staff/conferences/{parent.conference_id}/people/{parent.id}/resend"
    assert "Any link sent before stops working at once" in visible(visitor.get(url))
    response = visitor.post(url, {})
    assert response.status_code == 302
    assert Person(app).get(old_link).status_code == 404
    links = {match.group(1) for message in outbox_messages(app, parent.email)
             for match in [re.search(r"http://localhost(/invite/\S+)", message["body"])]
             if match}
    new_links = links - {old_link}
    assert len(new_links) == 1
    new_link = new_links.pop()
    assert Person(app).get(new_link).status_code == 200
    event = audit.events("participant.invitation_resent")[-1]
    assert event.object_id == parent.id and event.staff_user_id == social_worker.staff_user_id


@pytest.mark.both_databases
def test_a_removed_persons_session_link_and_address_are_refused_and_their_writing_stays(app):
    social_worker, parent = participant("social_worker"), participant("parent")
    conference = social_worker.conference
    family_visitor = sign_in(app, parent)
    assert family_visitor.get("/home").status_code == 200
    old_link = invitation_link(app, parent)
    written = db.session.scalars(db.select(m.Contribution).filter_by(author_id=parent.id)).all()
    visitor = staff_sign_in(app, social_worker.staff_user)
    url = f"/staff/conferences/{conference.id}/people/{parent.id}/remove"
    assert "What they wrote stays on the record" in visible(visitor.get(url))
    assert visitor.post(url, {}).status_code == 302
    # The old session ends at once; the link and the address no longer sign anyone in.
    assert family_visitor.get("/home").status_code in (302, 404)
    assert Person(app).get(old_link).status_code == 404
    stranger = Person(app)
    sent_before = len(outbox_messages(app, parent.email))
    stranger.post("/sign-in", {"address": parent.email})
    assert len(outbox_messages(app, parent.email)) == sent_before
    assert db.session.scalars(db.select(m.Contribution).filter_by(
        author_id=parent.id)).all() == written
    db.session.refresh(parent)
    assert parent.removed_at is not None
    assert "Removed" in visible(visitor.get(f"/staff/conferences/{conference.id}"))
    assert audit.events("participant.removed")[-1].object_id == parent.id
    # Once removed, they are not managed again, nor told anything.
    assert visitor.get(url).status_code == 404
    _reschedule(staff_sign_in(app, participant("chair").staff_user), conference)
    assert db.session.scalar(db.select(m.OutboxMessage).filter_by(
        participant_id=parent.id, purpose="details-changed")) is None


def test_correcting_contact_details_signs_in_by_the_new_address_and_audits_no_content(app):
    social_worker, parent = participant("social_worker"), participant("parent")
    visitor = staff_sign_in(app, social_worker.staff_user)
    url = f"/staff/conferences/{parent.conference_id}/people/{parent.id}"
    bad = visitor.post(url, {"name": "Corrected Name", "email": "not an address",
                             "mobile": "", "language": "pl"})
    assert "Enter an email address like name@example.com" in visible(bad)
    assert 'value="Corrected Name"' in bad.get_data(as_text=True)
    response = visitor.post(url, {"name": "Corrected Name", "email": "corrected@example.com",
                                  "mobile": "", "language": "pl"})
    assert response.status_code == 302
    db.session.refresh(parent)
    assert (parent.name, parent.email, parent.mobile, parent.language) == (
        "Corrected Name", "corrected@example.com", None, "pl")
    event = audit.events("participant.corrected")[-1]
    assert set(event.detail.split(",")) == {"name", "email", "mobile", "language"}
    assert "@" not in event.detail and "Corrected" not in event.detail
    Person(app).post("/sign-in", {"address": "corrected@example.com"})
    assert re.search(r"\b\d{6}\b", outbox_messages(app, "corrected@example.com")[-1]["body"])
    assert latest_code(app, "corrected@example.com")


def test_staff_see_whether_and_when_each_person_last_signed_in(app):
    chair_person, parent = participant("chair"), participant("parent")
    sign_in(app, parent)
    page = visible(staff_sign_in(app, chair_person.staff_user).get(
        f"/staff/conferences/{chair_person.conference_id}"))
    assert "Last signed in" in page and "Not signed in yet" in page


def test_the_chair_lets_one_interpreter_help_with_reports_and_the_outcome(app):
    chair_person, interpreter = participant("chair"), participant("interpreter")
    conference = chair_person.conference
    police = participant("professional", agency="Police")
    report = m.Report(conference_id=conference.id, author_id=police.id, agency="Police",
                      title="Fictional shared report", summary="Fictional", sharing="family",
                      shared_at=m.utcnow())
    report.versions.append(m.ReportVersion(content=b"%PDF-1.7 fictional", size=18))
    db.session.add(report)
    db.session.commit()
    url = f"/staff/conferences/{conference.id}/people/{interpreter.id}/interpreting"
    reader = sign_in(app, interpreter)
    assert reader.get(f"/reports/{report.id}").status_code == 404
    # The social worker may not decide it; the chair does.
    worker = staff_sign_in(app, participant("social_worker").staff_user)
    assert worker.get(url).status_code == 404
    chair = staff_sign_in(app, chair_person.staff_user)
    assert "Interprets at the meeting only" in visible(chair.get(
        f"/staff/conferences/{conference.id}"))
    assert chair.post(url, {"allow": "yes"}).status_code == 302
    assert reader.get(f"/reports/{report.id}").status_code == 200
    assert audit.events("participant.interpreter_access")[-1].detail == "allowed"
    chair.post(url, {"allow": "no"})
    assert reader.get(f"/reports/{report.id}").status_code == 404


def test_the_place_and_joining_details_follow_the_text_direction_and_are_kept(sqlite_app):
    """A place or link typed in Arabic reads right to left (dir="auto"), and what was
    typed comes back when another field is wrong."""
    chair = participant("chair", "A")
    visitor = staff_sign_in(sqlite_app, chair.staff_user)
    url = f"/staff/conferences/{chair.conference_id}/change"
    blank = visitor.get(url).get_data(as_text=True)
    assert re.search(r'<input[^>]*id="venue"[^>]*dir="auto"|<input[^>]*dir="auto"[^>]*id="venue"',
                     blank)
    assert re.search(r'<textarea[^>]*dir="auto"[^>]*id="joining_details"'
                     r'|<textarea[^>]*id="joining_details"[^>]*dir="auto"', blank)
    page = visitor.post(url, {"date-day": "", "venue": "قاعة 2 & Room \"B\"",
                              "joining_details": "Line one\nسطر"}).get_data(as_text=True)
    assert "There is a problem" in page
    assert "قاعة 2 &amp; Room &#34;B&#34;" in page or "قاعة 2 &amp; Room &quot;B&quot;" in page
    assert "Line one\nسطر" in page
