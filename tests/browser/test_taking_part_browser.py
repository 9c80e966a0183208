"""Issue 18 in a real browser: a parent with each arrangement (the whole meeting, or
separately with the chair) on a 360 px phone, in English and in Arabic, with JavaScript
off, sees what happens for them, and a parent meeting separately never sees the main
meeting's joining details, its place or the time the professionals meet."""

import pytest
from playwright.sync_api import expect

from app.data import models as m
from app.extensions import db
from tests.helpers import participant

from .helpers import Words, looker, sign_in_with_invitation, staff_sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
MAIN_JOINING = "An online meeting link will be sent by your social worker."
MAIN_VENUE = "Room 2, Civic Centre, Eastmere (demo)"
OWN_LINK = "Your own video link for your meeting with the chair (demo)."
REASON = "Demo only: the chair judged"


@pytest.mark.parametrize(
    ("lang", "conference", "index", "separately"),
    [
        pytest.param("en", "A", 0, False, id="whole-meeting-english"),
        pytest.param("ar", "A", 1, False, id="whole-meeting-arabic"),
        pytest.param("en", "B", 1, True, id="separately-english"),
        pytest.param("ar", "B", 1, True, id="separately-arabic"),
    ],
)
def test_a_parent_sees_what_happens_for_their_own_arrangement(new_page, live_server, check,
                                                              lang, conference, index,
                                                              separately):
    page = new_page(java_script_enabled=False)
    page.set_viewport_size(PHONE)
    english = Words(live_server.app, "en")
    sign_in_with_invitation(page, live_server, looker(page, check, "en"), english, "parent",
                            conference, index)
    words = Words(live_server.app, lang)
    look = looker(page, check, lang)
    page.goto(live_server.link(f"/home?lang={lang}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Your conference"))
    look("home")
    main = page.locator("main")
    # What happens when, with real dates: the social worker's preparation for everyone.
    expect(main).to_contain_text(words("The social worker helps the family get ready"))
    expect(main).to_contain_text(words("Your social worker goes through the decisions with you"))
    expect(main).not_to_contain_text(REASON)
    if separately:
        expect(page.get_by_role("heading", name=words("Your meeting with the chair"),
                                exact=True)).to_be_visible()
        expect(main).to_contain_text(OWN_LINK)
        expect(main).to_contain_text(words("By video"))
        expect(main).to_contain_text(words("You meet the chair on your own"))
        expect(main).to_contain_text(words("The professionals meet without you"))
        expect(main).to_contain_text(words(
            "Your worksheet and what you told the chair are read out. They think about what "
            "you said."))
        expect(main).to_contain_text(words("On paper. Your social worker gives it to you."))
        for hidden in (MAIN_JOINING, MAIN_VENUE, words("Everyone joins"),
                       words("Professionals join")):
            expect(main).not_to_contain_text(hidden)
        # Nothing on the page says 10:30, the professionals' time, in any script.
        assert "10:30" not in page.content()
        # The guide says it for them.
        page.goto(live_server.link("/guide/parents/the-meeting"))
        look("guide-the-meeting")
        expect(page.locator(".govuk-inset-text")).to_be_visible()
        assert "10:30" not in page.content()
        # Their worksheet closes when their own meeting starts.
        page.goto(live_server.link("/prepare"))
        look("worksheet")
        assert "10:30" not in page.content()
    else:
        expect(main).to_contain_text(MAIN_JOINING)
        expect(main).to_contain_text(MAIN_VENUE)
        expect(main).to_contain_text(words("Everyone joins"))
        for hidden in (OWN_LINK, words("Your meeting with the chair"),
                       words("You meet the chair on your own"),
                       words("The professionals meet without you")):
            expect(main).not_to_contain_text(hidden)
        page.goto(live_server.link("/guide/parents/the-meeting"))
        look("guide-the-meeting")
        expect(page.locator(".govuk-inset-text")).to_have_count(0)


# --- the chair types the day they meet a parent, in day, month and year boxes -------------


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_chair_types_the_day_in_three_boxes_and_a_wrong_one_comes_back_as_typed(
        new_page, live_server, check, lang):
    page = new_page(java_script_enabled=False)
    page.set_viewport_size(PHONE)
    words = Words(live_server.app, lang)
    look = looker(page, check, lang)
    with live_server.app.app_context():
        parent = participant("parent", "A", 1)
        parent_id, day = parent.id, parent.conference.starts_at.date()
        before = _arrangement_of(parent_id)
    conference_id = staff_sign_in(page, live_server, Words(live_server.app, "en"), "chair", "A")
    try:
        page.goto(live_server.link(
            f"/staff/conferences/{conference_id}/taking-part/{parent_id}?lang={lang}"))
        look("taking-part")
        page.get_by_label(words("Separately with the chair"), exact=True).check()
        page.get_by_label(words("Why they take part separately (staff only)")).fill(
            "Risk to this parent & \"quiet\" (demo)")
        boxes = page.get_by_role("group", name=words("Date the chair meets them"))
        boxes.get_by_label(words("Day"), exact=True).fill("1")
        boxes.get_by_label(words("Month"), exact=True).fill("1")
        boxes.get_by_label(words("Year"), exact=True).fill("2020")
        page.get_by_label(words("Time the chair meets them")).fill("09:00")
        page.get_by_label(words("By video"), exact=True).check()
        page.get_by_role("button", name=words("Save how they take part")).click()
        message = words("The date the chair meets them must be today or in the future")
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text(message)
        expect(summary.get_by_role("link", name=message)).to_have_attribute(
            "href", "#meets_date")
        look("taking-part-wrong-date")
        # What was typed is there again, to correct.
        expect(boxes.get_by_label(words("Year"), exact=True)).to_have_value("2020")
        expect(page.get_by_label(words("Why they take part separately (staff only)"))
               ).to_have_value("Risk to this parent & \"quiet\" (demo)")
        boxes.get_by_label(words("Day"), exact=True).fill(str(day.day))
        boxes.get_by_label(words("Month"), exact=True).fill(str(day.month))
        boxes.get_by_label(words("Year"), exact=True).fill(str(day.year))
        page.get_by_role("button", name=words("Save how they take part")).click()
        expect(page).to_have_url(live_server.link(f"/staff/conferences/{conference_id}"))
        main = page.locator("main")
        expect(main).to_contain_text("Risk to this parent & \"quiet\" (demo)")
        look("conference-separately")
    finally:
        with live_server.app.app_context():
            _put_back(parent_id, before)


def _arrangement_of(parent_id):
    """The parent's arrangement as it is (None: none recorded), to put back afterwards."""
    row = db.session.scalar(db.select(m.TakingPart).filter_by(participant_id=parent_id))
    if row is None:
        return None
    return {column.key: getattr(row, column.key)
            for column in db.inspect(m.TakingPart).column_attrs}


def _put_back(parent_id, before):
    db.session.execute(db.delete(m.TakingPart).where(m.TakingPart.participant_id == parent_id))
    if before is not None:
        db.session.add(m.TakingPart(**before))
    db.session.commit()
