"""The thin slice of every journey, end to end through the test client."""

import io
import re

import pytest
from conftest import (
    Person,
    hold_in_the_past,
    latest_code,
    outbox_messages,
    participant,
    publish_through_check,
    record_outcome_steps,
    sign_in,
    staff_sign_in,
)
from visible import visible

from app.data import models as m
from app.extensions import db
from app.services import audit, documents


def _pdf(text="Fictional school report about attendance."):
    return documents.render_pdf(f"<html><body><h1>Report</h1><p>{text}</p></body></html>",
                                title="Report")


# --- home ----------------------------------------------------------------------


def test_home_shows_the_conference_and_what_to_do(app):
    parent = participant("parent")
    page = sign_in(app, parent).get("/home").get_data(as_text=True)
    conference = parent.conference
    assert "Meet the chair first" in page
    assert "10:00" in page and "10:30" in page
    assert "In person or online (hybrid)" in page
    assert "Write down what you want to say" in page
    assert "Social worker" in page and "Chair" in page
    # Nothing of the other conference.
    other = participant("parent", "B")
    assert other.name not in page
    assert conference.children[0].first_name not in page  # no child's name on the page


# --- prepare -------------------------------------------------------------------


def test_parent_saves_comes_back_and_sends_worksheet(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    visitor.post("/prepare/question/strengths", {"answer": "We cook together.",
                                                 "save_later": "Save"})
    assert visitor.last.status_code == 302
    page = visitor.get("/prepare/question/strengths").get_data(as_text=True)
    assert "We cook together." in page
    item = db.session.scalar(db.select(m.Contribution))
    assert item.sent_at is None and item.version == 0
    visitor.post("/prepare/question/questions", {"answer": "Why?", "save_continue": "x"})
    visitor.post("/prepare/who-can-read", {"audience": "everyone", "save_continue": "x"})
    check = visitor.get("/prepare/check").get_data(as_text=True)
    revision = check.split('name="revision" type="hidden" value="')[1].split('"')[0]
    visitor.post("/prepare/check", {"send": "Send", "revision": revision})
    item = db.session.scalar(db.select(m.Contribution))
    assert item.sent_at is not None and item.version == 1
    assert item.answers["sections"]["questions"] == "Why?"


@pytest.mark.both_databases
def test_worksheet_text_is_encrypted_at_rest(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    visitor.post("/prepare/question/strengths", {"answer": "Unmistakable phrase 4471",
                                                 "save_later": "Save"})
    raw = db.session.execute(db.text("SELECT answers FROM contributions")).scalar_one()
    assert b"Unmistakable" not in bytes(raw)


def test_worksheet_errors_keep_what_was_typed(app):
    visitor = sign_in(app, participant("parent"))
    long_text = "Kept words " + "x" * 5001
    response = visitor.post("/prepare/question/worries", {"answer": long_text,
                                                          "save_continue": "Save"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "5000 characters or fewer" in page
    assert long_text in page


def test_worksheet_is_for_parents_only(app):
    for role in ("young_person", "supporter", "interpreter", "professional"):
        assert sign_in(app, participant(role)).get("/prepare").status_code == 404


# --- views ---------------------------------------------------------------------


@pytest.mark.both_databases
def test_young_person_sends_views_and_chooses_who_reads_them(app):
    young = participant("young_person")
    visitor = sign_in(app, young)
    # One question a page, then the check page sends it.
    for step, answer in (("safe", "yes"), ("worries", "Shouting at night"),
                         ("good-things", "My dog"), ("dreams", "A quiet home"),
                         ("who-can-read", "chair_only")):
        visitor.post(f"/views/{step}", {"answer": answer})
    visitor.post("/views/check", {})
    item = db.session.scalar(db.select(m.Contribution).filter_by(kind="views"))
    assert item.audience == "chair_only" and item.sent_at is not None
    assert item.child_id == young.child_id
    # The chair reads it; the social worker and the parents do not.
    conference_id = young.conference_id
    chair = staff_sign_in(app, participant("chair").staff_user)
    url = f"/staff/conferences/{conference_id}/contributions/{item.id}"
    assert "Shouting at night" in chair.get(url).get_data(as_text=True)
    social_worker = staff_sign_in(app, participant("social_worker").staff_user)
    assert social_worker.get(url).status_code == 404
    conference_page = social_worker.get(f"/staff/conferences/{conference_id}")
    assert item.id not in conference_page.get_data(as_text=True)
    assert "contribution.viewed" in [e.event for e in audit.events()]


def test_views_page_is_not_for_parents(app):
    assert sign_in(app, participant("parent")).get("/views").status_code == 404


# --- reports -------------------------------------------------------------------


def _upload(visitor, data, title="School report", filename="report.pdf"):
    return visitor.post("/reports/new", {
        "title": title, "agency": "School", "author_role": "Teacher",
        "summary": "Attendance is improving.",
        "document": (io.BytesIO(data), filename),
    }, form_url="/reports/new", content_type="multipart/form-data")


@pytest.mark.both_databases
def test_professional_uploads_and_parent_reads_report(app):
    school = participant("professional", agency="School")
    visitor = sign_in(app, school)
    response = _upload(visitor, _pdf())
    assert response.status_code == 302
    report = db.session.scalar(db.select(m.Report))
    assert report.shared_at is not None
    # The family is told, without any detail.
    parent = participant("parent")
    note = [msg for msg in outbox_messages(app) if msg["reference"] == "something-new"]
    assert note and all("report" not in msg["body"].lower() for msg in note)
    reader = sign_in(app, parent)
    listing = reader.get("/reports").get_data(as_text=True)
    assert "School report" in listing and "New" in listing
    page = reader.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Attendance is improving." in page
    pdf = reader.get(f"/reports/{report.id}/file")
    assert pdf.data.startswith(b"%PDF-")
    assert pdf.headers["Content-Disposition"].startswith("inline")
    assert pdf.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    download = reader.get(f"/reports/{report.id}/download")
    assert download.headers["Content-Disposition"].startswith("attachment")
    reader.post(f"/reports/{report.id}/read", form_url=f"/reports/{report.id}")
    assert "Read" in reader.get("/reports").get_data(as_text=True)
    events = [e.event for e in audit.events(participant_id=parent.id)]
    for event in ("report.viewed", "report.file_viewed", "report.downloaded",
                  "report.marked_read"):
        assert event in events


@pytest.mark.both_databases
def test_report_is_encrypted_at_rest(app):
    _upload(sign_in(app, participant("professional", agency="School")), _pdf())
    raw = db.session.execute(db.text("SELECT content FROM report_versions")).scalar_one()
    assert not bytes(raw).startswith(b"%PDF")


def test_bad_uploads_are_refused_with_a_clear_message(app):
    visitor = sign_in(app, participant("professional", agency="School"))
    cases = {
        b"": "Choose a PDF file",
        b"GIF89a not a pdf at all": "must be a PDF",
        b"%PDF-1.7\n garbage": "cannot be read",
    }
    for data, message in cases.items():
        page = _upload(visitor, data, title="Kept title").get_data(as_text=True)
        assert message in page
        assert 'value="Kept title"' in page
    assert db.session.scalar(db.select(m.Report)) is None


def test_oversized_upload_gets_413(app):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    visitor = sign_in(app, participant("professional", agency="School"))
    response = _upload(visitor, b"%PDF-" + b"0" * (2 * 1024 * 1024))
    # What was typed beside the file is kept, and the form comes back with it.
    assert response.status_code == 302 and response.headers["Location"].endswith("/reports/new")
    page = visitor.get("/reports/new").get_data(as_text=True)
    assert "bigger than 10 MB, so nothing was sent" in page
    assert "Attendance is improving." in page
    assert db.session.scalar(db.select(m.Report)) is None


def test_family_cannot_upload_and_other_conference_cannot_read(app):
    assert sign_in(app, participant("parent")).get("/reports/new").status_code == 404
    _upload(sign_in(app, participant("professional", agency="School")), _pdf())
    report = db.session.scalar(db.select(m.Report))
    outsider = sign_in(app, participant("parent", "B"))
    for url in (f"/reports/{report.id}", f"/reports/{report.id}/file",
                f"/reports/{report.id}/download"):
        assert outsider.get(url).status_code == 404
    assert sign_in(app, participant("supporter")).get(f"/reports/{report.id}").status_code == 404
    assert report.title not in outsider.get("/reports").get_data(as_text=True)


# --- outcomes ------------------------------------------------------------------


def _chair_publishes(app, label="A"):
    hold_in_the_past()
    chair_person = participant("chair", label)
    chair = staff_sign_in(app, chair_person.staff_user)
    conference = chair_person.conference
    data = {"body": "Core group meets within 10 working days.",
            "child_summary": "The grown-ups will help your family.", "check": "Check"}
    for child in conference.children:
        data[f"plan-{child.id}"] = "yes"
        data[f"category-{child.id}"] = "neglect"
    record_outcome_steps(chair, conference, data)
    publish_through_check(chair, conference)
    return conference


@pytest.mark.both_databases
def test_chair_publishes_and_parent_views_and_downloads(app):
    _chair_publishes(app)
    outcome = db.session.scalar(db.select(m.Outcome))
    assert outcome.published_at is not None
    parent = participant("parent")
    visitor = sign_in(app, parent)
    page = visible(visitor.get("/outcome"))  # its words link to the glossary
    assert "a child protection plan is needed" in page and "Neglect" in page
    link = visitor.post("/outcome/link", form_url="/outcome")
    assert link.status_code == 302
    download_url = link.headers["Location"]
    pdf = visitor.get(download_url)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    text = documents.pdf_text(pdf.data)
    assert parent.name in text
    assert "Core group meets" in text
    # Another person, and the same person after signing out, get nothing from the link.
    other = sign_in(app, participant("parent", index=1))
    assert other.get(download_url).status_code == 404
    visitor.post("/sign-out", form_url="/outcome")
    assert visitor.get(download_url).status_code in (302, 404)
    events = [e.event for e in audit.events(participant_id=parent.id)]
    assert "outcome.viewed" in events and "outcome.downloaded" in events


@pytest.mark.both_databases
def test_download_link_expires(app):
    _chair_publishes(app)
    visitor = sign_in(app, participant("parent"))
    # The link's lifetime is fixed on the server when it is made.
    app.config["DOWNLOAD_LINK_SECONDS"] = -1
    download_url = visitor.post("/outcome/link", form_url="/outcome").headers["Location"]
    app.config["DOWNLOAD_LINK_SECONDS"] = 300
    assert visitor.get(download_url).status_code == 404
    fresh_url = visitor.post("/outcome/link", form_url="/outcome").headers["Location"]
    assert visitor.get(fresh_url).status_code == 200


def test_outcome_choices_are_checked_and_kept(app):
    chair_person = participant("chair")
    chair = staff_sign_in(app, chair_person.staff_user)
    conference = chair_person.conference
    child = conference.children[0]
    data = {f"plan-{child.id}": "yes",  # but no category
            f"dissent-{child.id}": "Kept disagreement text"}
    page = chair.post(f"/staff/conferences/{conference.id}/outcome/decision/{child.id}",
                      data).get_data(as_text=True)
    assert "Choose the category of the plan" in page
    assert "Kept disagreement text" in page
    assert db.session.scalar(db.select(m.Outcome)) is None


def test_outcome_is_not_shown_before_publishing_or_to_others(app):
    assert sign_in(app, participant("parent")).get("/outcome").status_code == 404
    _chair_publishes(app)
    assert sign_in(app, participant("supporter")).get("/outcome").status_code == 404
    assert sign_in(app, participant("parent", "B")).get("/outcome").status_code == 404
    young = sign_in(app, participant("young_person")).get("/outcome").get_data(as_text=True)
    assert "The grown-ups will help your family." in young
    assert "Core group meets" not in young


def test_only_the_chair_records_the_outcome(app):
    social_worker = participant("social_worker")
    visitor = staff_sign_in(app, social_worker.staff_user)
    url = f"/staff/conferences/{social_worker.conference_id}/outcome"
    assert visitor.get(url).status_code == 404
    other_chair = staff_sign_in(app, participant("chair", "B").staff_user)
    assert other_chair.get(url).status_code == 404


# --- staff ---------------------------------------------------------------------


@pytest.mark.both_databases
def test_social_worker_creates_conference_and_invites_a_parent(app):
    social_worker = participant("social_worker").staff_user
    visitor = staff_sign_in(app, social_worker)
    response = visitor.post("/staff/conferences/new", {
        "conference_type": "initial", "date": "2027-02-15", "time": "10:30",
        "format": "online", "joining_details": "Link by message", "children": "Fictional Kid",
    })
    assert response.status_code == 302
    conference_url = response.headers["Location"]
    conference_id = conference_url.rstrip("/").split("/")[-1]
    visitor.post(f"/staff/conferences/{conference_id}/invite", {
        "name": "Fictional Parent", "role": "parent", "email": "fictional.parent@example.com",
        "mobile": "07700 900999", "language": "cy"})
    assert visitor.last.status_code == 302
    invite = outbox_messages(app, "fictional.parent@example.com")[-1]
    assert "Fictional Kid" not in invite["body"] and "Fictional Parent" not in invite["body"]
    link = re.search(r"http://localhost(/invite/\S+)", invite["body"]).group(1)
    # The invitation is in the parent's language.
    assert "Agorwch" in invite["body"] or "gwahodd" in invite["body"]
    newcomer = Person(app)
    newcomer.post(link)
    newcomer.post("/sign-in/code", {"code": latest_code(app, "07700 900999")})
    assert newcomer.last.status_code == 302
    home = newcomer.get("/home").get_data(as_text=True)
    assert 'lang="cy"' in home


def test_a_young_person_is_invited_for_the_child_staff_choose(app):
    social_worker = participant("social_worker")
    conference = social_worker.conference
    first, second = conference.children[0], conference.children[1]
    visitor = staff_sign_in(app, social_worker.staff_user)
    url = f"/staff/conferences/{conference.id}/invite"
    details = {"name": "Fictional Teen", "role": "young_person",
               "email": "fictional.teen@example.com", "language": "en"}
    page = visitor.post(url, details).get_data(as_text=True)
    assert "Choose the child this person is about" in page
    assert 'value="Fictional Teen"' in page  # what was typed is kept
    visitor.post(url, dict(details, child="not-a-child-of-this-conference"))
    assert visitor.last.status_code == 200
    other_child = participant("parent", "B").conference.children[0]
    visitor.post(url, dict(details, child=other_child.id))
    assert visitor.last.status_code == 200
    visitor.post(url, dict(details, child=second.id))
    assert visitor.last.status_code == 302
    teen = db.session.scalar(db.select(m.Participant).filter_by(
        conference_id=conference.id, role="young_person", child_id=second.id))
    assert teen is not None and teen.child_id != first.id


def test_conference_form_keeps_input_on_error(app):
    visitor = staff_sign_in(app, participant("social_worker").staff_user)
    page = visitor.post("/staff/conferences/new", {
        "conference_type": "initial", "date": ["31", "2", "2027"], "time": "10:30",
        "format": "online", "children": "Kept Child"}).get_data(as_text=True)
    assert "Enter a real date, with a day, month and year" in page
    assert 'value="Kept Child"' in page and 'value="31"' in page and 'value="2027"' in page


def test_chair_cannot_create_conferences_and_family_cannot_see_staff_pages(app):
    chair = staff_sign_in(app, participant("chair").staff_user)
    assert chair.get("/staff/conferences/new").status_code == 404
    parent = sign_in(app, participant("parent"))
    assert parent.get("/staff/").status_code == 404
    assert parent.get(f"/staff/conferences/{participant('parent').conference_id}").status_code \
        == 404


def test_staff_read_reports_of_their_own_conference_only(app):
    _upload(sign_in(app, participant("professional", agency="School")), _pdf())
    report = db.session.scalar(db.select(m.Report))
    chair = staff_sign_in(app, participant("chair").staff_user)
    page = chair.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Attendance is improving." in page
    assert f"/staff/conferences/{report.conference_id}" in page  # back to the conference
    assert chair.get(f"/reports/{report.id}/file").data.startswith(b"%PDF-")
    other_chair = staff_sign_in(app, participant("chair", "B").staff_user)
    assert other_chair.get(f"/reports/{report.id}").status_code == 404
    assert other_chair.get(f"/reports/{report.id}/download").status_code == 404


def test_police_open_information_is_marked_by_its_author(app):
    visitor = sign_in(app, participant("professional", agency="Police"))
    visitor.post("/reports/new", {
        "title": "Open information", "agency": "Police", "author_role": "Constable",
        "summary": "Plain words.",
        "police_open_information": "y", "document": (io.BytesIO(_pdf()), "r.pdf"),
    }, form_url="/reports/new", content_type="multipart/form-data")
    _upload(visitor, _pdf(), title="Other police report")
    flags = {r.title: r.is_police_open_information for r in db.session.scalars(
        db.select(m.Report))}
    assert flags == {"Open information": True, "Other police report": False}
