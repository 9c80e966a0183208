"""The parent's worksheet: task list, one question a page, check, send as versions, the
cut-off, the parent's own PDF, and the staff view of the latest and the history."""

import re
from datetime import timedelta

import pytest
import sqlalchemy
from conftest import outbox_messages, participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.services import audit, documents, preparation

RTL = "نحن نطبخ معاً كل مساء"  # Arabic: we cook together every evening
EMOJI = "We laugh a lot 😀👨‍👩‍👧"


def _answer(visitor, key, text, button="save_continue", follow=False):
    url = f"/prepare/question/{key}"
    return visitor.post(url, {"answer": text, button: "x"}, follow_redirects=follow)


def _choose_readers(visitor, audience=m.AUDIENCE_EVERYONE):
    return visitor.post("/prepare/who-can-read", {"audience": audience, "save_continue": "x"})


def _send(visitor):
    return visitor.post("/prepare/check", {"send": "x",
                                           "revision": _revision(visitor)})


def _revision(visitor):
    page = visitor.get("/prepare/check").get_data(as_text=True)
    return page.split('name="revision" type="hidden" value="')[1].split('"')[0]


def _english(app, text):
    with app.test_request_context():
        return str(text).replace("'", "&#39;")


def _worksheet(person):
    return db.session.scalar(db.select(m.Contribution).filter_by(
        author_id=person.id, kind="worksheet"))


def test_task_list_shows_every_section_not_started(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    page = visitor.get("/prepare").get_data(as_text=True)
    assert page.count("Not started") >= 7  # six sections, who can read it
    # The demo families have two children: the questions say "your children".
    for section in preparation.sections_for(parent.conference):
        assert _english(app, section.title) in page
        assert f'href="/prepare/question/{section.key}"' in page
    assert "govuk-task-list" in page
    assert "Cannot start yet" in page  # nothing to send yet


def test_each_question_has_its_own_page_with_prompt_and_example(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    for number, section in enumerate(preparation.sections_for(parent.conference), start=1):
        page = visitor.get(f"/prepare/question/{section.key}").get_data(as_text=True)
        assert _english(app, section.question) in page
        assert _english(app, section.example) in page
        assert f"Question {number} of 6" in page
        assert "govuk-character-count" in page and 'data-maxlength="5000"' in page
        assert "Save and continue" in page
    assert visitor.get("/prepare/question/nothing").status_code == 404


def test_save_and_continue_moves_on_and_marks_completed(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    response = _answer(visitor, "strengths", "We cook together.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/prepare/question/worries")
    later = _answer(visitor, "worries", "Money", button="save_later")
    assert later.headers["Location"].endswith("/prepare")
    last = _answer(visitor, "daily_life", "School, then tea.")
    assert last.headers["Location"].endswith("/prepare/who-can-read")
    draft = preparation.draft_of(_worksheet(parent))
    assert preparation.section_status(draft, "strengths") == preparation.COMPLETED
    assert preparation.section_status(draft, "worries") == preparation.IN_PROGRESS
    assert preparation.section_status(draft, "support") == preparation.NOT_STARTED
    page = visitor.get("/prepare").get_data(as_text=True)
    assert "Completed" in page and "In progress" in page and "Not started" in page
    # What was saved is back on the page.
    assert "We cook together." in visitor.get("/prepare/question/strengths").get_data(
        as_text=True)


def test_change_link_from_check_returns_to_check(app):
    visitor = sign_in(app, participant("parent"))
    response = visitor.post("/prepare/question/support?from=check",
                            {"answer": "A course", "save_continue": "x"})
    assert response.headers["Location"].endswith("/prepare/check")


@pytest.mark.both_databases
def test_long_text_emoji_and_right_to_left_are_kept(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    _answer(visitor, "strengths", RTL)
    _answer(visitor, "worries", EMOJI)
    exact = "y" * 5000
    assert _answer(visitor, "support", exact).status_code == 302
    draft = preparation.draft_of(_worksheet(parent))
    assert draft["sections"] == {"strengths": RTL, "worries": EMOJI, "support": exact}
    page = visitor.get("/prepare/question/strengths").get_data(as_text=True)
    assert RTL in page and 'dir="auto"' in page


def test_too_long_answer_is_refused_and_kept(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    text = "Kept words " + "x" * 5000
    response = _answer(visitor, "strengths", text)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Write 5000 characters or fewer" in page and "govuk-error-summary" in page
    assert text in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Error:" in page
    assert _worksheet(parent) is None  # nothing half-saved


def test_who_can_read_must_be_chosen(app):
    visitor = sign_in(app, participant("parent"))
    page = visitor.get("/prepare/who-can-read").get_data(as_text=True)
    # The question is the page heading.
    heading = r'<h1 class="govuk-fieldset__heading">\s*Who can read your worksheet\?\s*</h1>'
    assert re.search(heading, page)
    response = visitor.post("/prepare/who-can-read", {"save_continue": "x"})
    assert "Choose who can read your worksheet" in response.get_data(as_text=True)
    bad = visitor.post("/prepare/who-can-read", {"audience": "chair_only", "save_continue": "x"})
    assert bad.status_code == 200 and "govuk-error-message" in bad.get_data(as_text=True)
    assert _choose_readers(visitor).headers["Location"].endswith("/prepare/check")


def test_cannot_send_empty_or_without_readers(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    _choose_readers(visitor)
    page = visitor.get("/prepare/check").get_data(as_text=True)
    assert "Send to the conference" not in page
    response = visitor.post("/prepare/check", {"send": "x", "revision": "1"})
    assert "Write something in at least one question" in response.get_data(as_text=True)
    assert _worksheet(parent).sent_at is None


@pytest.mark.both_databases
def test_send_makes_versions_and_a_double_submit_sends_once(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    _answer(visitor, "strengths", "Version one words")
    _choose_readers(visitor)
    revision = _revision(visitor)
    first = visitor.post("/prepare/check", {"send": "x", "revision": revision})
    assert first.headers["Location"].endswith("/prepare/sent")
    again = visitor.post("/prepare/check", {"send": "x", "revision": revision})
    assert again.headers["Location"].endswith("/prepare/sent")
    item = _worksheet(parent)
    assert item.version == 1 and item.audience == m.AUDIENCE_EVERYONE
    assert len(preparation.versions(item)) == 1
    assert "Version 1, sent on" in visitor.get("/prepare/sent").get_data(as_text=True)
    # Change and send again: a second version; the first is kept as it was.
    _answer(visitor, "strengths", "Version two words")
    assert "changes you have not sent" in visitor.get("/prepare").get_data(as_text=True)
    _send(visitor)
    versions = preparation.versions(_worksheet(parent))
    assert [v.version for v in versions] == [2, 1]
    assert versions[1].answers["strengths"] == "Version one words"
    assert versions[0].answers["strengths"] == "Version two words"
    assert len(audit.events("worksheet.sent", participant_id=parent.id)) == 2


@pytest.mark.both_databases
def test_a_page_left_open_while_answers_changed_does_not_send(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    _answer(visitor, "strengths", "First")
    _choose_readers(visitor)
    stale = _revision(visitor)
    _answer(visitor, "strengths", "Changed in another tab")
    response = visitor.post("/prepare/check", {"send": "x", "revision": stale})
    assert "Your answers changed since this page was shown" in response.get_data(as_text=True)
    assert _worksheet(parent).sent_at is None


def test_social_worker_is_told_without_details(app):
    parent = participant("parent")
    social_worker = participant("social_worker")
    chair = participant("chair")
    visitor = sign_in(app, parent)
    _answer(visitor, "worries", "Secret worry 8812")
    _choose_readers(visitor)
    _send(visitor)
    told = outbox_messages(app, social_worker.email)
    assert len(told) == 1
    body = told[0]["subject"] + told[0]["body"]
    assert "Secret worry" not in body and parent.name.split()[0] not in body
    for child in parent.conference.children:
        assert child.first_name not in body
    assert "/staff/sign-in" in body
    assert not outbox_messages(app, chair.email)  # the worksheet goes to the social worker
    # Changing and sending again tells them again.
    _answer(visitor, "worries", "Another")
    _send(visitor)
    assert len(outbox_messages(app, social_worker.email)) == 2


def test_after_the_cut_off_it_is_read_only(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    _answer(visitor, "strengths", "Before the start")
    _choose_readers(visitor)
    conference = parent.conference
    conference.starts_at = m.utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = visitor.get("/prepare/question/strengths").get_data(as_text=True)
    assert "can no longer be changed" in page and "Before the start" in page
    assert "<textarea" not in page
    response = _answer(visitor, "strengths", "After the start")
    assert response.status_code == 302
    assert preparation.draft_of(_worksheet(parent))["sections"]["strengths"] == \
        "Before the start"
    visitor.post("/prepare/check", {"send": "x", "revision": "2"})
    assert _worksheet(parent).sent_at is None


@pytest.mark.both_databases
def test_cut_off_can_be_earlier_for_an_authority(app):
    conference = participant("parent").conference
    assert preparation.cutoff(conference) == conference.starts_at
    conference.authority.timescales = {"worksheet_cutoff_minutes_before": 60}
    db.session.commit()
    assert preparation.cutoff(conference) == conference.starts_at - timedelta(hours=1)
    now = conference.starts_at - timedelta(minutes=30)
    assert not preparation.is_open(conference, now)


def test_parent_downloads_their_own_worksheet(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    _answer(visitor, "questions", "How long will the plan last?")
    token = visitor.csrf("/prepare")
    response = visitor.post("/prepare/download", {"csrf_token": token})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = documents.pdf_text(response.data)
    assert "How long will the plan last?" in text
    assert audit.events("worksheet.downloaded", participant_id=parent.id)
    assert visitor.post("/prepare/download", csrf=False).status_code == 400


@pytest.mark.both_databases
def test_staff_see_latest_and_history_and_print_it(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    _answer(visitor, "strengths", "Old words")
    _choose_readers(visitor, m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER)
    _send(visitor)
    _answer(visitor, "strengths", "New words")
    _send(visitor)
    item = _worksheet(parent)
    url = f"/staff/conferences/{parent.conference_id}/worksheets/{item.id}"
    for role in ("chair", "social_worker"):
        staff = staff_sign_in(app, participant(role).staff_user)
        page = staff.get(url).get_data(as_text=True)
        assert "New words" in page and "Old words" in page
        assert "Version 2" in page and "Earlier versions" in page
        pdf = staff.post(url + "/pdf", {}, form_url=url)
        assert pdf.status_code == 200 and "New words" in documents.pdf_text(pdf.data)
    # Each person opened the page twice (once to read, once for the form token).
    assert len(audit.events("worksheet.viewed", object_id=item.id)) == 4
    assert len(audit.events("worksheet.downloaded", object_id=item.id)) == 2
    # The generic page sends staff to the worksheet's own page.
    chair = staff_sign_in(app, participant("chair").staff_user)
    generic = chair.get(f"/staff/conferences/{parent.conference_id}/contributions/{item.id}")
    assert generic.status_code == 302 and generic.headers["Location"].endswith(url)


def test_narrowing_readers_hides_earlier_versions_from_professionals(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    _answer(visitor, "strengths", "For everyone")
    _choose_readers(visitor, m.AUDIENCE_EVERYONE)
    _send(visitor)
    _choose_readers(visitor, m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER)
    _send(visitor)
    item = _worksheet(parent)
    from app.rules import access

    police = access.viewer_for_participant(participant("professional"))
    chair = access.viewer_for_participant(participant("chair"))
    old, new = preparation.versions(item)[1], preparation.versions(item)[0]
    assert not access.can_read_contribution_version(police, item, old)
    assert not access.can_read_contribution_version(police, item, new)
    assert access.can_read_contribution_version(chair, item, old)


@pytest.mark.parametrize("role", ["young_person", "supporter", "interpreter", "professional"])
def test_prepare_pages_are_for_parents_only(app, role):
    visitor = sign_in(app, participant(role))
    for url in ("/prepare", "/prepare/question/strengths", "/prepare/who-can-read",
                "/prepare/check", "/prepare/sent", "/prepare/practical-needs",
                "/prepare/safety"):
        assert visitor.get(url).status_code == 404, url


@pytest.mark.both_databases
def test_two_sendings_cannot_become_the_same_version(app):
    parent = participant("parent")
    item = m.Contribution(conference_id=parent.conference_id, author_id=parent.id,
                          kind="worksheet", answers={})
    db.session.add(item)
    db.session.flush()
    for _ in range(2):
        db.session.add(m.ContributionVersion(contribution=item, version=1,
                                             audience=m.AUDIENCE_EVERYONE, answers={}))
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.both_databases
def test_times_are_shown_in_uk_time_not_utc(app):
    """A moment the portal records is UTC; a family in summer reads it in UK time."""
    from datetime import datetime

    parent = participant("parent")
    visitor = sign_in(app, parent)
    _answer(visitor, "strengths", "Summer words")
    _choose_readers(visitor)
    visitor.post("/prepare/check", {"send": "x", "revision": _revision(visitor)})
    item = _worksheet(parent)
    item.sent_at = datetime(2026, 7, 1, 9, 5)  # 10:05 in the UK (summer time)
    for version in preparation.versions(item):
        version.sent_at = item.sent_at
    db.session.commit()
    page = visitor.get("/prepare?lang=en").get_data(as_text=True)
    assert "10:05" in page and "09:05" not in page
    staff = staff_sign_in(app, participant("social_worker").staff_user)
    staff_page = staff.get(f"/staff/conferences/{parent.conference_id}/worksheets/{item.id}")
    assert "10:05" in staff_page.get_data(as_text=True)
