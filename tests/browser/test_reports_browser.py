"""Reports in a real browser at 320 px, with JavaScript on and off: a parent reads a late
report and replies; a professional adds one (errors first, and a file too big); the chair
decides on a request, gives a parent a redacted version and watches the deadlines.
axe-core checks every page."""

import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.data import models as m
from app.extensions import db
from tests.helpers import participant

from .helpers import Words, looker, sign_in_with_invitation
from .helpers import staff_sign_in as sign_in_as_staff

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("java_script", [True, False], ids=["javascript", "without-javascript"])


def make_report(live, pdf, *, label="A", late=False, sharing=m.SHARING_FAMILY, scope=None):
    """A police report written in the portal with a PDF; returns (id, title)."""
    title = f"Police report {uuid.uuid4().hex[:6]}"
    with live.app.app_context():
        author = participant("professional", label, agency="Police")
        conference = author.conference
        # "Late": shared after the deadline, an hour before the meeting.
        shared_at = conference.starts_at - timedelta(hours=1) \
            if late else m.utcnow()
        report = m.Report(
            conference_id=conference.id, author_id=author.id, agency="Police",
            author_role="Police constable (demo)", title=title,
            summary="What the police know, in plain words (demo).", sharing=sharing,
            shared_at=shared_at if sharing == m.SHARING_FAMILY else None)
        report.versions.append(m.ReportVersion(
            content=pdf, size=len(pdf), pages=1,
            body="First paragraph of the report (demo).\n\nSecond paragraph (demo)."))
        db.session.add(report)
        db.session.flush()
        if scope:
            db.session.add(m.ReportWithholdRequest(
                report_id=report.id, scope=scope, reason="Intelligence about a neighbour (demo)",
                requested_by_id=author.id))
        db.session.commit()
        return report.id, title


def staff_sign_in(page, live, look, words, role="chair", label="A"):
    conference_id = sign_in_as_staff(page, live, words, role, label)
    look("staff-dashboard")
    return conference_id


@JS
def test_parent_reads_a_late_report_and_replies(new_page, live_server, check, report_pdf,
                                               java_script):
    report_id, title = make_report(live_server, report_pdf, late=True)
    page = new_page(java_script_enabled=java_script)
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    sign_in_with_invitation(page, live_server, look, words, "parent", "A",
                            0 if java_script else 1)

    page.goto(live_server.link("/reports"))
    item = page.locator("li", has=page.get_by_role("link", name=title, exact=True))
    expect(item).to_contain_text(words("Late"))
    expect(item).to_contain_text("Police constable (demo)")
    look("reports-list")
    item.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(live_server.link(f"/reports/{report_id}"))
    expect(page.get_by_text(words("Second paragraph (demo)."))).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        words("This report reached you late.").split(".")[0])
    look("report-late")

    # A reply that says "disagree" without saying why is refused, and the choice is kept.
    page.get_by_label(words("I disagree with parts of it"), exact=True).check()
    page.get_by_role("button", name=words("Send my reply"), exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        words("Say what you disagree with, and why"))
    expect(page.get_by_label(words("I disagree with parts of it"), exact=True)).to_be_checked()
    look("reply-error")
    page.get_by_label(words("What do you disagree with, and why?"), exact=True).fill(
        "We were away that weekend (demo).")
    page.get_by_role("button", name=words("Send my reply"), exact=True).click()
    expect(page).to_have_url(live_server.link(f"/reports/{report_id}"))
    expect(page.get_by_text(words("Your reply is sent. The chair and the person who wrote the "
                                  "report will read it before the meeting."))).to_be_visible()
    look("reply-sent")


@JS
def test_professional_adds_a_written_report_and_sees_who_opened_it(new_page, live_server,
                                                                  check, java_script):
    page = new_page(java_script_enabled=java_script)
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    sign_in_with_invitation(page, live_server, look, words, "professional", "A", agency="School")
    page.goto(live_server.link("/reports/new"))
    page.get_by_role("button", name=words("Add the report"), exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        words("Enter a title for the report"))
    look("upload-errors")

    title = f"School report {uuid.uuid4().hex[:6]}"
    page.get_by_label(words("Title of the report"), exact=True).fill(title)
    page.get_by_label(words("Your agency"), exact=True).fill("School")
    page.get_by_label(words("Your role"), exact=True).fill("Class teacher (demo)")
    page.get_by_label(words("A short summary for the family"), exact=True).fill(
        "Attendance is better this term (demo).")
    page.get_by_label(words("Your report, written here (optional if you add a PDF)"),
                      exact=True).fill("Paragraph one (demo).\n\nParagraph two (demo).")
    page.get_by_role("button", name=words("Add the report"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/reports/[^/]+$"))
    expect(page.get_by_text(words("Your report is shared with the family."))).to_be_visible()
    expect(page.get_by_role("heading", name=words("Who in the family has opened it"))
           ).to_be_visible()
    look("report-for-professionals")


def test_file_too_big_gets_a_page_that_says_what_to_do(new_page, live_server, check):
    page = new_page()
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    sign_in_with_invitation(page, live_server, look, words, "professional", "B", agency="School")
    page.goto(live_server.link("/reports/new"))
    limit = live_server.app.config["MAX_CONTENT_LENGTH"]
    live_server.app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    try:
        page.get_by_label(words("The report as a PDF"), exact=True).set_input_files({
            "name": "big.pdf", "mimeType": "application/pdf",
            "buffer": b"%PDF-1.7\n" + b"0" * (128 * 1024)})
        page.get_by_role("button", name=words("Add the report"), exact=True).click()
        # Back on the form, with what was typed kept, and told what to do.
        expect(page.get_by_role("heading", level=1)).to_have_text(words("Add your report"))
    finally:
        live_server.app.config["MAX_CONTENT_LENGTH"] = limit
    expect(page.get_by_text("so nothing was sent").first).to_be_visible()
    expect(page.get_by_text("choose a smaller file and press the button again").first
           ).to_be_visible()
    look("too-big")


@JS
def test_chair_decides_redacts_and_watches_deadlines(new_page, live_server, check, report_pdf,
                                                    java_script):
    label = "A" if java_script else "B"
    pending_id, _pending_title = make_report(live_server, report_pdf, label=label,
                                             sharing=m.SHARING_AWAITING_CHAIR, scope="all")
    shared_id, _shared_title = make_report(live_server, report_pdf, label=label)
    page = new_page(java_script_enabled=java_script)
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    conference_id = staff_sign_in(page, live_server, look, words, "chair", label)

    page.get_by_role("link", name=re.compile(re.escape(words("Reports and deadlines")))).click()
    expect(page).to_have_url(live_server.link("/staff/reports"))
    look("deadlines-dashboard")
    page.goto(live_server.link(f"/staff/conferences/{conference_id}"))
    expect(page.get_by_role("heading", name=words("Reports and deadlines"))).to_be_visible()
    look("conference-with-reports")

    page.goto(live_server.link(f"/reports/{pending_id}"))
    look("pending-report")
    page.get_by_role("link", name=words("Decide what the family can read"), exact=True).click()
    expect(page).to_have_url(live_server.link(f"/staff/reports/{pending_id}/decision"))
    look("decision")
    page.get_by_role("button", name=words("Record the decision"), exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(words("Choose your decision"))
    look("decision-errors")
    page.get_by_label(words("Agree: keep it for professionals only as asked"), exact=True).check()
    page.get_by_label(words("The reason for your decision"), exact=True).fill(
        "Third-party police intelligence (demo).")
    page.get_by_role("button", name=words("Record the decision"), exact=True).click()
    expect(page).to_have_url(live_server.link(f"/reports/{pending_id}"))
    expect(page.get_by_text(words("Decision recorded."))).to_be_visible()
    look("decided")

    page.goto(live_server.link(f"/staff/reports/{shared_id}/redacted"))
    look("redacted-form")
    page.get_by_label(words("Written report for this parent"), exact=True).fill("")
    page.get_by_role("button", name=words("Save this parent's version"), exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(words("Choose the parent"))
    look("redacted-errors")
    page.locator("input[name=recipient]").first.check()
    page.get_by_label(words("Written report for this parent"), exact=True).fill(
        "The report without the part about the other parent (demo).")
    page.get_by_role("button", name=words("Save this parent's version"), exact=True).click()
    expect(page).to_have_url(live_server.link(f"/reports/{shared_id}"))
    expect(page.get_by_text(words("Saved. This parent now sees only their own version."))
           ).to_be_visible()
    look("redacted-saved")
