"""Staff pages for keeping the portal's promises, in a real browser at 320 px with
JavaScript off and axe-core: a message that could not be delivered, sent again by the
chair; what is due for export and removal, for the administrator. In English and Arabic."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.data import demo
from app.data import models as m
from app.extensions import db
from app.rules.clock import utcnow
from tests.helpers import blank_pdf, fresh_totp_code, participant

from .helpers import Words, looker, staff_sign_in

pytestmark = pytest.mark.browser


def test_the_chair_sends_again_a_message_that_could_not_be_delivered(
        new_page, live_server, check):
    page = new_page(java_script_enabled=False)
    words = Words(live_server.app, "en")
    with live_server.app.app_context():
        parent = participant("parent", "A")
        row = m.Delivery(participant_id=parent.id, conference_id=parent.conference_id,
                         purpose="something-new", channel="email", to=parent.email,
                         subject="Fictional", body="Fictional & \"quoted\" words",
                         status=m.DELIVERY_FAILED, attempts=9, give_up_at=utcnow(),
                         last_error="DeliveryFailed")
        db.session.add(row)
        db.session.commit()
        delivery_id, email = row.id, parent.email
    try:
        staff_sign_in(page, live_server, words, "chair", "A")
        heading = page.get_by_role("heading", name=words("Messages that could not be delivered"))
        expect(heading).to_be_visible()
        assert email not in page.inner_text("main")
        looker(page, check, "en")("dashboard-undelivered")
        page.goto(live_server.link("/staff/?lang=ar"))
        ar = Words(live_server.app, "ar")
        expect(page.get_by_role("heading", name=ar("Messages that could not be delivered"))
               ).to_be_visible()
        looker(page, check, "ar")("dashboard-undelivered-ar")
        page.get_by_role("button", name=ar("Send again")).click()
        expect(page.get_by_text(ar("We will try to send it again now."))).to_be_visible()
        looker(page, check, "ar")("dashboard-sent-again-ar")
        page.goto(live_server.link("/staff/?lang=en"))
        expect(page.get_by_role("heading", name=words("Messages that could not be delivered"))
               ).to_have_count(0)
    finally:
        with live_server.app.app_context():
            db.session.execute(db.delete(m.Delivery).where(m.Delivery.id == delivery_id))
            db.session.commit()


def test_the_administrator_sees_what_is_due_for_export_and_removal(
        new_page, live_server, check):
    page = new_page(java_script_enabled=False)
    words = Words(live_server.app, "en")
    with live_server.app.app_context():
        admin = db.session.scalar(db.select(m.StaffUser).filter_by(role="admin"))
        conference = participant("parent", "A").conference
        minutes = m.Minutes(conference_id=conference.id,
                            published_at=utcnow() - timedelta(days=85))
        minutes.versions.append(m.MinutesVersion(content=blank_pdf(), size=100, pages=1))
        db.session.add(minutes)
        db.session.commit()
        email, code, minutes_id = admin.email, fresh_totp_code(admin), minutes.id
    try:
        page.goto(live_server.link("/staff/sign-in"))
        page.get_by_label(words("Email address"), exact=True).fill(email)
        page.get_by_label(words("Password"), exact=True).fill(demo.DEMO_STAFF_PASSWORD)
        page.get_by_label(words("Code from your authenticator app"), exact=True).fill(code)
        page.get_by_role("button", name=words("Sign in"), exact=True).click()
        page.get_by_role("link", name=words("Due for export and removal")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            words("Due for export and removal"))
        expect(page.get_by_text(words("Due on %(date)s", date="").strip()).first
               ).to_be_visible()
        looker(page, check, "en")("retention-due")
        page.goto(live_server.link("/staff/retention?lang=ar"))
        ar = Words(live_server.app, "ar")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            ar("Due for export and removal"))
        looker(page, check, "ar")("retention-due-ar")
        page.goto(live_server.link("/staff/retention?lang=en"))
    finally:
        with live_server.app.app_context():
            db.session.execute(db.delete(m.MinutesVersion).where(
                m.MinutesVersion.minutes_id == minutes_id))
            db.session.execute(db.delete(m.Minutes).where(m.Minutes.id == minutes_id))
            db.session.commit()


def test_the_chair_opens_every_conversation_waiting(new_page, live_server, check):
    """The dashboard's conversations and paper copies, and the page with all of them, at
    320 px without JavaScript, in English and Arabic."""
    page = new_page(java_script_enabled=False)
    words = Words(live_server.app, "en")
    staff_sign_in(page, live_server, words, "chair", "A")
    expect(page.get_by_role("heading", name=words("Conversations and paper copies"))
           ).to_be_visible()
    page.goto(live_server.link("/staff/conversations?lang=en"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        words("Conversations and paper copies"))
    expect(page.locator("main li").filter(
        has_text=words("Chair meets the parents before the meeting")).first).to_be_visible()
    looker(page, check, "en")("conversations")
    ar = Words(live_server.app, "ar")
    page.goto(live_server.link("/staff/conversations?lang=ar"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        ar("Conversations and paper copies"))
    looker(page, check, "ar")("conversations-ar")
    page.get_by_role("link", name=ar("Back")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ar("Conferences"))
    page.goto(live_server.link("/staff/?lang=en"))
