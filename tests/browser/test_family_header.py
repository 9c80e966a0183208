"""What a family meets first on a phone (360×740): in every language, the page's heading
starts on the first screen (within 400 px) and at most 6 tab stops come before the main
content. And "Exit this page" leaves nothing private one Back press away."""

import re

import pytest
from playwright.sync_api import expect

from app.web import i18n

from .helpers import Words, assert_not_signed_in, sign_in_with_invitation

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
H1_WITHIN_PX = 400
MOST_TAB_STOPS = 6
# The family pages each person reaches first, and those they fill in.
PAGES = {
    "parent": ("/home", "/prepare", "/prepare/question/strengths", "/prepare/practical-needs",
               "/prepare/safety", "/reports", "/guide/parents", "/language?next=/home"),
    "young_person": ("/home", "/views", "/views/safe", "/guide/young-people"),
}
NEUTRAL = "https://www.bbc.co.uk/weather"


def _tab_stops_before_main(page):
    """Press Tab from the top of the page until focus reaches the main content."""
    page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    page.locator("body").focus()
    for count in range(1, 30):
        page.keyboard.press("Tab")
        inside = page.evaluate("""() => {
            const main = document.getElementById('main-content');
            const el = document.activeElement;
            return !el || el === document.body || main.contains(el) ||
                   !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
        }""")
        if inside:
            return count - 1
    return 99


def _h1_top(page):
    return page.evaluate(
        "Math.round(document.querySelector('h1').getBoundingClientRect().top + window.scrollY)")


def _signed_in(new_page, live_server, role):
    page = new_page()
    page.set_viewport_size(PHONE)
    words = Words(live_server.app, "en")
    sign_in_with_invitation(page, live_server, lambda label: None, words, role)
    return page


@pytest.mark.parametrize("role", sorted(PAGES))
def test_heading_on_the_first_screen_and_few_tab_stops_in_every_language(
        new_page, live_server, role):
    page = _signed_in(new_page, live_server, role)
    measured, too_far = {}, {}
    for lang in i18n.LANGUAGES:
        for path in PAGES[role]:
            sep = "&" if "?" in path else "?"
            response = page.goto(live_server.link(f"{path}{sep}lang={lang}"))
            assert response.status == 200, path
            top, tabs = _h1_top(page), _tab_stops_before_main(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            measured[f"{lang} {path}"] = (top, tabs)
            if top > H1_WITHIN_PX or tabs > MOST_TAB_STOPS or width > PHONE["width"]:
                too_far[f"{lang} {path}"] = {"h1": top, "tabs": tabs, "width": width}
    assert len(measured) == len(i18n.LANGUAGES) * len(PAGES[role])
    assert not too_far, too_far
    print(f"{role}: highest h1 {max(t for t, _ in measured.values())}px, "
          f"most tab stops {max(n for _, n in measured.values())}")


def _leave_and_come_back(page, live_server, leave):
    page.route(re.compile(r"https://www\.bbc\.co\.uk/.*"), lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>"))
    page.goto(live_server.link("/prepare/safety"))
    expect(page.get_by_text("Exit this page also signs you out.")).to_be_visible()
    page.get_by_label(re.compile("Is there anyone you do not feel safe")).fill(
        "Private words 4471")
    leave(page)
    expect(page).to_have_url(NEUTRAL)
    # Back: nothing private, and no session to go back to.
    page.go_back()
    expect(page.locator("body")).not_to_contain_text("Private words 4471")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Keeping you safe")
    assert "/sign-in" in page.url or "/exit" in page.url or page.url == NEUTRAL
    assert_not_signed_in(page, live_server)
    page.reload()
    expect(page.locator("body")).not_to_contain_text("Private words 4471")


@pytest.mark.parametrize("how", ["button", "shift-three-times", "no-javascript"])
def test_exit_this_page_ends_the_session_so_back_shows_nothing(new_page, live_server, how):
    if how == "no-javascript":
        page = new_page(java_script_enabled=False)
        page.set_viewport_size(PHONE)
        words = Words(live_server.app, "en")
        sign_in_with_invitation(page, live_server, lambda label: None, words, "parent")
    else:
        page = _signed_in(new_page, live_server, "parent")

    def leave(page):
        if how == "shift-three-times":
            page.locator("h1").click()
            for _ in range(3):
                page.keyboard.press("Shift")
        else:
            page.get_by_role("button", name=re.compile("Exit this page")).first.click()

    _leave_and_come_back(page, live_server, leave)
