"""What a family meets first on a phone (360×740): in every language, with JavaScript and
without, the page's heading starts on the first screen (within 400 px) and at most 6 tab
stops (the skip link among them) come before the main content. At 200 % zoom (180 CSS px
wide on that phone) nothing scrolls sideways. And "Exit this page" leaves nothing private
one Back press away."""

import re

import pytest
from playwright.sync_api import expect

from app.web import i18n
from tests.helpers import participant

from .helpers import (
    Words,
    add_report,
    assert_not_signed_in,
    publish_outcome,
    sign_in_with_invitation,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
H1_WITHIN_PX = 400
MOST_TAB_STOPS = 6
# The family pages each person reaches first, and those they fill in.
# "{report}" is a report shared with the family.
PAGES = {
    "parent": ("/home", "/prepare", "/prepare/question/strengths", "/prepare/check",
               "/prepare/practical-needs", "/prepare/practical-needs/interpreter",
               "/prepare/safety", "/reports", "{report}", "/outcome", "/guide/parents",
               "/guide/glossary", "/language?next=/home", "/feedback"),
    "young_person": ("/home", "/views", "/views/feelings", "/views/safe", "/views/check",
                     "/reports", "/outcome", "/guide/young-people"),
    "advocate": ("/home", "/views", "/views/feelings", "/views/worries", "/guide/children"),
    "interpreter": ("/home", "/reports", "/outcome"),
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


def _signed_in(new_page, live_server, role, java_script_enabled=True):
    page = new_page(java_script_enabled=java_script_enabled)
    page.set_viewport_size(PHONE)
    with live_server.app.app_context():
        language = participant(role, "A").language  # the demo meets each in their own
    sign_in_with_invitation(page, live_server, lambda label: None,
                            Words(live_server.app, language), role)
    return page


def _family_pages(live_server, role):
    """The pages, with a report shared with the family and the outcome published."""
    report_id = _shared_report(live_server)
    publish_outcome(live_server, "A")
    return [path.format(report=f"/reports/{report_id}") for path in PAGES[role]]


def _shared_report(live_server):
    from app.data import models as m
    from app.extensions import db
    from tests.helpers import blank_pdf

    add_report(live_server, "A", blank_pdf(), title="Police report (header test)")
    with live_server.app.app_context():  # titles are encrypted: the newest is this one
        return db.session.scalar(db.select(m.Report.id).order_by(m.Report.created_at.desc())
                                 .limit(1))


@pytest.fixture
def interpreter_helps_with_reports(live_server):
    """The chair lets the interpreter of A help with the reports (and so the outcome)."""
    from app.extensions import db

    with live_server.app.app_context():
        participant("interpreter", "A").may_see_reports = True
        db.session.commit()
    yield
    with live_server.app.app_context():
        participant("interpreter", "A").may_see_reports = False
        db.session.commit()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("role", sorted(PAGES))
def test_heading_on_the_first_screen_and_few_tab_stops_in_every_language(
        new_page, live_server, role, javascript, interpreter_helps_with_reports):
    page = _signed_in(new_page, live_server, role, javascript)
    paths = _family_pages(live_server, role)
    measured, too_far = {}, {}
    for lang in i18n.LANGUAGES:
        for path in paths:
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
    how = "with" if javascript else "without"
    for lang in i18n.LANGUAGES:
        mine = [value for key, value in measured.items() if key.split()[0] == lang]
        print(f"{role} {lang} ({how} JavaScript): highest h1 {max(t for t, _ in mine)}px, "
              f"most tab stops {max(n for _, n in mine)}")


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


def test_without_javascript_one_menu_link_opens_the_menu_on_a_phone(new_page, live_server):
    page = _signed_in(new_page, live_server, "parent", java_script_enabled=False)
    sign_out = page.get_by_role("button", name="Sign out", exact=True)
    expect(sign_out).to_be_hidden()
    expect(page.get_by_role("link", name="Guide", exact=True)).to_be_hidden()
    page.get_by_role("link", name="Menu", exact=True).click()
    expect(sign_out).to_be_visible()
    expect(page.get_by_role("link", name="Menu", exact=True)).to_be_hidden()
    page.get_by_role("link", name="Guide", exact=True).click()
    expect(page).to_have_url(live_server.link("/"))
    # On a wider screen the links are there from the start, with no "Menu" link.
    page.set_viewport_size({"width": 1024, "height": 740})
    expect(page.get_by_role("link", name="Menu", exact=True)).to_be_hidden()
    expect(sign_out).to_be_visible()


ZOOMED = {"width": 180, "height": 370}  # the 360×740 phone at 200 % zoom
WIDE_PARTS = """() => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll('body *'))
        .filter((el) => { const box = el.getBoundingClientRect();
                          return box.width && (box.right > width + 1 || box.left < -1); })
        .filter((el) => !el.closest('.govuk-visually-hidden'))
        .slice(0, 5).map((el) => el.tagName + ' ' + (el.innerText || '').slice(0, 40));
}"""


@pytest.mark.parametrize("role", ["parent", "young_person", "interpreter"])
def test_nothing_scrolls_sideways_at_200_percent_zoom(new_page, live_server, role,
                                                      interpreter_helps_with_reports):
    page = _signed_in(new_page, live_server, role)
    paths = [*_family_pages(live_server, role), "/contact", "/accessibility"]
    page.set_viewport_size(ZOOMED)
    sideways = {}
    for lang in ("en", "ar", "pl"):
        for path in paths:
            sep = "&" if "?" in path else "?"
            assert page.goto(live_server.link(f"{path}{sep}lang={lang}")).status == 200, path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > ZOOMED["width"]:
                sideways[f"{lang} {path}"] = (width, page.evaluate(WIDE_PARTS))
    assert not sideways, "\n".join(f"{page}: {width}px {parts}"
                                   for page, (width, parts) in sideways.items())
