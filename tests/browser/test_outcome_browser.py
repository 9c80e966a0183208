"""The outcome and minutes pages in a real browser with JavaScript off, at 320 px, checked
with axe-core: the chair records and publishes, a parent gets a copy, a young person reads
the summary, the coordinator's minutes page and the dashboard of what is due."""

import io
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from app.data import models as m
from app.extensions import db
from app.services import documents
from tests.helpers import participant

from .helpers import (
    Words,
    looker,
    publish_outcome,
    read_download,
    record_decisions,
    sign_in_with_invitation,
    staff_sign_in,
)

pytestmark = pytest.mark.browser


def staff_signs_in(page, live, look, words, role, conference):
    conference_id = staff_sign_in(page, live, words, role, conference)
    look("staff-dashboard")
    return conference_id


def test_chair_records_publishes_and_redacts_without_javascript(new_page, live_server, check):
    page = new_page(java_script_enabled=False)
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    conference_id = staff_signs_in(page, live_server, look, words, "chair", "A")
    overview = live_server.link(f"/staff/conferences/{conference_id}/outcome")
    page.goto(overview)
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Record the outcome"))
    look("record-outcome")
    record_decisions(page, words, ["Tilly", "Ravi"], look)
    action = page.get_by_role("group", name=words("Action %(number)d", number=1))
    action.get_by_label(words("What will be done"), exact=True).fill("Weekly visits (demo)")
    action.get_by_label(words("Who will do it"), exact=True).fill("Social worker (demo)")
    page.get_by_role("button", name=words("Add another action"), exact=True).click()
    second = page.get_by_role("group", name=words("Action %(number)d", number=2))
    expect(second).to_be_visible()
    expect(action.get_by_label(words("What will be done"), exact=True)).to_have_value(
        "Weekly visits (demo)")
    second.get_by_label(words("What will be done"), exact=True).fill(
        "Move to the new address in Fictional Road (demo)")
    page.get_by_label(words("What happens if things do not change"), exact=True).fill(
        "The conference meets again sooner (demo) & \"soon\".\nSecond line.")
    look("outcome-plan")
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Next meetings"))
    with live_server.app.app_context():
        late_review = participant("chair", "A").conference.starts_at + timedelta(days=150)
    review = page.get_by_role("group", name=words("Date of the review conference (optional)"))
    review.get_by_label(words("Day"), exact=True).fill(str(late_review.day))
    review.get_by_label(words("Month"), exact=True).fill(str(late_review.month))
    review.get_by_label(words("Year"), exact=True).fill(str(late_review.year))
    look("outcome-dates")
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("What each person gets"))
    expect(page.get_by_text(words("Saved."), exact=True)).to_be_visible()
    look("outcome-people")

    # A different version for one parent, without the new address.
    with live_server.app.app_context():
        parent = participant("parent", "A", 1)
        parent_name, parent_id = parent.name, parent.id
    page.get_by_role("link", name=words("Change what %(name)s gets", name=parent_name)).click()
    look("parent-version")
    page.get_by_role("button", name=words("Remove action %(number)d", number=2)).click()
    expect(page.get_by_role("group", name=words("Action %(number)d", number=2))).to_have_count(0)
    look("parent-version-removed")
    page.get_by_role("button", name=words("Save this version"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("What each person gets"))
    expect(page.get_by_text(words("their own version"))).to_be_visible()
    page.get_by_label(words("Summary for the child"), exact=True).fill(
        "The grown-ups will help your family (demo).")
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    if page.get_by_role("heading", level=1).text_content() == words("Check before you publish"):
        look("check-before-publishing")
        # Conference A has not started yet: nothing can be published before the meeting.
        expect(page.get_by_role("button", name=words("Publish to the family"))).to_have_count(0)
        publish_outcome(live_server, "A")  # as the chair would once it has started
    # The list of steps shows each as done, and warns of the late review date.
    page.goto(overview)
    expect(page.locator(".govuk-task-list__status", has_text=words("Completed"))).to_have_count(5)
    expect(page.locator(".govuk-warning-text")).to_have_count(1)
    look("record-outcome-done")

    # The parent with their own version reads and downloads it with a password.
    family = new_page(java_script_enabled=False)
    family_look = looker(family, check, "en")
    sign_in_with_invitation(family, live_server, family_look, words, "parent", "A", 1)
    family.goto(live_server.link("/outcome"))
    expect(family.get_by_text("Weekly visits (demo)")).to_be_visible()
    expect(family.get_by_text("Fictional Road")).to_have_count(0)
    family_look("outcome-own-version")
    family.get_by_label(words("Password for the file (optional)")).fill("short")
    family.get_by_role("button", name=words("Download a copy (PDF)"), exact=True).click()
    expect(family.locator(".govuk-error-summary")).to_be_visible()
    family_look("outcome-password-error")
    family.get_by_label(words("Password for the file (optional)")).fill("a long password")
    with family.expect_download() as download_info:
        family.get_by_role("button", name=words("Download a copy (PDF)"), exact=True).click()
    pdf = read_download(download_info.value)
    assert PdfReader(io.BytesIO(pdf)).is_encrypted
    text = documents.pdf_text(pdf, "a long password")
    assert parent_name in text and "Fictional Road" not in text
    with live_server.app.app_context():
        assert db.session.scalar(db.select(m.AuditEvent).filter_by(
            event="outcome.downloaded", participant_id=parent_id)) is not None


def test_young_person_reads_the_summary_without_javascript(new_page, live_server, check):
    with live_server.app.app_context():
        conference = participant("chair", "B").conference
        outcome = db.session.scalar(db.select(m.Outcome).filter_by(conference_id=conference.id))
        if outcome is None:
            outcome = m.Outcome(conference_id=conference.id, decisions=[])
            outcome.versions.append(m.OutcomeVersion(body="Plan (demo)"))
            db.session.add(outcome)
        outcome.child_summary = "Everyone will help your family feel safe (demo)."
        outcome.published_at = outcome.published_at or m.utcnow()
        db.session.commit()
    page = new_page(java_script_enabled=False)
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    sign_in_with_invitation(page, live_server, look, words, "young_person", "B")
    page.goto(live_server.link("/outcome"))
    expect(page.get_by_text("Everyone will help your family feel safe (demo).")).to_be_visible()
    look("outcome-child-summary")


def test_minutes_and_dashboard_without_javascript(new_page, live_server, check, tmp_path):
    page = new_page(java_script_enabled=False)
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    with live_server.app.app_context():
        conference = participant("chair", "B").conference
        starts_at = conference.starts_at
    conference_id = staff_signs_in(page, live_server, look, words, "chair", "B")
    # Conference B took place two hours ago, for as long as this test runs.
    with live_server.app.app_context():
        db.session.get(m.Conference, conference_id).starts_at = m.utcnow() - timedelta(hours=2)
        db.session.commit()
    try:
        page.goto(live_server.link("/staff/"))
        expect(page.get_by_text(words("Minutes to the family")).first).to_be_visible()
        look("dashboard-with-deadlines")
        page.get_by_role("link", name=words("Upload the minutes")).click()
        look("minutes-upload")
        bad = tmp_path / "minutes.pdf"
        bad.write_bytes(b"not a PDF (demo)")
        page.get_by_label(words("The minutes as a PDF")).set_input_files(str(bad))
        page.get_by_role("button", name=words("Upload"), exact=True).click()
        expect(page.get_by_text(words("The file must be a PDF")).first).to_be_visible()
        look("minutes-upload-error")
        good = tmp_path / "good.pdf"
        good.write_bytes(documents.render_pdf(
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Minutes</title>"
            "</head><body><h1>Minutes (demo)</h1></body></html>", title="Minutes"))
        page.get_by_label(words("The minutes as a PDF")).set_input_files(str(good))
        page.get_by_role("button", name=words("Upload"), exact=True).click()
        page.get_by_role("button", name=words("Send the minutes to the family"),
                         exact=True).click()
        expect(page.get_by_text(words("Sent. The family has been told there is something new.")
                                )).to_be_visible()
        look("minutes-sent")
    finally:
        with live_server.app.app_context():
            db.session.get(m.Conference, conference_id).starts_at = starts_at
            db.session.commit()
    family = new_page(java_script_enabled=False)
    family_look = looker(family, check, "en")
    sign_in_with_invitation(family, live_server, family_look, words, "parent", "B", 0)
    family.goto(live_server.link("/minutes"))
    family_look("minutes-family")
    with family.expect_download() as download_info:
        family.get_by_role("button", name=words("Download a copy (PDF)"), exact=True).click()
    assert read_download(download_info.value).startswith(b"%PDF")
