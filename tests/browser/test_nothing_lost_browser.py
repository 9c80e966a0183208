"""Nothing typed is lost, in a real browser: typing counts as being there (the session
lives on while the person types, with no warning), and when the time does run out with
text typed, signing in again brings the person back to the same page with it filled in."""

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from .helpers import Words, sign_in_with_invitation

pytestmark = pytest.mark.browser

TYPED = 'Typed over time & "quoted"\nسطر بالعربية 6612'
PAGE = "/prepare/question/worries"


@contextmanager
def _short_sessions(live):
    """A 30-second session: the page allows for a last-seen time up to half of it stale,
    so the warning would come after 3 seconds and the end after 15."""
    config = live.app.config
    saved = config["SESSION_IDLE_MINUTES"], config.get("SESSION_WARNING_SECONDS")
    config["SESSION_IDLE_MINUTES"] = 0.5
    config["SESSION_WARNING_SECONDS"] = 12
    try:
        yield
    finally:
        config["SESSION_IDLE_MINUTES"] = saved[0]
        if saved[1] is None:
            config.pop("SESSION_WARNING_SECONDS", None)
        else:
            config["SESSION_WARNING_SECONDS"] = saved[1]


def test_typing_keeps_the_session_alive_without_a_warning(new_page, live_server):
    page = new_page()
    words = Words(live_server.app, "en")
    sign_in_with_invitation(page, live_server, lambda label: None, words, "parent", "B")
    kept_alive = []
    page.on("response", lambda r: kept_alive.append(r.status)
            if r.url.endswith("/session/keep-alive") else None)
    with _short_sessions(live_server):
        page.goto(live_server.link(PAGE))
        box = page.get_by_role("textbox").first
        dialog = page.get_by_role("dialog")
        # Eight seconds of typing: without it the warning would have come after three.
        for _ in range(16):
            box.press_sequentially("ab")
            page.wait_for_timeout(500)
            expect(dialog).to_be_hidden()
        assert kept_alive and set(kept_alive) == {204}, kept_alive
        # Once the typing stops, the warning comes as before.
        expect(dialog).to_be_visible(timeout=10_000)


def test_text_typed_when_the_time_runs_out_is_there_after_signing_in_again(
        new_page, live_server):
    page = new_page()
    words = Words(live_server.app, "en")
    sign_in_with_invitation(page, live_server, lambda label: None, words, "parent", "B")
    with _short_sessions(live_server):
        page.goto(live_server.link(PAGE))
        page.get_by_role("textbox").first.fill(TYPED)
        # Nobody answers the warning: the session ends, and the text goes with the form.
        expect(page).to_have_url(re.compile(r"/sign-in"), timeout=30_000)
    expect(page.get_by_text(re.compile("We kept what you typed"))).to_be_visible()
    sign_in_with_invitation(page, live_server, lambda label: None, words, "parent", "B",
                            expect_page=PAGE)
    expect(page).to_have_url(live_server.link(PAGE))
    expect(page.get_by_role("textbox").first).to_have_value(TYPED)
    expect(page.get_by_text(words("We put back what you typed. It is not saved yet: press "
                                  "the button to save it."))).to_be_visible()
