"""Prepare in a real browser at 320px: every page of the worksheet, practical needs and the
safety request, with JavaScript off and on, axe-core on each; the staff pages; and the
session timeout warning with a short configured timeout."""

import re

import pytest
from playwright.sync_api import expect

from app.services import preparation
from tests.helpers import participant

from .helpers import Words, looker, sign_in_with_invitation, staff_sign_in

pytestmark = pytest.mark.browser

# Conference B's second parent: the shared journeys do not use them.
CONFERENCE, INDEX = "B", 1


def _start_afresh(app):
    """Clear what this parent prepared before, so each run starts from a blank task list."""
    from app.data import models as m
    from app.extensions import db

    with app.app_context():
        parent = participant("parent", CONFERENCE, INDEX)
        items = db.session.scalars(db.select(m.Contribution).filter_by(author_id=parent.id))
        for item in items:
            db.session.execute(db.delete(m.ContributionVersion).filter_by(
                contribution_id=item.id))
            db.session.delete(item)
        db.session.execute(db.delete(m.PracticalNeeds).filter_by(participant_id=parent.id))
        parent.messages_safe = True
        db.session.commit()


def _text(app, lazy):
    with app.test_request_context():
        return str(lazy)


@pytest.mark.parametrize("java_script", [False, True], ids=["without-javascript",
                                                              "javascript"])
def test_parent_prepares_every_page(new_page, live_server, check, java_script):
    live = live_server
    _start_afresh(live.app)
    page = new_page(java_script_enabled=java_script)
    words = Words(live.app, "en")
    look = looker(page, check, "en")
    sign_in_with_invitation(page, live, look, words, "parent", CONFERENCE, INDEX)
    page.goto(live.link("/prepare"))
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Prepare for the conference"))
    look("task-list")

    with live.app.app_context():
        sections = preparation.sections_for(participant("parent", CONFERENCE).conference)
    for number, section in enumerate(sections, start=1):
        page.goto(live.link(f"/prepare/question/{section.key}"))
        box = page.get_by_label(_text(live.app, section.question), exact=True)
        expect(box).to_be_visible()
        box.fill(f"Answer {number} (demo) 😀 نحن بخير")
        if number == 1:
            look("question")
        page.get_by_role("button", name=words("Save and continue"), exact=True).click()

    # The last question leads to who can read it; errors keep the page usable.
    expect(page).to_have_url(live.link("/prepare/who-can-read"))
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    look("who-can-read-error")
    page.get_by_label(words("Only the chair and the social worker"), exact=True).check()
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/check"))
    expect(page.get_by_text("Answer 6 (demo)")).to_be_visible()
    look("check")

    # A change from the check page returns to it.
    page.locator("a[href='/prepare/question/support?from=check']").click()
    box = page.get_by_label(_text(live.app, {s.key: s for s in sections}["support"].question),
                            exact=True)
    box.fill("x" * 5001)
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(box).to_have_value("x" * 5001)
    look("question-error")
    box.fill("A parenting course (demo)")
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/check"))

    page.get_by_role("button", name=words("Send to the conference"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/sent"))
    look("sent")

    # Practical needs in short steps, with an error first, then saved.
    page.goto(live.link("/prepare/practical-needs"))
    look("practical-needs")
    page.get_by_role("link", name=words("An interpreter"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/practical-needs/interpreter"))
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    look("practical-needs-error")
    page.locator("input[name=interpreter][value=yes]").check()
    page.get_by_label(words("If yes, which language?"), exact=True).fill("Polish")
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/practical-needs/supporter"))
    look("practical-needs-supporter")
    page.locator("input[name=supporter][value=no]").check()
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/practical-needs/getting-there"))
    for name in ("childcare", "transport"):
        page.locator(f"input[name={name}][value=no]").check()
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/practical-needs/taking-part"))
    page.get_by_label(words("By phone only"), exact=True).check()
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/practical-needs"))

    # The private safety request.
    page.goto(live.link("/prepare/safety"))
    look("safety")
    page.locator("input[name=messages_safe][value=yes]").check()
    page.get_by_role("button", name=words("Send to the chair and social worker"),
                     exact=True).click()
    expect(page).to_have_url(live.link("/prepare"))
    look("task-list-done")

    # Their own copy.
    with page.expect_download() as download_info:
        page.get_by_role("button", name=words("Download your worksheet (PDF)"),
                         exact=True).click()
    assert download_info.value.suggested_filename == "my-worksheet.pdf"


def test_chair_sees_needs_worksheets_and_safety_requests(new_page, live_server, check):
    live = live_server
    page = new_page()
    words = Words(live.app, "en")
    look = looker(page, check, "en")
    conference_id = staff_sign_in(page, live, words, "chair", CONFERENCE)
    page.goto(live.link(f"/staff/conferences/{conference_id}"))
    look("staff-conference")
    page.goto(live.link(f"/staff/conferences/{conference_id}/family-needs"))
    look("staff-family-needs")
    worksheets = page.locator("main a[href*='/worksheets/']")
    if worksheets.count():
        worksheets.first.click()
        look("staff-worksheet")
        page.go_back()
    requests = page.locator("main a[href*='/safety-requests/']")
    if requests.count():
        requests.first.click()
        look("staff-safety-request")


def test_timeout_warning_lets_the_person_stay_or_sign_out(new_page, live_server, check):
    live = live_server
    config = live.app.config
    saved = config["SESSION_IDLE_MINUTES"], config.get("SESSION_WARNING_SECONDS")
    page = new_page()
    words = Words(live.app, "en")
    look = looker(page, check, "en")
    sign_in_with_invitation(page, live, look, words, "young_person", "B")
    try:
        # A 30-second session: the page allows for a last-seen time up to half of it
        # stale, so the warning comes after 3 seconds, 12 before the earliest end.
        config["SESSION_IDLE_MINUTES"] = 0.5
        config["SESSION_WARNING_SECONDS"] = 12
        page.goto(live.link("/home"))
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible(timeout=10_000)
        expect(dialog.get_by_role("heading")).to_have_text(words("You will be signed out soon"))
        expect(dialog.get_by_role("heading")).to_be_focused()
        look("timeout-warning")
        with page.expect_response(lambda r: r.url.endswith("/session/keep-alive")) as kept:
            dialog.get_by_role("button", name=words("Stay signed in"), exact=True).click()
        assert kept.value.status == 204
        expect(dialog).to_be_hidden()
        # It comes back when idle again; this time the person signs out.
        expect(dialog).to_be_visible(timeout=10_000)
        dialog.get_by_role("button", name=words("Sign out"), exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(live.link("/signed-out"))))
        look("signed-out-from-warning")
    finally:
        config["SESSION_IDLE_MINUTES"] = saved[0]
        if saved[1] is None:
            config.pop("SESSION_WARNING_SECONDS", None)
        else:
            config["SESSION_WARNING_SECONDS"] = saved[1]


def test_no_timeout_warning_without_javascript(new_page, live_server, check):
    live = live_server
    page = new_page(java_script_enabled=False)
    words = Words(live.app, "en")
    look = looker(page, check, "en")
    sign_in_with_invitation(page, live, look, words, "supporter", "B")
    expect(page.get_by_role("dialog")).to_have_count(0)  # a closed dialog is not shown
    expect(page.get_by_text(words("You will be signed out soon"))).to_be_hidden()
