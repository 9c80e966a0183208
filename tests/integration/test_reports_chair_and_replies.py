"""The chair's part (keeping reports for professionals only, redacted versions), the
family's replies, who opened what, and deadlines made visible to staff and family."""

import io
from datetime import timedelta

import pytest
from conftest import outbox_messages, participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.services import audit
from tests.helpers import blank_pdf


def police_upload(app, label="A", **extra):
    visitor = sign_in(app, participant("professional", label, agency="Police"))
    data = {"title": "Police report", "agency": "Police", "author_role": "Constable",
            "summary": "What we know.", "text": "Full text with intelligence Zebra-7731."}
    data.update(extra)
    visitor.post("/reports/new", data, form_url="/reports/new",
                 content_type="multipart/form-data")
    return visitor, db.session.scalar(db.select(m.Report).order_by(m.Report.created_at.desc()))


def told(purpose="something-new"):
    return [row.participant_id for row in db.session.scalars(
        db.select(m.OutboxMessage).filter_by(purpose=purpose))]


def chair_of(app, label="A"):
    return staff_sign_in(app, participant("chair", label).staff_user)


# --- keeping a report for professionals only -----------------------------------------


def test_asking_to_keep_all_needs_a_reason_and_keeps_input(app):
    visitor, report = police_upload(app, sharing="all")
    assert report is None
    page = visitor.last.get_data(as_text=True)
    assert "Say why it must stay with professionals only" in page
    assert "Full text with intelligence Zebra-7731." in page
    visitor, report = police_upload(app, sharing="part", withhold_reason="Intelligence")
    assert report is None
    assert "Add the version for the family" in visitor.last.get_data(as_text=True)


def test_chair_agrees_to_keep_all_for_professionals(app):
    _visitor, report = police_upload(app, sharing="all",
                                     withhold_reason="Third-party intelligence")
    assert report.sharing == m.SHARING_AWAITING_CHAIR and report.shared_at is None
    assert participant("parent", "A").id not in told()
    assert participant("chair", "A").id in told()  # the chair is told there is a request
    assert audit.events("report.withholding_requested", object_id=report.id)
    parent = sign_in(app, participant("parent", "A"))
    assert parent.get(f"/reports/{report.id}").status_code == 404

    url = f"/staff/reports/{report.id}/decision"
    # Only this conference's chair decides.
    for who in ("social_worker",):
        assert staff_sign_in(app, participant(who, "A").staff_user).get(url).status_code == 404
    assert chair_of(app, "B").get(url).status_code == 404
    assert sign_in(app, participant("professional", "A", agency="Police")).get(
        url).status_code == 404
    assert parent.get(url).status_code == 404

    chair = chair_of(app)
    page = chair.get(url).get_data(as_text=True)
    assert "Third-party intelligence" in page
    missing = chair.post(url, {"decision": "agreed"}).get_data(as_text=True)
    assert "Write the reason for your decision" in missing
    assert chair.post(url, {"decision": "agreed", "reason": "Police intelligence"}
                      ).status_code == 302
    db.session.refresh(report)
    assert report.sharing == m.SHARING_PROFESSIONALS and report.shared_at is None
    assert report.professionals_only_reason == "Police intelligence"
    decided = audit.events("report.withholding_agreed", object_id=report.id)
    assert decided and decided[-1].staff_user_id == participant("chair", "A").staff_user_id
    assert parent.get(f"/reports/{report.id}").status_code == 404
    assert participant("parent", "A").id not in told()
    # Professionals still read it, and see why it is kept.
    police_page = sign_in(app, participant("professional", "A", agency="School")).get(
        f"/reports/{report.id}").get_data(as_text=True)
    assert "For professionals only" in police_page and "Police intelligence" in police_page
    # The decision is made once.
    assert chair.get(url).status_code == 404


@pytest.mark.both_databases
def test_chair_agrees_to_keep_part_and_the_family_reads_their_version(app):
    _visitor, report = police_upload(app, sharing="part", withhold_reason="Names a neighbour",
                                     family_text="Family text without the neighbour.")
    chair = chair_of(app)
    url = f"/staff/reports/{report.id}/decision"
    assert "Family text without the neighbour." in chair.get(url).get_data(as_text=True)
    chair.post(url, {"decision": "agreed", "reason": "Third-party details"})
    db.session.refresh(report)
    assert report.sharing == m.SHARING_FAMILY and report.shared_at is not None
    assert participant("parent", "A").id in told()
    page = sign_in(app, participant("parent", "A", 1)).get(f"/reports/{report.id}").get_data(
        as_text=True)
    assert "Family text without the neighbour." in page and "Zebra-7731" not in page
    staff_page = chair.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Zebra-7731" in staff_page


def test_chair_refuses_and_the_whole_report_is_shared(app):
    _visitor, report = police_upload(app, sharing="part", withhold_reason="Names a neighbour",
                                     family_text="Family text without the neighbour.")
    chair_of(app).post(f"/staff/reports/{report.id}/decision",
                       {"decision": "refused", "reason": "The family already knows this"})
    db.session.refresh(report)
    assert report.sharing == m.SHARING_FAMILY and report.shared_at is not None
    assert not any(v.for_family for v in report.versions)
    page = sign_in(app, participant("parent", "A")).get(f"/reports/{report.id}").get_data(
        as_text=True)
    assert "Zebra-7731" in page
    assert audit.events("report.withholding_refused", object_id=report.id)


# --- redacted versions ------------------------------------------------------------------


def test_chair_gives_one_parent_a_redacted_version(app):
    _visitor, report = police_upload(app)
    first, second = participant("parent", "A", 0), participant("parent", "A", 1)
    url = f"/staff/reports/{report.id}/redacted"
    assert staff_sign_in(app, participant("social_worker", "A").staff_user).get(
        url).status_code == 404
    assert chair_of(app, "B").get(url).status_code == 404
    assert sign_in(app, first).get(url).status_code == 404
    chair = chair_of(app)
    form = chair.get(url).get_data(as_text=True)
    assert "Full text with intelligence Zebra-7731." in form  # starts from the report's text
    assert first.name in form and second.name in form
    empty = chair.post(url, {"recipient": first.id, "summary": "Short", "text": ""})
    assert "Add a redacted PDF or write the text for this parent" in empty.get_data(
        as_text=True)
    bad = chair.post(url, {"recipient": first.id, "summary": "Kept", "text": "x",
                           "document": (io.BytesIO(b"not a pdf"), "r.pdf")},
                     content_type="multipart/form-data")
    assert "The file must be a PDF" in bad.get_data(as_text=True)
    response = chair.post(url, {"recipient": first.id, "summary": "Redacted summary",
                                "text": "Full text with [removed].",
                                "document": (io.BytesIO(blank_pdf()), "redacted.pdf")},
                          content_type="multipart/form-data")
    assert response.status_code == 302
    assert audit.events("report.redacted_version_saved")
    mine = sign_in(app, first).get(f"/reports/{report.id}").get_data(as_text=True)
    theirs = sign_in(app, second).get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Full text with [removed]." in mine and "Zebra-7731" not in mine
    assert "Redacted summary" in mine
    assert "Zebra-7731" in theirs and "[removed]" not in theirs
    # The chair checks what that parent reads, PDF included (audited); nobody else can.
    chair_page = chair.get(f"/reports/{report.id}").get_data(as_text=True)
    assert f"What {first.name} reads" in chair_page and "Full text with [removed]." in chair_page
    redacted_version = next(v for v in db.session.get(m.Report, report.id).versions
                            if v.recipient_id == first.id)
    version_url = f"/staff/reports/{report.id}/versions/{redacted_version.id}/file"
    assert chair.get(version_url).data.startswith(b"%PDF")
    assert audit.events("report.file_viewed", object_id=redacted_version.id,
                        staff_user_id=participant("chair", "A").staff_user_id)
    assert staff_sign_in(app, participant("social_worker", "A").staff_user).get(
        version_url).status_code == 404
    assert chair_of(app, "B").get(version_url).status_code == 404
    # Saving again replaces the parent's version rather than adding another.
    chair.post(url, {"recipient": first.id, "summary": "Again", "text": "Second try."},
               content_type="multipart/form-data")
    versions = [v for v in db.session.get(m.Report, report.id).versions
                if v.recipient_id == first.id]
    assert len(versions) == 1 and versions[0].body == "Second try." and versions[0].size == 0


# --- replies -------------------------------------------------------------------------------


@pytest.mark.both_databases
def test_parent_replies_and_it_reaches_the_chair_and_the_author_only(app):
    _visitor, report = police_upload(app)
    parent = participant("parent", "A")
    visitor = sign_in(app, parent)
    url = f"/reports/{report.id}/reply"
    missing = visitor.post(url, {"agrees": "disagree", "reason": ""},
                           form_url=f"/reports/{report.id}")
    assert "Say what you disagree with, and why" in missing.get_data(as_text=True)
    none = visitor.post(url, {"reason": "Kept reason"}, form_url=f"/reports/{report.id}")
    none_page = none.get_data(as_text=True)
    assert "Choose whether you agree or disagree" in none_page and "Kept reason" in none_page
    before = set(told())
    response = visitor.post(url, {"agrees": "disagree",
                                  "reason": "We were not at home that night, Zebra-4420."},
                            form_url=f"/reports/{report.id}")
    assert response.status_code == 302
    reply = db.session.scalar(db.select(m.ReportReply))
    assert reply.agrees is False and reply.participant_id == parent.id
    assert audit.events("report.reply_sent", participant_id=parent.id)
    newly_told = set(told()) - before
    assert {participant("chair", "A").id,
            participant("professional", "A", agency="Police").id} <= newly_told
    for message in outbox_messages(app):
        assert "Zebra-4420" not in message["body"] and "Police report" not in message["body"]
    raw = db.session.execute(db.text("SELECT reason FROM report_replies")).scalar_one()
    assert b"Zebra-4420" not in bytes(raw)

    own_page = visitor.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "You sent a reply" in own_page and "Zebra-4420" in own_page
    chair_page = chair_of(app).get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Zebra-4420" in chair_page and "Disagrees with parts of the report" in chair_page
    author_page = sign_in(app, participant("professional", "A", agency="Police")).get(
        f"/reports/{report.id}").get_data(as_text=True)
    assert "Zebra-4420" in author_page
    for other in (sign_in(app, participant("professional", "A", agency="School")),
                  staff_sign_in(app, participant("social_worker", "A").staff_user),
                  sign_in(app, participant("parent", "A", 1))):
        assert "Zebra-4420" not in other.get(f"/reports/{report.id}").get_data(as_text=True)
    # Changing the reply keeps one reply.
    visitor.post(url, {"agrees": "agree", "reason": ""}, form_url=f"/reports/{report.id}")
    assert db.session.scalar(db.select(db.func.count(m.ReportReply.id))) == 1


def test_who_may_reply(app):
    _visitor, report = police_upload(app, for_young_person="y")
    url = f"/reports/{report.id}/reply"
    young = sign_in(app, participant("young_person", "A"))
    assert young.post(url, {"agrees": "agree"}, form_url=f"/reports/{report.id}"
                      ).status_code == 302
    interpreter = participant("interpreter", "A")
    interpreter.may_see_reports = True
    db.session.commit()
    for person in (interpreter, participant("professional", "A", agency="School"),
                   participant("parent", "B")):
        visitor = sign_in(app, person)
        token = visitor.csrf("/home")
        assert visitor.post(url, {"agrees": "agree", "csrf_token": token}).status_code == 404
    assert "Your reply" not in sign_in(app, interpreter).get(
        f"/reports/{report.id}").get_data(as_text=True)


def test_replies_close_when_the_meeting_starts(app):
    _visitor, report = police_upload(app)
    conference = db.session.get(m.Conference, report.conference_id)
    conference.starts_at = m.utcnow() - timedelta(hours=3)
    db.session.commit()
    visitor = sign_in(app, participant("parent", "A"))
    page = visitor.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "The meeting has started. Tell the chair at the meeting." in page
    token = visitor.csrf("/home")
    response = visitor.post(f"/reports/{report.id}/reply",
                            {"agrees": "agree", "csrf_token": token})
    assert "The meeting has started" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(m.ReportReply)) is None


# --- who opened it, and deadlines -----------------------------------------------------------


@pytest.mark.both_databases
def test_professionals_see_who_opened_the_report_and_when(app):
    _visitor, report = police_upload(app)
    school = sign_in(app, participant("professional", "A", agency="School"))
    parent = participant("parent", "A")
    page = school.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Who in the family has opened it" in page and "Not opened" in page
    reader = sign_in(app, parent)
    reader.get(f"/reports/{report.id}")
    reader.post(f"/reports/{report.id}/read", form_url=f"/reports/{report.id}")
    page = school.get(f"/reports/{report.id}").get_data(as_text=True)
    row = page[page.index(parent.name):].split("govuk-summary-list__row")[0]
    assert "Not opened" not in row and "Not marked as read" not in row
    assert "First opened: " in row and "Marked as read: " in row
    # The family's own pages do not show who else read it.
    assert "Who in the family has opened it" not in reader.get(
        f"/reports/{report.id}").get_data(as_text=True)


def test_late_report_is_flagged_for_staff_and_told_honestly_to_the_family(app):
    conference = participant("parent", "A").conference
    conference.starts_at = (m.utcnow() + timedelta(days=1)).replace(
        hour=10, minute=30, second=0, microsecond=0)
    db.session.commit()
    _visitor, report = police_upload(app)
    parent = sign_in(app, participant("parent", "A"))
    page = parent.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "This report reached you late" in page
    assert "ask the chair to give you more time" in page
    assert "conferences@example.com" in page  # how to reach the chair
    listing = parent.get("/reports").get_data(as_text=True)
    assert "Late" in listing and "ask the chair for more time" in listing

    chair = chair_of(app)
    conference_page = chair.get(f"/staff/conferences/{conference.id}").get_data(as_text=True)
    assert "Shared late" in conference_page
    dashboard = chair.get("/staff/reports").get_data(as_text=True)
    assert "1 late" in dashboard
    assert "Waiting for 2" in dashboard  # school and social worker have not sent theirs
    assert chair.get("/staff/").get_data(as_text=True).count("/staff/reports") == 1


@pytest.mark.both_databases
def test_reports_not_with_the_family_after_the_deadline_are_flagged_as_overdue(app):
    conference = participant("parent", "A").conference
    conference.starts_at = (m.utcnow() + timedelta(days=1)).replace(
        hour=10, minute=30, second=0, microsecond=0)
    db.session.commit()
    # The police report waits for the chair's decision; school and social worker sent none.
    police_upload(app, sharing="all", withhold_reason="Intelligence")
    dashboard = chair_of(app).get("/staff/reports").get_data(as_text=True)
    assert "3 overdue" in dashboard
    assert "Past the deadline, not with the family" in dashboard


@pytest.mark.both_databases
def test_a_report_is_judged_against_the_deadline_when_it_was_shared(app):
    _visitor, report = police_upload(app)  # conference A is days away: on time
    assert audit.events("report.shared")[-1].detail == "on_time"
    assert report.share_deadline is not None
    # The conference is brought forward to tomorrow: that does not make the report late.
    conference = participant("parent", "A").conference
    conference.starts_at = (m.utcnow() + timedelta(days=1)).replace(
        hour=10, minute=30, second=0, microsecond=0)
    db.session.commit()
    page = sign_in(app, participant("parent", "A")).get(f"/reports/{report.id}")
    assert "reached you late" not in page.get_data(as_text=True)
    assert "Shared on time" in chair_of(app).get(f"/reports/{report.id}").get_data(as_text=True)


def test_nothing_is_overdue_before_the_deadline(app):
    police_upload(app, sharing="all", withhold_reason="Intelligence")  # A is days away
    dashboard = chair_of(app).get("/staff/reports").get_data(as_text=True)
    assert "overdue" not in dashboard


def test_report_on_time_is_not_flagged(app):
    _visitor, report = police_upload(app)  # conference A is 9 or more days away
    page = sign_in(app, participant("parent", "A")).get(f"/reports/{report.id}").get_data(
        as_text=True)
    assert "reached you late" not in page
    chair_page = chair_of(app).get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Shared on time" in chair_page


@pytest.mark.both_databases
def test_dashboard_counts_per_conference_and_only_own_conferences(app):
    police_upload(app)
    police_upload(app, "B", sharing="all", withhold_reason="Intelligence")
    chair = chair_of(app)
    page = chair.get("/staff/reports").get_data(as_text=True)
    conference_a = participant("chair", "A").conference_id
    conference_b = participant("chair", "B").conference_id
    assert conference_a in page and conference_b not in page
    admin = staff_sign_in(app, db.session.scalar(db.select(m.StaffUser).filter_by(role="admin")))
    admin_page = admin.get("/staff/reports").get_data(as_text=True)
    assert conference_a in admin_page and conference_b in admin_page
    assert sign_in(app, participant("parent", "A")).get("/staff/reports").status_code == 404
