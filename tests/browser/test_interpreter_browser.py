"""An interpreter the chair lets help reads a report and the outcome in a real browser, on
a 360 px phone without JavaScript: each page in the family's language (Urdu, for demo
conference A) with English beside it, the report's PDF downloaded as a parent would. axe
checks every page; without the chair's permission the same addresses are not found."""

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.helpers import participant

from .helpers import (
    Words,
    add_report,
    looker,
    publish_outcome,
    read_download,
    sign_in_with_invitation,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
OWN = ".portal-side-by-side__cell:not(.portal-side-by-side__cell--english)"
ENGLISH = ".portal-side-by-side__cell--english"


def _allow(live, allowed):
    with live.app.app_context():
        participant("interpreter", "A").may_see_reports = allowed
        db.session.commit()


def _beside(page, own_words, english_words):
    """A row with the family's language on one side and the English on the other."""
    row = page.locator(".portal-side-by-side__row").filter(
        has=page.locator(OWN, has_text=own_words)).filter(
        has=page.locator(ENGLISH, has_text=english_words))
    expect(row.first).to_be_visible()
    return row.first


def test_an_interpreter_reads_a_report_and_the_outcome_beside_english(
        new_page, live_server, check, report_pdf):
    title = add_report(live_server, "A", report_pdf)
    publish_outcome(live_server, "A")
    page = new_page(java_script_enabled=False)
    page.set_viewport_size(PHONE)
    urdu, english = Words(live_server.app, "ur"), Words(live_server.app, "en")
    look = looker(page, check, "ur")
    sign_in_with_invitation(page, live_server, look, urdu, "interpreter", "A")
    # Not yet allowed by the chair: the report and the outcome are not found.
    page.goto(live_server.link("/reports"))
    _beside(page, urdu("The chair has not shared the reports with you. You will hear what "
                       "they say at the meeting."),
            "The chair has not shared the reports with you.")
    expect(page.get_by_role("link", name=title)).to_have_count(0)
    assert page.goto(live_server.link("/outcome")).status == 404

    _allow(live_server, True)
    try:
        page.goto(live_server.link("/reports"))
        expect(page.get_by_role("heading", level=1)).to_have_text(urdu("Reports"))
        _beside(page, urdu("Reports"), english("Reports"))
        look("reports")
        page.locator(OWN).get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        _beside(page, urdu("Summary"), english("Summary"))
        summary = "What the police know, in plain words (demo)."
        expect(page.locator(OWN, has_text=summary).first).to_be_visible()
        expect(page.locator(ENGLISH, has_text=summary).first).to_be_visible()
        _beside(page, urdu("The report as a PDF"), english("The report as a PDF"))
        look("report")
        with page.expect_download() as download:
            page.locator(OWN).get_by_role("link", name=urdu("Download the report")).click()
        assert read_download(download.value).startswith(b"%PDF")

        page.goto(live_server.link("/outcome"))
        expect(page.get_by_role("heading", level=1)).to_have_text(urdu("What was decided"))
        _beside(page, urdu("What was decided"), english("What was decided"))
        _beside(page, urdu("Category: %(category)s").split("%(")[0].strip(), "Category:")
        _beside(page, urdu("The plan"), english("The plan"))
        plan = "The social worker visits every week."
        expect(page.locator(OWN, has_text=plan).first).to_be_visible()
        expect(page.locator(ENGLISH, has_text=plan).first).to_be_visible()
        look("outcome")
    finally:
        _allow(live_server, False)
    # The chair takes it back: the same pages are not found at once.
    assert page.goto(live_server.link("/outcome")).status == 404
