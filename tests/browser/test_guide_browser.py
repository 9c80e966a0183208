"""The guide in a real browser at 320 CSS pixels: every page passes axe-core in English and
in Urdu (right to left); the listen button appears only where the browser can speak; the
printed page keeps the words and drops the controls."""

import io
import re

import pytest
from playwright.sync_api import expect

from app.services import guides as guide
from app.web import i18n

pytestmark = pytest.mark.browser

HTML_LANG = {"en": "en-GB", "ur": "ur", "ar": "ar"}
DIRECTION = {"en": "ltr", "ur": "rtl", "ar": "rtl"}

# A stand-in for the browser's speech, recording what it is asked to say.
FAKE_SPEECH = """
window.spoken = [];
window.cancelled = 0;
window.SpeechSynthesisUtterance = class {
  constructor(text) { this.text = text; this.lang = ""; this.listeners = {}; }
  addEventListener(name, listener) { this.listeners[name] = listener; }
};
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak(utterance) { window.spoken.push({text: utterance.text, lang: utterance.lang}); },
  cancel() { window.cancelled += 1; },
}});
"""
NO_SPEECH = "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"


def guide_urls(live):
    with live.app.test_request_context():
        return guide.all_page_urls()


@pytest.mark.parametrize("lang", ["en", "ur", "ar"])
def test_every_guide_page_passes_axe_at_320px(live_server, new_page, check, lang):
    page = new_page()
    urls = guide_urls(live_server)
    assert len(urls) == 15
    page.goto(live_server.link(f"/?lang={lang}"))
    for url in urls:
        page.goto(live_server.link(url))
        expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[lang])
        expect(page.locator("html")).to_have_attribute("dir", DIRECTION[lang])
        expect(page.locator("[data-guide-content]")).to_be_visible()
        check(page, f"{lang}-{url.strip('/').replace('/', '-')}")
        # Nothing runs off the side of a small phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url


SAMPLE = ("/", "/guide/parents/the-meeting", "/guide/young-people", "/guide/children",
          "/guide/glossary", "/sign-in", "/contact")


@pytest.mark.parametrize("lang", sorted(set(i18n.LANGUAGES) - {"en"}))
def test_a_sample_of_pages_in_every_language_passes_axe_at_320px(live_server, new_page,
                                                                 check, lang):
    page = new_page()
    page.goto(live_server.link(f"/?lang={lang}"))
    for url in SAMPLE:
        page.goto(live_server.link(url))
        expect(page.locator("html")).to_have_attribute("lang", re.compile(rf"^{lang}(-|$)"))
        expect(page.locator("html")).to_have_attribute(
            "dir", "rtl" if lang in i18n.RIGHT_TO_LEFT else "ltr")
        check(page, f"sample-{lang}-{url.strip('/').replace('/', '-') or 'home'}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, (lang, url)


def test_without_javascript_there_is_no_listen_button(live_server, new_page, check):
    page = new_page(java_script_enabled=False)
    page.goto(live_server.link("/guide/parents/the-meeting"))
    expect(page.locator("[data-portal-listen]")).to_be_hidden()
    expect(page.get_by_role("button", name="Listen to this page")).to_have_count(0)
    check(page, "no-js-the-meeting")


def test_without_speech_there_is_no_listen_button(live_server, new_page):
    page = new_page()
    page.add_init_script(NO_SPEECH)
    page.goto(live_server.link("/guide/young-people"))
    assert page.evaluate("'speechSynthesis' in window") is False
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("[data-portal-listen]")).to_be_hidden()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_listen_reads_the_page_in_its_language_and_stops(live_server, new_page, check, lang):
    page = new_page()
    page.add_init_script(FAKE_SPEECH)
    page.goto(live_server.link(f"/guide/parents?lang={lang}"))
    button = page.locator("[data-portal-listen]")
    expect(button).to_be_visible()
    listen_label = button.get_attribute("data-listen-text")
    stop_label = button.get_attribute("data-stop-text")
    expect(button).to_have_text(listen_label)
    check(page, f"listen-button-{lang}")

    button.click()
    expect(button).to_have_text(stop_label)
    spoken = page.evaluate("window.spoken")
    assert {part["lang"] for part in spoken} == {HTML_LANG[lang]}
    texts = [part["text"] for part in spoken]
    assert texts[0] == page.locator("h1").inner_text()
    assert page.locator("[data-guide-content] p").first.inner_text() in texts
    # Not the navigation, the button or the footer.
    assert listen_label not in texts and stop_label not in texts
    assert not any("Accessibility statement" in text for text in texts)

    button.click()
    expect(button).to_have_text(listen_label)
    assert page.evaluate("window.cancelled") >= 2


def test_printed_guide_keeps_the_words_and_drops_the_controls(live_server, new_page):
    page = new_page()
    page.add_init_script(FAKE_SPEECH)
    page.goto(live_server.link("/guide/parents/before-the-meeting"))
    expect(page.locator("[data-portal-listen]")).to_be_visible()
    page.emulate_media(media="print")
    for hidden in (".portal-top-bar", "[data-portal-listen]", ".govuk-pagination",
                   ".govuk-footer", ".govuk-service-navigation", ".govuk-phase-banner"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("[data-guide-content]")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "(/guide" not in text and "(/" not in text  # no paths printed after links
    assert "worksheet" in text.lower()  # the words are there
