"""A child's views in a real browser, with JavaScript on and off: every page checked with
axe-core at 320 CSS pixels, including the error state, the help page and the staff flag."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from app.data import models as m
from app.extensions import db
from tests.helpers import participant

from .helpers import Words, looker, sign_in_with_invitation, staff_sign_in

pytestmark = pytest.mark.browser


def _forget_views(live, role, conference):
    """The live server is shared by the session: start this child's views afresh."""
    with live.app.app_context():
        person = participant(role, conference)
        items = db.session.scalars(db.select(m.Contribution).filter_by(
            kind="views", child_id=person.child_id)).all()
        for item in items:
            db.session.execute(db.delete(m.ViewsDrawing).filter_by(contribution_id=item.id))
            db.session.execute(db.delete(m.SafetyAlert).filter_by(contribution_id=item.id))
            db.session.delete(item)
        db.session.commit()
        return person.child_id


def _png_file(tmp_path):
    path = tmp_path / "my-drawing.png"
    out = io.BytesIO()
    Image.new("RGB", (120, 90), (30, 120, 200)).save(out, "PNG")
    path.write_bytes(out.getvalue())
    fake = tmp_path / "not-a-picture.png"
    fake.write_text("just some words, not a picture")
    return path, fake


def _continue(page, words):
    page.get_by_role("button", name=words("Continue"), exact=True).click()


WALKS = [("young_person", "A", True, m.AUDIENCE_EVERYONE),
         ("young_person", "B", False, m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER),
         ("advocate", "A", False, m.AUDIENCE_CHAIR_ONLY)]


@pytest.mark.parametrize("role, conference, java_script, audience", WALKS,
                         ids=["young-person-javascript", "young-person-without-javascript",
                              "advocate-without-javascript"])
def test_child_shares_views_one_page_at_a_time(new_page, live_server, check, tmp_path, role,
                                               conference, java_script, audience):
    child_id = _forget_views(live_server, role, conference)
    page = new_page(java_script_enabled=java_script)
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    sign_in_with_invitation(page, live_server, look, words, role, conference)
    page.get_by_role("link", name=words("Tell the meeting what you think"), exact=True).click()
    expect(page).to_have_url(live_server.link("/views"))
    look("views-start")

    if role == "advocate":
        page.get_by_role("button", name=words("Start"), exact=True).click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        look("views-helper-error")
        expect(page.get_by_text(words("How are you doing this?"))).to_be_visible()
        page.get_by_role("checkbox").check()
        page.get_by_label(words("I am writing down what the child told me"), exact=True).check()
        page.get_by_role("button", name=words("Start"), exact=True).click()
    else:
        page.get_by_role("button", name=words("Start now")).click()

    # A gentle first question: how they feel, with a face beside each word.
    expect(page).to_have_url(live_server.link("/views/feelings"))
    look("views-feelings")
    page.get_by_label(words("OK"), exact=True).check()
    _continue(page, words)

    # Then whether they feel safe: "not sure" shows who can help, straight away.
    expect(page).to_have_url(live_server.link("/views/safe"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        words("Do you feel safe at home, where you live?") if role == "advocate"
        else words("Do you feel safe where you live?"))
    look("views-safe")
    page.get_by_label(words("I'm not sure"), exact=True).check()
    _continue(page, words)
    expect(page).to_have_url(live_server.link("/views/help?then=worries"))
    expect(page.get_by_text("0800 1111")).to_be_visible()
    look("views-help")
    _continue(page, words)  # a link styled as a button

    texts = {"worries": "Shouting at home (demo).", "good-things": "My friends (demo).",
             "dreams": "A quiet house (demo).", "meeting-to-know": "I like school (demo).",
             "what-should-happen": "Stay with my family (demo)."}
    for step, text in texts.items():
        expect(page).to_have_url(live_server.link(f"/views/{step}"))
        look(f"views-{step}")
        page.locator("textarea").fill(text)
        _continue(page, words)

    expect(page).to_have_url(live_server.link("/views/drawing"))
    look("views-drawing")
    picture, fake = _png_file(tmp_path)
    page.get_by_label(words("Choose a photo"), exact=True).set_input_files(str(fake))
    page.get_by_role("button", name=words("Add this photo"), exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        words("The file must be a photo saved as a JPEG or PNG"))
    look("views-drawing-error")
    page.get_by_label(words("Choose a photo"), exact=True).set_input_files(str(picture))
    page.get_by_role("button", name=words("Add this photo"), exact=True).click()

    expect(page).to_have_url(live_server.link("/views/taking-part"))
    look("views-taking-part")
    page.get_by_label(words("Talk to the chair before the meeting"), exact=True).check()
    _continue(page, words)

    expect(page).to_have_url(live_server.link("/views/who-can-read"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        words("Who can read what you have said?"))
    look("views-who-can-read")
    label = {m.AUDIENCE_EVERYONE: "Everyone at the meeting, my parents too",
             m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER: "The chair and my social worker",
             m.AUDIENCE_CHAIR_ONLY: "Only the chair"}[audience]
    page.get_by_label(words(label), exact=True).check()
    _continue(page, words)

    expect(page).to_have_url(live_server.link("/views/check"))
    for text in texts.values():
        expect(page.get_by_text(text)).to_be_visible()
    expect(page.locator("img.portal-drawing")).to_be_visible()
    look("views-check")
    page.get_by_role("button", name=words("Send"), exact=True).click()
    expect(page).to_have_url(live_server.link("/views/sent"))
    look("views-sent")

    with live_server.app.app_context():
        item = db.session.scalar(db.select(m.Contribution).filter_by(
            kind="views", child_id=child_id))
        assert item.sent_at is not None and item.audience == audience
        assert item.answers["dreams"] == texts["dreams"]
        assert item.answers["made_by"] == role
        assert db.session.scalar(db.select(m.SafetyAlert).filter_by(contribution_id=item.id))
        assert db.session.scalar(db.select(m.ViewsDrawing).filter_by(contribution_id=item.id))
        item_id = item.id

    if audience == m.AUDIENCE_EVERYONE:
        _parent_reads(new_page, live_server, check, conference, item_id, texts["dreams"])
        _chair_sees_the_flag_and_the_views(new_page, live_server, check, conference, item_id)


def _parent_reads(new_page, live, check, conference, item_id, dreams):
    page = new_page()
    words = Words(live.app, "en")
    look = looker(page, check, "en")
    sign_in_with_invitation(page, live, look, words, "parent", conference)
    page.get_by_role("link", name=words("Read what the children said"), exact=True).click()
    expect(page).to_have_url(live.link("/views/shared"))
    look("views-shared")
    page.locator(f"a[href='/views/shared/{item_id}']").click()
    expect(page.get_by_text(dreams)).to_be_visible()
    # What the child said about feeling safe never reaches a parent.
    expect(page.get_by_text(words("Feels safe where they live"))).to_have_count(0)
    look("views-read")


def _chair_sees_the_flag_and_the_views(new_page, live, check, conference, item_id):
    page = new_page()
    words = Words(live.app, "en")
    look = looker(page, check, "en")
    conference_id = staff_sign_in(page, live, words, "chair", conference)
    expect(page.get_by_role("heading", name=words("Safety alerts"))).to_be_visible()
    look("staff-dashboard-safety-flag")
    page.goto(live.link(f"/staff/conferences/{conference_id}/contributions/{item_id}"))
    expect(page.get_by_text(words("Feels safe where they live"))).to_be_visible()
    look("staff-views")
    page.goto(live.link("/staff/"))
    page.get_by_role("button", name=words("Mark as seen")).first.click()
    expect(page).to_have_url(live.link("/staff/"))


def test_social_worker_helps_a_younger_child_without_javascript(new_page, live_server, check):
    child_id = _forget_views(live_server, "advocate", "B")  # the younger child of B
    page = new_page(java_script_enabled=False)
    words = Words(live_server.app, "en")
    look = looker(page, check, "en")
    with live_server.app.app_context():
        child_name = db.session.get(m.Child, child_id).first_name
    conference_id = staff_sign_in(page, live_server, words, "social_worker", "B")
    page.goto(live_server.link(f"/staff/conferences/{conference_id}"))
    look("staff-conference-help-views")
    page.get_by_role("button", name=words("Help %(child)s share their views",
                                          child=child_name), exact=True).click()
    expect(page).to_have_url(live_server.link("/views"))
    look("helper-views-start")
    page.get_by_role("checkbox").check()
    page.get_by_label(words("The child is with me and we are doing this together"),
                      exact=True).check()
    page.get_by_role("button", name=words("Start"), exact=True).click()
    expect(page).to_have_url(live_server.link("/views/feelings"))
    expect(page.get_by_text(words("Helping %(child)s", child=child_name))).to_be_visible()
    look("helper-views-feelings")
    page.get_by_label(words("Happy"), exact=True).check()
    _continue(page, words)
    page.get_by_label(words("Yes"), exact=True).check()
    _continue(page, words)
    page.locator("textarea").fill("A trip to the seaside (demo).")
    _continue(page, words)
    page.goto(live_server.link("/views/check"))
    look("helper-views-check")
    page.get_by_role("button", name=words("Send"), exact=True).click()
    expect(page).to_have_url(live_server.link("/views/sent"))
    look("helper-views-sent")
    with live_server.app.app_context():
        item = db.session.scalar(db.select(m.Contribution).filter_by(
            kind="views", child_id=child_id))
        assert item.sent_at and item.answers["made_by"] == "social_worker"
