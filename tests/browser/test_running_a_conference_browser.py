"""Running a conference in a real browser, 320 px wide, checked with axe-core: the chair
reschedules it, the social worker sends a new invitation and removes a person, and the
chair publishes the outcome through the check page once the meeting has started."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.data import models as m
from app.extensions import db
from app.rules import clock
from tests.helpers import participant

from .helpers import Words, looker, record_decisions, staff_sign_in

pytestmark = pytest.mark.browser

VENUE = 'Room 2 & "the annexe", Fictional House'


def test_chair_reschedules_social_worker_resends_and_removes_chair_publishes(
        new_page, live_server, check):
    words = Words(live_server.app, "en")
    with live_server.app.app_context():
        conference = participant("chair", "B").conference
        supporter = participant("supporter", "B")
        kept = {"starts_at": conference.starts_at, "premeet_at": conference.premeet_at,
                "venue": conference.venue, "format": conference.format,
                "status": conference.status}
        conference_id, supporter_id, supporter_name = conference.id, supporter.id, supporter.name
        children = [child.first_name for child in conference.children]
        new_day = (kept["starts_at"] + timedelta(days=7)).date()
    try:
        # The chair moves the conference a week later, to another room.
        chair = new_page(java_script_enabled=False)
        look = looker(chair, check, "en")
        staff_sign_in(chair, live_server, words, "chair", "B")
        chair.goto(live_server.link(f"/staff/conferences/{conference_id}"))
        chair.get_by_role("link", name=words("Change the date, time or place")).click()
        look("change-conference")
        date = chair.get_by_role("group", name=words("Date"))
        date.get_by_label(words("Day"), exact=True).fill(str(new_day.day))
        date.get_by_label(words("Month"), exact=True).fill(str(new_day.month))
        date.get_by_label(words("Year"), exact=True).fill(str(new_day.year))
        chair.get_by_label(words("Where (for people attending in person)")).fill(VENUE)
        chair.get_by_role("button", name=words("Save and tell everyone")).click()
        expect(chair.locator(".govuk-notification-banner--success")).to_be_visible()
        expect(chair.get_by_role("heading", level=1)).to_contain_text(str(new_day.year))
        look("conference-rescheduled")

        # The social worker sends the supporter a new invitation, then removes them.
        worker = new_page(java_script_enabled=False)
        worker_look = looker(worker, check, "en")
        staff_sign_in(worker, live_server, words, "social_worker", "B")
        worker.goto(live_server.link(f"/staff/conferences/{conference_id}"))
        worker.get_by_role("link", name=words("Send a new invitation") + " "
                           + words("to %(name)s", name=supporter_name)).click()
        worker_look("resend-invitation")
        worker.get_by_role("button", name=words("Send a new invitation")).click()
        expect(worker.get_by_text(words(
            "A new invitation was sent. The old link no longer works."))).to_be_visible()
        worker.get_by_role("link", name=words("Remove") + " " + supporter_name).click()
        worker_look("remove-person")
        worker.get_by_role("button", name=words("Remove %(name)s", name=supporter_name)).click()
        expect(worker.get_by_text(words(
            "%(name)s can no longer sign in. What they wrote stays on the record.",
            name=supporter_name))).to_be_visible()
        expect(worker.locator(f"#person-{supporter_id}")).to_contain_text(words("Removed"))
        worker_look("person-removed")

        # The meeting has started: the chair records, checks and publishes the outcome.
        with live_server.app.app_context():
            row = db.session.get(m.Conference, conference_id)
            row.starts_at = clock.uk_now() - timedelta(hours=1)
            outcome = db.session.scalar(db.select(m.Outcome).filter_by(
                conference_id=conference_id))
            if outcome is not None:
                outcome.published_at = None
            db.session.commit()
        chair.goto(live_server.link(f"/staff/conferences/{conference_id}/outcome"))
        record_decisions(chair, words, children)
        chair.get_by_label(words("What happens if things do not change"), exact=True).fill(
            "The conference meets again sooner (demo).")
        for _step in ("plan", "dates", "what each person gets"):
            chair.get_by_role("button", name=words("Save and continue"), exact=True).click()
        expect(chair.get_by_role("heading", level=1)).to_have_text(
            words("Check before you publish"))
        expect(chair.get_by_role("heading", name=words("Who will be told"))).to_be_visible()
        look("check-before-you-publish")
        chair.get_by_role("button", name=words("Publish to the family")).click()
        expect(chair.get_by_text(words(
            "Published on time. The family has been told there is something new."))
        ).to_be_visible()
        look("outcome-published")
    finally:
        with live_server.app.app_context():
            row = db.session.get(m.Conference, conference_id)
            for key, value in kept.items():
                setattr(row, key, value)
            db.session.get(m.Participant, supporter_id).removed_at = None
            db.session.commit()
