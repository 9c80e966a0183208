"""Adding a report: a PDF and/or written text, checked by content; bad files refused with a
clear message and what was typed kept; an oversized upload answered 413 with a page that
says what to do; written text shown safely, paragraphs kept."""

import io

import pytest
from conftest import outbox_messages, participant, sign_in, staff_sign_in
from hostile_files import many_objects_pdf
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from app.data import models as m
from app.extensions import db
from app.services import audit


def _pdf(js=False, password=None, calls_out=False):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if js:
        writer.add_open_action(JavaScript("app.alert('hello');"))
    if calls_out:
        # Opening it would tell a server when, and from where, it was read.
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject({
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("https://tracker.example/opened"),
        }))
    if password:
        writer.encrypt(user_password=password, owner_password=password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


FIELDS = {"title": "Kept title", "agency": "School", "author_role": "Class teacher",
          "summary": "Kept summary words"}


def upload(visitor, url="/reports/new", document=None, **extra):
    data = dict(FIELDS, **extra)
    if document is not None:
        data["document"] = (io.BytesIO(document), "report.pdf")
    return visitor.post(url, data, form_url=url, content_type="multipart/form-data")


@pytest.fixture
def school(app):
    return sign_in(app, participant("professional", "A", agency="School"))


BAD_FILES = {
    "empty": (b"", "The file you chose is empty"),
    "not a PDF": (b"GIF89a this is a picture", "The file must be a PDF"),
    "broken PDF": (b"%PDF-1.7\n nothing else", "The PDF cannot be read"),
    "JavaScript": (None, "The PDF contains scripts or attachments"),
    "password": (None, "The PDF must not have a password"),
    "calls a server when opened": (None, "The PDF has web links or actions that open "
                                         "other files or send information"),
    "too many parts": (None, "The PDF is made of too many parts to check"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_refused_with_a_clear_message_and_input_kept(app, school, case):
    data, message = BAD_FILES[case]
    if case == "JavaScript":
        data = _pdf(js=True)
    elif case == "password":
        data = _pdf(password="secret")
    elif case == "calls a server when opened":
        data = _pdf(calls_out=True)
    elif case == "too many parts":
        data = many_objects_pdf(60_000)
    response = upload(school, document=data, text="Kept written words")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert "There is a problem" in page and "govuk-error-message" in page
    assert 'value="Kept title"' in page and "Kept summary words" in page
    assert "Kept written words" in page
    assert db.session.scalar(db.select(m.Report)) is None
    refused = audit.events("report.upload_refused")
    assert refused and refused[-1].outcome == "refused"


def test_neither_pdf_nor_text_is_refused(app, school):
    page = upload(school).get_data(as_text=True)
    assert "Add a PDF of your report or write it in the box" in page
    assert db.session.scalar(db.select(m.Report)) is None


def test_missing_fields_are_named(app, school):
    page = school.post("/reports/new", {"withhold_reason": "Some words"},
                       form_url="/reports/new",
                       content_type="multipart/form-data").get_data(as_text=True)
    for message in ("Enter a title for the report", "Enter your agency", "Enter your role",
                    "Write a short summary for the family",
                    "Add a PDF of your report or write it in the box"):
        assert message in page
    assert "Some words" in page


def test_oversized_upload_answers_413_with_a_page_that_says_what_to_do(app, school):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    school.csrf("/reports/new")
    response = upload(school, document=b"%PDF-" + b"0" * (2 * 1024 * 1024))
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "The file is too big" in page
    assert "Reports must be smaller than 10 MB" in page
    assert "write your report in the box" in page
    assert 'href="/reports/new"' in page
    assert db.session.scalar(db.select(m.Report)) is None


def test_upload_limit_follows_configuration():
    from app import config

    settings = config.from_environment({"MAX_UPLOAD_MB": "3", "VIEWS_IMAGE_MAX_MB": "2"})
    assert settings["MAX_UPLOAD_MB"] == 3
    # A little room above the larger limit (reports or children's photos), so a file just
    # over it gets the form's own message.
    assert settings["MAX_CONTENT_LENGTH"] == 4 * 1024 * 1024
    larger_photos = config.from_environment({"MAX_UPLOAD_MB": "3", "VIEWS_IMAGE_MAX_MB": "12"})
    assert larger_photos["MAX_CONTENT_LENGTH"] == 13 * 1024 * 1024


def test_file_between_the_limits_is_refused_by_size(app, school):
    app.config["MAX_UPLOAD_MB"] = 1
    big = _pdf() + b"%" + b"0" * (1024 * 1024)
    page = upload(school, document=big).get_data(as_text=True)
    assert "The file must be smaller than 1 MB" in page


def test_written_report_is_shown_safely_with_its_paragraphs(app, school):
    text = ("First paragraph <script>alert('x')</script> <b>bold</b>\nsecond line\n\n"
            "Second paragraph <img src=x onerror=alert(1)>")
    response = upload(school, text=text, summary="Summary <i>in italics</i>")
    assert response.status_code == 302
    report = db.session.scalar(db.select(m.Report))
    assert report.versions[0].size == 0 and report.versions[0].body == text
    assert report.author_role == "Class teacher"
    page = sign_in(app, participant("parent", "A")).get(f"/reports/{report.id}").get_data(
        as_text=True)
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "<img src=x" not in page and "<i>in italics</i>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert ('<p class="govuk-body portal-preserve-lines" dir="auto">First paragraph '
            in page)
    assert "second line</p>" in page  # the line break stays inside its paragraph
    assert '<p class="govuk-body portal-preserve-lines" dir="auto">Second paragraph' in page
    assert "By " in page and "Class teacher" in page


@pytest.mark.both_databases
def test_written_text_is_encrypted_at_rest(app, school):
    upload(school, text="Unmistakable report words 5521")
    raw = db.session.execute(db.text("SELECT body FROM report_versions")).scalar_one()
    assert b"Unmistakable" not in bytes(raw)


def test_shared_report_tells_the_family_without_details(app, school):
    quiet = participant("parent", "A", 1)
    quiet.messages_safe = False
    db.session.commit()
    upload(school, document=_pdf(), title="Attendance report 8812")
    report = db.session.scalar(db.select(m.Report))
    assert report.shared_at is not None and report.sharing == m.SHARING_FAMILY
    told = {row.participant_id for row in db.session.scalars(
        db.select(m.OutboxMessage).filter_by(purpose="something-new"))}
    assert participant("parent", "A", 0).id in told
    assert quiet.id not in told  # messages are not safe for this parent
    assert participant("young_person", "A").id not in told  # not marked for the young person
    assert participant("supporter", "A").id not in told
    for message in outbox_messages(app):
        if message["reference"] == "something-new":
            for word in ("Attendance", "8812", "report", "School", "Kept summary"):
                assert word not in message["body"] and word not in message["subject"]
    assert audit.events("report.shared", object_id=report.id)


def test_young_person_is_told_only_when_the_report_is_for_them(app, school):
    upload(school, document=_pdf(), for_young_person="y")
    told = {row.participant_id for row in db.session.scalars(
        db.select(m.OutboxMessage).filter_by(purpose="something-new"))}
    young = participant("young_person", "A")
    assert young.id in told
    report = db.session.scalar(db.select(m.Report))
    assert sign_in(app, young).get(f"/reports/{report.id}").status_code == 200


@pytest.mark.both_databases
def test_social_worker_adds_a_report_from_the_staff_side(app):
    worker = participant("social_worker", "A")
    visitor = staff_sign_in(app, worker.staff_user)
    own = f"/staff/conferences/{worker.conference_id}/reports/new"
    other = f"/staff/conferences/{participant('social_worker', 'B').conference_id}/reports/new"
    assert visitor.get(own).status_code == 200
    assert visitor.get(other).status_code == 404
    response = upload(visitor, url=own, text="Assessment in plain words.")
    assert response.status_code == 302
    report = db.session.scalar(db.select(m.Report))
    assert report.author_id == worker.id and report.shared_at is not None
    conference_page = visitor.get(f"/staff/conferences/{worker.conference_id}")
    assert "Reports and deadlines" in conference_page.get_data(as_text=True)


def test_family_and_other_conference_cannot_add_reports(app):
    for role in ("parent", "young_person", "supporter", "interpreter"):
        assert sign_in(app, participant(role, "A")).get("/reports/new").status_code == 404
    parent = sign_in(app, participant("parent", "A"))
    url = f"/staff/conferences/{participant('chair', 'A').conference_id}/reports/new"
    assert parent.get(url).status_code == 404
