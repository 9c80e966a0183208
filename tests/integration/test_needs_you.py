"""The "Needs you" list at the top of a chair's or social worker's dashboard: each row links
straight to where it is dealt with, and shows only what that person may act on."""

from datetime import timedelta

from conftest import participant, sign_in, staff_sign_in
from visible import visible

from app.data import models as m
from app.extensions import db
from app.rules import clock
from app.services import preparation


def _report(conference, author, shared=True):
    report = m.Report(conference_id=conference.id, author_id=author.id, agency="Police",
                      title="Fictional report", summary="Fictional", sharing="family",
                      shared_at=m.utcnow() if shared else None)
    report.versions.append(m.ReportVersion(content=b"%PDF-1.7 fictional", size=18))
    db.session.add(report)
    db.session.flush()
    return report


def test_chair_sees_each_kind_of_thing_that_needs_them_with_a_link(app):
    chair_person, parent = participant("chair"), participant("parent")
    conference = chair_person.conference
    police = participant("professional", agency="Police")
    kept = _report(conference, police, shared=False)
    db.session.add(m.ReportWithholdRequest(report_id=kept.id, scope="all",
                                           reason="Fictional reason",
                                           requested_by_id=police.id))
    shared = _report(conference, police)
    db.session.add(m.ReportReply(report_id=shared.id, participant_id=parent.id, agrees=False,
                                 reason="Fictional: that is not what happened"))
    request, _new = preparation.send_safety_request(
        participant("parent", index=1), {"worry": "Fictional worry"}, m.utcnow())
    db.session.commit()
    chair = staff_sign_in(app, chair_person.staff_user)
    html = chair.get("/staff/").get_data(as_text=True)
    page = visible(chair.last)
    assert page.index("Needs you") < page.index("Your conferences")
    assert "A report waits for your decision on sharing" in page
    assert f'/staff/reports/{kept.id}/decision' in html
    assert "A family member disagrees with a report" in page and f"/reports/{shared.id}" in html
    assert "A safety request you have not opened" in page
    assert f"/safety-requests/{request.id}" in html
    # The reply's words never reach the dashboard.
    assert "not what happened" not in page
    # Once opened, the safety request leaves the list.
    assert chair.get(f"/staff/conferences/{conference.id}/safety-requests/{request.id}"
                     ).status_code == 200
    assert f"/safety-requests/{request.id}" not in chair.get("/staff/").get_data(as_text=True)


def test_social_worker_sees_help_asked_but_not_the_chairs_decisions(app):
    social_worker, parent = participant("social_worker"), participant("parent")
    conference = social_worker.conference
    police = participant("professional", agency="Police")
    report = _report(conference, police)
    db.session.add(m.ReportWithholdRequest(report_id=report.id, scope="all",
                                           reason="Fictional", requested_by_id=police.id))
    db.session.commit()
    family = sign_in(app, parent)
    response = family.post(f"/reports/{report.id}/help", {"not_understood": "x"},
                           form_url=f"/reports/{report.id}")
    assert response.status_code == 302
    worker = staff_sign_in(app, social_worker.staff_user)
    html = worker.get("/staff/").get_data(as_text=True)
    page = visible(worker.last)
    assert "A family member asked for help with a report" in page
    assert f"/reports/{report.id}" in html
    assert "A report waits for your decision on sharing" not in page
    other = visible(staff_sign_in(app, participant("social_worker", "B").staff_user).get(
        "/staff/"))
    assert "A family member asked for help with a report" not in other


def test_reports_due_within_three_working_days_are_at_risk(app):
    chair_person = participant("chair")
    conference = chair_person.conference
    now = clock.uk_now()
    # Reports are due 3 working days before an initial conference: a week away puts the
    # deadline within the next 3 working days.
    conference.starts_at = (now + timedelta(days=7)).replace(hour=10, minute=30)
    db.session.execute(db.delete(m.ReportVersion))
    db.session.execute(db.delete(m.Report))
    db.session.commit()
    page = visible(staff_sign_in(app, chair_person.staff_user).get("/staff/"))
    assert "reports are not yet with the family" in page


def test_nothing_needs_you_says_so(app):
    page = visible(staff_sign_in(app, participant("social_worker", "B").staff_user).get(
        "/staff/"))
    assert "Needs you" in page
