"""Issue 18 in a real browser: a parent with each arrangement (the whole meeting, or
separately with the chair) on a 360 px phone, in English and in Arabic, with JavaScript
off, sees what happens for them, and a parent meeting separately never sees the main
meeting's joining details, its place or the time the professionals meet."""

import pytest
from playwright.sync_api import expect

from .helpers import Words, looker, sign_in_with_invitation

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
