"""What a family meets, as they see it: the outcome with its words explained and whom to
contact, home that puts what needs them first, replies to reports, short practical-needs
steps, and professionals' English marked on translated pages. Each page checked for every
role and both demo conferences where it is new."""

from datetime import timedelta

import pytest
from conftest import (
    participant,
    publish_through_check,
    record_outcome_steps,
    sign_in,
    staff_sign_in,
)
from flask_babel import force_locale, gettext
from visible import visible, visible_text

from app.data import models as m
from app.extensions import db
from app.services import documents
from tests.helpers import shared_report

PLAN_BODY = "If things do not change, the conference meets again sooner."
WRITTEN_IN_ENGLISH = ("Written in English by the professionals. If you need help to "
                      "understand it, ask your interpreter or your social worker.")


def _in(app, lang, text):
    with app.test_request_context(), force_locale(lang):
        return gettext(text)


def _publish(app, label="A", **extra):
    """The chair records and publishes an outcome after the meeting."""
    chair_person = participant("chair", label)
    conference = chair_person.conference
    # Both held a few hours ago; A stays the earlier of the two, as the helpers count them.
    first, second = participant("chair", "A").conference, participant("chair", "B").conference
    first.starts_at = m.utcnow() - timedelta(hours=3)
    second.starts_at = m.utcnow() - timedelta(hours=2)
    db.session.commit()
    data = {"body": PLAN_BODY, "child_summary": "The grown-ups will help your family.",
            "actions-0-what": "Social worker visits every week", "actions-0-who": "Housing team",
            "actions-0-by": "2030-01-25", "check": "x",
            "first_core_group": (m.utcnow() + timedelta(days=14)).date().isoformat()}
    for child in conference.children:
        data[f"plan-{child.id}"] = "yes"
        data[f"category-{child.id}"] = "neglect"
    data.update(extra)
    chair = staff_sign_in(app, chair_person.staff_user)
    record_outcome_steps(chair, conference, data)
    publish_through_check(chair, conference)
    return conference


# --- the outcome -------------------------------------------------------------------------


def test_outcome_explains_its_words_and_says_what_to_do_if_you_disagree(app):
    conference = _publish(app)
    tilly = conference.children[0]
    db.session.commit()
    visitor = sign_in(app, participant("parent"))
    html = visitor.get("/outcome").get_data(as_text=True)
    for slug in ("child-protection-plan", "categories-of-harm", "core-group"):
        assert f'href="/guide/glossary#term-{slug}"' in html, slug
    text = visible_text(html)
    assert "The conference decided that a child protection plan is needed." in text
    assert "Category: Neglect" in text and "First core group meeting:" in text
    assert "If you do not agree" in text
    assert "Talk to your social worker first." in text
    social_worker = participant("social_worker")
    assert f"Your social worker: {social_worker.name}" in text
    assert "The chair:" in text and "How to contact the chair" in text
    assert "How to complain" in text
    assert tilly.first_name in text
    assert WRITTEN_IN_ENGLISH not in text  # the page is in English already


def test_child_in_need_plan_is_explained_too(app):
    conference = participant("chair").conference
    tilly = conference.children[0]
    _publish(app, **{f"plan-{tilly.id}": "no", f"alternative-{tilly.id}": "child_in_need"})
    html = sign_in(app, participant("parent")).get("/outcome").get_data(as_text=True)
    assert 'href="/guide/glossary#term-child-in-need-plan"' in html
    assert "Instead there will be a child in need plan." in visible_text(html)


def test_outcome_pdf_names_the_council_the_conference_date_and_whom_to_contact(app):
    conference = _publish(app)
    visitor = sign_in(app, participant("parent"))
    link = visitor.post("/outcome/link", {"password": ""}, form_url="/outcome")
    text = " ".join(documents.pdf_text(visitor.get(link.headers["Location"]).data).split())
    assert conference.authority.name in text
    day = conference.starts_at
    assert f"{day.day} {day:%B} {day.year}" in text
    assert participant("social_worker").name in text
    assert "Who to contact" in text and conference.authority.phone in text
    assert "If you do not agree" in text


def test_outcome_buttons_and_professionals_english_are_in_the_parents_language(app):
    _publish(app)
    parent = participant("parent")
    visitor = sign_in(app, parent)
    for lang in ("pl", "ar"):
        html = visitor.get(f"/outcome?lang={lang}").get_data(as_text=True)
        show = _in(app, lang, "Show")
        assert show != "Show"
        assert f'data-i18n.show-password="{show}"' in html
        assert 'data-i18n.show-password="Show"' not in html
        note = _in(app, lang, WRITTEN_IN_ENGLISH)
        assert note != WRITTEN_IN_ENGLISH and note in visible_text(html)
        assert _in(app, lang, "If you do not agree") in visible_text(html)


# --- an interpreter the chair lets help with reports reads the outcome ------------------


@pytest.mark.parametrize("label", ["A", "B"])
def test_interpreter_reads_the_outcome_only_when_the_chair_allows(app, label):
    _publish(app, label)
    interpreter = participant("interpreter", label)
    visitor = sign_in(app, interpreter)
    assert visitor.get("/outcome").status_code == 404
    interpreter.may_see_reports = True
    db.session.commit()
    page = visitor.get("/outcome")
    assert page.status_code == 200
    text = visible(page)
    # English beside the family's language.
    assert "What was decided" in text and _in(app, interpreter.language,
                                               "What was decided") in text
    assert PLAN_BODY in text


@pytest.mark.parametrize("role", ["parent", "young_person", "advocate", "supporter",
                                  "interpreter", "professional"])
def test_outcome_page_by_role_in_each_conference(app, role):
    for label in ("A", "B"):
        _publish(app, label)
    for label in ("A", "B"):
        visitor = sign_in(app, participant(role, label))
        response = visitor.get("/outcome")
        expected = 404 if role in ("supporter", "interpreter") else 200
        assert response.status_code == expected, (role, label)
        if expected == 200:
            text = visible(response)
            assert "If you do not agree" in text
            # Never the other conference's social worker.
            other = participant("social_worker", "B" if label == "A" else "A")
            assert other.name not in text


# --- reports: asking for help, and being told staff see when you open one --------------


def test_families_are_told_before_opening_that_staff_see_when_they_read(app):
    shared_report(app)
    text = visible(sign_in(app, participant("parent")).get("/reports"))
    assert ("The professionals can see when you first open each report and when you mark it "
            "as read.") in text
    assert text.index("can see when you first open") < text.index("School report")


@pytest.mark.parametrize(("button", "told_roles", "kind"), [
    ("not_understood", {"social_worker"}, "do not understand"),
    ("talk", {"social_worker", "chair"}, "wants to talk"),
])
def test_asking_for_help_with_a_report_tells_the_right_staff_and_nothing_more(
        app, button, told_roles, kind):
    from conftest import outbox_messages

    report = shared_report(app)
    parent = participant("parent")
    visitor = sign_in(app, parent)
    page = visible(visitor.get(f"/reports/{report.id}"))
    assert "I do not understand it" in page and "I want to talk to someone about it" in page
    response = visitor.post(f"/reports/{report.id}/help", {button: "x"},
                            form_url=f"/reports/{report.id}")
    assert response.status_code == 302
    after = visible(visitor.get(f"/reports/{report.id}"))
    assert "We have told your social worker" in after
    for role in ("social_worker", "chair"):
        person = participant(role)
        messages = [msg for msg in outbox_messages(app, person.email)
                    if msg["reference"].startswith("report-")]
        assert bool(messages) is (role in told_roles), role
        for message in messages:
            assert kind in message["body"]
            assert "School report" not in message["body"] and "late" not in message["body"]
            assert parent.name not in message["body"]
    # The social worker sees who asked, and for what, on the report's page.
    staff = staff_sign_in(app, participant("social_worker").staff_user)
    staff_page = visible(staff.get(f"/reports/{report.id}"))
    assert ("Does not understand it" if button == "not_understood"
            else "Wants to talk about it") in staff_page


@pytest.mark.parametrize("role", ["supporter", "interpreter", "professional"])
def test_only_those_who_may_reply_can_ask_for_help(app, role):
    report = shared_report(app)
    visitor = sign_in(app, participant(role))
    assert visitor.post(f"/reports/{report.id}/help", {"talk": "x"},
                        form_url="/home").status_code == 404


def test_nobody_asks_for_help_with_another_conferences_report(app):
    report = shared_report(app, "B")
    for role in ("parent", "young_person", "advocate"):
        visitor = sign_in(app, participant(role, "A"))
        assert visitor.post(f"/reports/{report.id}/help", {"talk": "x"},
                            form_url="/home").status_code == 404, role


def test_report_titles_and_summaries_are_marked_as_english_on_translated_pages(app):
    report = shared_report(app)
    visitor = sign_in(app, participant("parent"))
    for url in ("/reports", f"/reports/{report.id}"):
        english = visible(visitor.get(url + "?lang=en"))
        assert WRITTEN_IN_ENGLISH not in english
        for lang in ("pl", "ar"):
            text = visible(visitor.get(f"{url}?lang={lang}"))
            note = _in(app, lang, WRITTEN_IN_ENGLISH)
            assert note != WRITTEN_IN_ENGLISH and note in text, (url, lang)
            assert text.index(note) < text.index("School report" if url == "/reports"
                                                 else "How things are at school.")


# --- children's pages: pictures that carry meaning, a gentle start, a neutral choice ----


@pytest.mark.parametrize("role", ["young_person", "advocate"])
def test_children_start_gently_with_faces_and_meet_the_three_houses(app, role):
    import re

    person = participant(role)
    visitor = sign_in(app, person)
    if role == "advocate":
        visitor.post("/views", {"confirm": "y", "made_with": "with"})
    start = visitor.get("/views").get_data(as_text=True)
    assert 'href="/views/feelings"' in start or role == "advocate"
    for lang in ("en", "ar"):
        html = visitor.get(f"/views/feelings?lang={lang}").get_data(as_text=True)
        faces = re.findall(r'<svg class="portal-face portal-face--(\w+)"[^>]*aria-hidden="true"',
                           html)
        assert faces == ["happy", "ok", "sad", "worried", "scared"]
        text = visible_text(html)
        for word in ("Happy", "OK", "Sad", "Worried", "Scared"):
            assert _in(app, lang, word) in text  # the word beside each face
        # Each face sits inside its radio's label, so the word is the choice's name.
        assert re.search(r'<label[^>]*govuk-radios__label[^>]*>\s*<span class="portal-feeling">'
                         r'<svg[^>]*aria-hidden="true"', html)
    for house in ("worries", "good-things", "dreams"):
        html = visitor.get(f"/views/{house}?lang=en").get_data(as_text=True)
        assert f'class="portal-house portal-house--{house}"' in html
        assert "The house of" in visible_text(html)
    assert "portal-house" not in visitor.get("/views/meeting-to-know").get_data(as_text=True)
    # After the feelings question comes the safety question.
    response = visitor.post("/views/feelings", {"answer": "ok"})
    assert response.headers["Location"] == "/views/safe"


def test_the_audience_choice_is_neutral(app):
    visitor = sign_in(app, participant("young_person"))
    html = visitor.get("/views/who-can-read").get_data(as_text=True)
    text = visible_text(html)
    assert "most young people" not in text
    assert "checked" not in html
    visitor.post("/views/who-can-read", {"answer": "chair_only"})
    assert 'value="chair_only" checked' in visitor.get("/views/who-can-read").get_data(
        as_text=True).replace("\n", " ")


# --- home: what needs the person now comes first -----------------------------------------


def test_home_puts_what_needs_the_parent_first_then_the_meeting_then_the_timeline(app):
    shared_report(app)
    parent = participant("parent")
    text = visible(sign_in(app, parent).get("/home"))
    order = [text.index(words) for words in (
        "What needs you now", "There is 1 new report for you to read",
        "Your worksheet is not sent yet", "You can send it until", "Next:",
        "The meeting", "What happens when", "Who to contact")]
    assert order == sorted(order), order
    social_worker = participant("social_worker")
    assert f"Your social worker: {social_worker.name}" in text
    assert social_worker.mobile in text or (social_worker.email or "") in text
    assert "The chair:" in text and "How to contact the chair" in text


def test_home_says_when_the_outcome_is_ready(app):
    _publish(app)
    text = visible(sign_in(app, participant("parent")).get("/home"))
    assert text.index("What the conference decided is ready for you to read") < text.index(
        "The meeting")


@pytest.mark.parametrize("role", ["parent", "young_person", "advocate", "supporter",
                                  "interpreter", "professional"])
def test_home_names_the_own_conferences_social_worker_for_every_role(app, role):
    for label, other in (("A", "B"), ("B", "A")):
        response = sign_in(app, participant(role, label)).get("/home")
        assert response.status_code == 200
        text = visible(response)
        assert "What needs you now" in text and "Who to contact" in text
        assert participant("social_worker", label).name in text
        assert participant("social_worker", other).name not in text
        if role in ("young_person", "advocate"):
            assert "What you think is not sent yet" in text


# --- practical needs in short steps; the safety page says 999 first ---------------------


def test_a_no_forgets_the_language_typed_on_a_page_without_javascript(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    overview = visible(visitor.get("/prepare/practical-needs"))
    for title in ("An interpreter", "Someone to support you", "Getting there",
                  "How you will take part"):
        assert title in overview
    # Without JavaScript the language box shows under the question, and says it is for a yes.
    step = visible(visitor.get("/prepare/practical-needs/interpreter"))
    assert "Step 1 of 4" in step and "If yes, which language?" in step
    response = visitor.post("/prepare/practical-needs/interpreter",
                            {"interpreter": "no", "language": "Polish", "save": "x"})
    assert response.headers["Location"] == "/prepare/practical-needs/supporter"
    row = db.session.scalar(db.select(m.PracticalNeeds).filter_by(participant_id=parent.id))
    assert row.answers["interpreter"] == "no" and row.answers["language"] == ""
    assert 'value="Polish"' not in visitor.get("/prepare/practical-needs/interpreter").get_data(
        as_text=True)
    overview = visible(visitor.get("/prepare/practical-needs"))
    assert "An interpreter Completed" in overview
    assert "In progress" in visible(visitor.get("/prepare"))


def test_the_safety_page_says_call_999_before_the_form(app):
    visitor = sign_in(app, participant("parent"))
    for lang in ("en", "ar"):
        text = visible(visitor.get(f"/prepare/safety?lang={lang}"))
        danger = _in(app, lang, "If you are in danger now, call 999.")
        question = _in(app, lang, "Is it safe for us to send messages to your phone or email?")
        assert danger in text and text.index(danger) < text.index(question)


NEEDS_PAGES = ("/prepare/practical-needs", "/prepare/practical-needs/interpreter",
               "/prepare/practical-needs/supporter", "/prepare/practical-needs/getting-there",
               "/prepare/practical-needs/taking-part")


@pytest.mark.parametrize("role", ["parent", "young_person", "advocate", "supporter",
                                  "interpreter", "professional"])
def test_practical_needs_steps_by_role_in_each_conference(app, role):
    for label in ("A", "B"):
        visitor = sign_in(app, participant(role, label))
        for url in NEEDS_PAGES:
            assert visitor.get(url).status_code == (200 if role == "parent" else 404), (url,
                                                                                        label)
    assert sign_in(app, participant("parent")).get(
        "/prepare/practical-needs/no-such-step").status_code == 404
