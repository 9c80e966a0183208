"""What the browser tests share: the app's own words in a language, data put in place as
staff would have, and signing in through the pages as a person would."""

import re
import uuid
from pathlib import Path

from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from app.data import demo
from app.data import models as m
from app.extensions import db
from app.services import documents
from tests.helpers import fresh_totp_code, invitation_link, latest_code, participant

LANGUAGE_LINKS = {"en": "English", "cy": "Cymraeg", "ur": "اردو", "ar": "العربية"}
DIRECTION = {"en": "ltr", "cy": "ltr", "ur": "rtl", "ar": "rtl"}
# English pages are British English.
HTML_LANG = {"en": "en-GB", "cy": "cy", "ur": "ur", "ar": "ar"}


# --- words, as the app says them in a language ----------------------------------------


class Words:
    """The app's own wording in one language: words("Sign in") is what the button says."""

    def __init__(self, app, lang):
        self.app = app
        self.lang = lang

    def __call__(self, text, **variables):
        with self.app.test_request_context(), force_locale(self.lang):
            return gettext(text, **variables)


# --- data the journeys need, put in place as staff would have ---------------------------


def conference_of(label):
    return participant("parent", label).conference


def add_report(live, conference, pdf, title=None):
    """Share a new police report with the family of conference A or B; returns its title."""
    title = title or f"Police report {uuid.uuid4().hex[:6]}"
    with live.app.app_context():
        author = participant("professional", conference, agency="Police")
        report = m.Report(
            conference_id=author.conference_id, author_id=author.id, agency="Police",
            title=title, summary="What the police know, in plain words (demo).",
            is_police_open_information=True, sharing="family", shared_at=m.utcnow(),
        )
        pages = documents.check_pdf(pdf, 10 * 1024 * 1024)
        report.versions.append(m.ReportVersion(content=pdf, size=len(pdf), pages=pages))
        db.session.add(report)
        db.session.commit()
    return title


def publish_outcome(live, conference):
    """The chair's decision for conference A or B, published (once)."""
    with live.app.app_context():
        conf = conference_of(conference)
        outcome = db.session.scalar(db.select(m.Outcome).filter_by(conference_id=conf.id))
        if outcome is None:
            outcome = m.Outcome(
                conference_id=conf.id,
                recorded_by_id=participant("chair", conference).id,
                decisions=[{"child_id": child.id, "plan": True, "category": "neglect"}
                           for child in conf.children],
                child_summary="The grown-ups made a plan to help your family (demo).",
            )
            outcome.versions.append(m.OutcomeVersion(
                body="The social worker visits every week. We meet again in three months."))
            db.session.add(outcome)
        if outcome.published_at is None:
            outcome.published_at = m.utcnow()
        db.session.commit()


def record_decisions(page, words, names, look=None):
    """From "Record the outcome", the chair records a plan under neglect for each child,
    one page per child; the last "Save and continue" opens the plan step."""
    page.get_by_role("link", name=words("Decision for %(name)s", name=names[0])).click()
    for name in names:
        expect(page.get_by_role("heading", level=1)).to_have_text(
            words("Decision for %(name)s", name=name))
        if look:
            look(f"outcome-decision-{name}")
        question = words("Does %(name)s need a child protection plan?", name=name)
        page.get_by_role("group", name=question).get_by_label(words("Yes"), exact=True).check()
        page.get_by_role("group", name=words("If yes, under which category?")).get_by_label(
            words("Neglect"), exact=True).check()
        page.get_by_role("button", name=words("Save and continue"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("The plan"))


# --- signing in through the pages --------------------------------------------------------


def code_address(person):
    """Where the code goes: the mobile when a person has both, else their only address."""
    if person.email and person.mobile:
        return person.mobile
    return person.email or person.mobile


def assert_not_signed_in(page, live):
    response = page.request.get(live.link("/home"), max_redirects=0)
    assert response.status == 302, f"/home answered {response.status} before signing in"
    assert "/sign-in" in response.headers["location"]


def sign_in_with_invitation(page, live, look, words, role, conference="A", index=0,
                            expect_page="/home", **filters):
    """Open the invitation link, ask for a code, type it, sign in (landing on expect_page:
    home, or the page whose typed text was kept). Returns the person's id."""
    with live.app.app_context():
        person = participant(role, conference, index, **filters)
        link = invitation_link(live.app, person)
        address = code_address(person)
        person_id = person.id
    page.goto(live.link(link))
    send_code = page.get_by_role("button", name=words("Send me a code"), exact=True)
    expect(send_code).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        words("Sign in to prepare for the conference"))
    look("invitation")
    # Opening the link (a GET, as a mail scanner would) signs no one in.
    assert_not_signed_in(page, live)

    send_code.click()
    expect(page).to_have_url(live.link("/sign-in/code"))
    look("code")
    page.get_by_label(words("Sign-in code"), exact=True).fill(latest_code(live.app, address))
    page.get_by_role("button", name=words("Sign in"), exact=True).click()
    expect(page).to_have_url(live.link(expect_page))
    if expect_page == "/home":
        expect(page.get_by_role("heading", level=1)).to_have_text(words("Your conference"))
    return person_id


def staff_sign_in(page, live, words, role="chair", label="A"):
    """Sign in as staff with password and TOTP code. Returns their conference's id."""
    with live.app.app_context():
        person = participant(role, label)
        email, code = person.staff_user.email, fresh_totp_code(person.staff_user)
        conference_id = person.conference_id
    page.goto(live.link("/staff/sign-in"))
    page.get_by_label(words("Email address"), exact=True).fill(email)
    page.get_by_label(words("Password"), exact=True).fill(demo.DEMO_STAFF_PASSWORD)
    page.get_by_label(words("Code from your authenticator app"), exact=True).fill(code)
    page.get_by_role("button", name=words("Sign in"), exact=True).click()
    expect(page).to_have_url(live.link("/staff/"))
    return conference_id


def sign_out(page, live, look, words):
    open_menu(page, words)
    page.get_by_role("button", name=words("Sign out"), exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(live.link("/signed-out")) + r"(\?lang=\w+)?$"))
    look("signed-out")
    expect(page.get_by_role("heading", level=1)).to_have_text(words("You have signed out"))
    assert_not_signed_in(page, live)


def open_menu(page, words):
    """On a phone the header's links are in the menu: a button with JavaScript, a link that
    unfolds it without."""
    for role in ("button", "link"):
        menu = page.get_by_role(role, name=words("Menu"), exact=True)
        if menu.count() and menu.first.is_visible():
            menu.first.click()
            return


def looker(page, check, lang):
    """check() each page, and that it is marked up in the language the person chose."""

    def look(label):
        check(page, label)
        expect(page.locator("html"),
               f"{label} ({page.url}): <html lang> should be {HTML_LANG[lang]!r}"
               ).to_have_attribute("lang", HTML_LANG[lang])
        expect(page.locator("html"),
               f"{label} ({page.url}): <html dir> should be {DIRECTION[lang]!r}"
               ).to_have_attribute("dir", DIRECTION[lang])

    return look


def read_download(download):
    return Path(download.path()).read_bytes()
