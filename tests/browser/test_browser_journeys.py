"""Journeys through the portal in a real browser, as the people who use it would take them.

Every page visited is checked with axe-core (WCAG 2.2 A and AA) at 320 CSS pixels wide and
saved as a screenshot. Labels are looked up through the app's own translations, so the same
walk works in English and in Urdu.
"""

import re
import uuid

import pytest
from playwright.sync_api import expect

from .helpers import (
    LANGUAGE_LINKS,
    Words,
    add_report,
    assert_not_signed_in,
    looker,
    publish_outcome,
    read_download,
    sign_in_with_invitation,
    sign_out,
    staff_sign_in,
)

pytestmark = pytest.mark.browser


# --- the parent's walk, shared by the English, no-JavaScript and Urdu journeys ------------


def parent_walk(page, live, check, *, conference, index, lang, report_title):
    words = Words(live.app, lang)
    look = looker(page, check, "en")

    # The guide, readable by anyone.
    page.goto(live.link("/"))
    if lang != "en":
        look("start-en")
        page.get_by_role("link", name="Language", exact=True).click()
        look("languages")
        page.get_by_role("link", name=LANGUAGE_LINKS[lang], exact=True).click()
        expect(page).to_have_url(re.compile(rf"/\?lang={lang}$"))
        look = looker(page, check, lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        words("Get ready for a child protection conference"))
    look("guide")
    for path, heading, label in (
        ("/guide/parents", "A guide for parents and carers", "guide-parents"),
        ("/guide/young-people", "A guide for young people", "guide-young-people"),
        ("/guide/children", "A guide for children", "guide-children"),
    ):
        page.locator(f"main a[href='{path}']").click()
        expect(page).to_have_url(live.link(path))
        expect(page.get_by_role("heading", level=1)).to_have_text(words(heading))
        look(label)
        page.goto(live.link("/"))

    # Signing in.
    sign_in_with_invitation(page, live, look, words, "parent", conference, index)
    look("home")
    steps = page.locator("main a.govuk-link")
    # Home links to each place (the worksheet twice: it also needs them now, unsent).
    for path in ("/prepare", "/reports", "/outcome"):
        expect(steps.and_(page.locator(f"[href='{path}']"))).not_to_have_count(0)

    # Writing down what to say: saved, kept, then sent.
    page.get_by_role("link", name=words("Write down what you want to say"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare"))
    look("prepare")
    # One question a page: save and continue, then come back later.
    page.get_by_role("link", name=words("What is working well"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/question/strengths"))
    strengths = page.get_by_label(
        words("What is working well? What are your family's strengths?"), exact=True)
    strengths.fill("We eat together every evening (demo).")
    look("prepare-question")
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/question/worries"))
    # The demo families have two children each.
    page.get_by_label(words("What worries you? What do you think needs to change for your "
                            "children to be safe?"), exact=True).fill("I worry about money (demo).")
    page.get_by_role("button", name=words("Save and come back later"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare"))
    expect(page.get_by_text(words("Saved. You can come back and change it."))).to_be_visible()
    look("prepare-saved")
    page.get_by_role("link", name=words("What is working well"), exact=True).click()
    expect(strengths).to_have_value("We eat together every evening (demo).")
    page.goto(live.link("/prepare"))
    page.get_by_role("link", name=words("Who can read it"), exact=True).click()
    page.get_by_label(words("Everyone at the conference"), exact=True).check()
    look("prepare-who-can-read")
    page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/check"))
    look("prepare-check")
    page.get_by_role("button", name=words("Send to the conference"), exact=True).click()
    expect(page).to_have_url(live.link("/prepare/sent"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        words("Your worksheet has been sent"))
    look("prepare-sent")

    # Reading a report, marking it read, opening and downloading the PDF.
    page.goto(live.link("/reports"))
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Reports"))
    look("reports")
    page.get_by_role("link", name=report_title, exact=True).click()
    expect(page).to_have_url(re.compile(r"/reports/[^/]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(report_title)
    look("report")
    page.get_by_role("button", name=words("I have read this"), exact=True).click()
    expect(page.get_by_text(words("You have marked this report as read."))).to_be_visible()
    expect(page.get_by_role("button", name=words("I have read this"), exact=True)).to_have_count(0)
    look("report-read")

    pdf_link = page.locator("main a[href$='/file']")
    expect(pdf_link).to_have_count(1)
    response = page.request.get(live.link(pdf_link.get_attribute("href")))
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=words("Download the report"), exact=True).click()
    assert read_download(download_info.value).startswith(b"%PDF")

    # What was decided, and a copy to keep.
    page.goto(live.link("/outcome"))
    expect(page.get_by_role("heading", level=1)).to_have_text(words("What was decided"))
    expect(page.get_by_text(
        words("Category: %(category)s", category=words("Neglect"))).first).to_be_visible()
    look("outcome")
    with page.expect_download() as download_info:
        page.get_by_role("button", name=words("Download a copy (PDF)"), exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "conference-outcome.pdf"
    assert read_download(download).startswith(b"%PDF")

    sign_out(page, live, look, words)


@pytest.mark.parametrize(
    ("lang", "java_script", "conference", "index"),
    [
        pytest.param("en", True, "A", 0, id="english"),
        pytest.param("en", False, "A", 1, id="english-without-javascript"),
        pytest.param("ur", True, "B", 0, id="urdu"),
        pytest.param("ar", False, "B", 1, id="arabic-without-javascript"),
    ],
)
def test_parent_prepares_reads_and_downloads(new_page, live_server, check, report_pdf,
                                             lang, java_script, conference, index):
    report_title = add_report(live_server, conference, report_pdf)
    publish_outcome(live_server, conference)
    page = new_page(java_script_enabled=java_script)
    parent_walk(page, live_server, check, conference=conference, index=index, lang=lang,
                report_title=report_title)


# A young person's and an advocate's views: tests/browser/test_views_browser.py


# --- a professional adds a report -----------------------------------------------------


@pytest.mark.parametrize("java_script", [True, False], ids=["javascript", "without-javascript"])
def test_professional_adds_a_report(new_page, live_server, check, report_pdf, tmp_path,
                                    java_script):
    page = new_page(java_script_enabled=java_script)
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    sign_in_with_invitation(page, live_server, look, words, "professional", "A", agency="Police")
    look("home")

    page.get_by_role("link", name=words("Add your report"), exact=True).click()
    expect(page).to_have_url(live_server.link("/reports/new"))
    look("upload")
    title = f"Police information {uuid.uuid4().hex[:6]}"
    title_box = page.get_by_label(words("Title of the report"), exact=True)
    title_box.fill(title)
    expect(page.get_by_label(words("Your agency"), exact=True)).to_have_value("Police")
    page.get_by_label(words("Your role"), exact=True).fill("Police constable (demo)")
    page.get_by_label(words("A short summary for the family"), exact=True).fill(
        "We have no new information about the family (demo).")
    document = page.get_by_label(words("The report as a PDF"), exact=True)

    # Not a PDF: refused, with the reason beside the field, and nothing typed is lost.
    not_pdf = tmp_path / "notes.pdf.txt"
    not_pdf.write_text("These are notes, not a PDF.\n")
    document.set_input_files(not_pdf)
    page.get_by_role("button", name=words("Add the report"), exact=True).click()
    expect(page).to_have_url(live_server.link("/reports/new"))
    expect(page).to_have_title(re.compile("^" + re.escape(words("Error:"))))
    field = page.locator(".govuk-form-group",
                         has=page.locator("input[type=file][name=document]"))
    expect(field).to_have_class(re.compile(r"\bgovuk-form-group--error\b"))
    message = field.locator(".govuk-error-message")
    expect(message).to_contain_text(words("The file must be a PDF"))
    message_id = message.get_attribute("id")
    expect(document).to_have_attribute("aria-describedby", re.compile(rf"\b{message_id}\b"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(words("The file must be a PDF"))
    expect(title_box).to_have_value(title)
    look("upload-not-pdf")

    # A real PDF: shared, and shown as the family will see it.
    pdf = tmp_path / "police-report.pdf"
    pdf.write_bytes(report_pdf)
    document.set_input_files(pdf)
    page.get_by_role("button", name=words("Add the report"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/reports/[^/]+$"))
    expect(page.get_by_text(words("Your report is shared with the family."))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    look("report-shared")


# --- a chair, on the staff side ---------------------------------------------------------


def test_chair_signs_in_and_records_the_outcome(new_page, live_server, check):
    page = new_page()
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    page.goto(live_server.link("/staff/sign-in"))
    look("staff-sign-in")
    conference_id = staff_sign_in(page, live_server, words, "chair", "A")
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Conferences"))
    look("staff-dashboard")

    # Each conference is a link to its page. If it is not, say so at the end, but still
    # check the pages behind it.
    problems = []
    conference_page = live_server.link(f"/staff/conferences/{conference_id}")
    listed = page.locator("main h2", has_text=words(
        "Your conferences: coming up, or with work left after the meeting")).locator(
        "xpath=following-sibling::ul[1]")
    link = listed.locator(f"a[href='/staff/conferences/{conference_id}']")
    if link.count() == 1 and "<a " not in listed.inner_text():
        link.click()
    else:
        problems.append("the dashboard shows no link to the conference; its list reads "
                        f"{listed.inner_text()!r}")
        page.goto(conference_page)
    expect(page).to_have_url(conference_page)
    look("staff-conference")

    page.get_by_role("link", name=words("Record the outcome"), exact=True).click()
    expect(page).to_have_url(live_server.link(f"/staff/conferences/{conference_id}/outcome"))
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Record the outcome"))
    look("staff-outcome")
    assert not problems, "; ".join(problems)


# --- pages anyone can reach, and the error states of signing in --------------------------


def test_public_pages_and_sign_in_errors(new_page, live_server, check):
    page = new_page()
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    for path, heading in (
        ("/accessibility", "Accessibility statement"),
        ("/privacy", "Privacy notice"),
        ("/contact", "Contact the chair"),
        ("/complain", "How to complain"),
    ):
        page.goto(live_server.link(path))
        expect(page.get_by_role("heading", level=1)).to_have_text(words(heading))
        look(path.strip("/"))

    response = page.goto(live_server.link("/no-such-page"))
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Page not found"))
    look("not-found")

    # Asking for a code with an address we do not know looks the same as one we do.
    page.goto(live_server.link("/sign-in"))
    look("sign-in")
    page.get_by_role("button", name=words("Send me a code"), exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        words("Enter your email address or mobile phone number"))
    look("sign-in-empty")
    page.get_by_label(words("Email address or mobile phone number"), exact=True).fill(
        "nobody@example.com")
    page.get_by_role("button", name=words("Send me a code"), exact=True).click()
    expect(page).to_have_url(live_server.link("/sign-in/code"))
    page.get_by_label(words("Sign-in code"), exact=True).fill("12345")
    page.get_by_role("button", name=words("Sign in"), exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        words("The code must be 6 numbers"))
    look("code-error")
    assert_not_signed_in(page, live_server)


# --- an interpreter: the family's language with English beside it -------------------------


@pytest.mark.parametrize("java_script", [True, False], ids=["javascript", "without-javascript"])
def test_interpreter_reads_the_guide_with_english_stacked_beside_it(new_page, live_server,
                                                                   check, java_script):
    page = new_page(java_script_enabled=java_script)
    words = Words(live_server.app, "ur")  # the demo interpreter of A prefers Urdu
    look = looker(page, check, "ur")
    sign_in_with_invitation(page, live_server, look, words, "interpreter", "A")
    look("interpreter-home")
    expect(page.get_by_role("heading", name=words("The family's languages"))).to_be_visible()
    for path in ("/guide/parents/the-meeting", "/guide/glossary"):
        page.goto(live_server.link(path))
        look("interpreter-" + path.strip("/").replace("/", "-"))
        row = page.locator(".portal-side-by-side__row").first
        expect(row).to_be_visible()
        own = row.locator(".portal-side-by-side__cell").first.bounding_box()
        english = row.locator(".portal-side-by-side__cell--english").bounding_box()
        # On a phone the English comes under the family's language, not squeezed beside it.
        assert english["y"] >= own["y"] + own["height"] - 1, (own, english)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        expect(page.locator('.portal-side-by-side__cell--english[lang="en"]').first) \
            .to_be_visible()
