"""Nothing lost: a post that arrives after the session timed out, or with a stale or missing
CSRF token, is kept encrypted and is back in the form after the person signs in again."""

import re
from datetime import timedelta

import pytest
from conftest import Person, latest_code, outbox_messages, participant, sign_in

from app.data import models as m
from app.extensions import db
from app.services import audit
from app.web import kept_text
from tests.helpers import blank_pdf as _pdf

TEXT = "Words typed over twenty minutes ﷽ 😀 7731"


def _kept_rows():
    return db.session.scalars(db.select(m.KeptFormText)).all()


def _sign_in_again_by_address(visitor, app, person):
    """Sign in again on the same browser, by address (the invitation was used)."""
    visitor.post("/sign-in", {"address": person.mobile})
    response = visitor.post("/sign-in/code", {"code": latest_code(app, person.mobile)})
    assert response.status_code == 302
    return response


def _time_out(visitor):
    """Let the person's session idle past the timeout."""
    row = db.session.scalar(db.select(m.UserSession).where(m.UserSession.ended_at.is_(None))
                            .order_by(m.UserSession.created_at.desc()))
    row.last_seen_at = m.utcnow() - timedelta(minutes=31)
    db.session.commit()


@pytest.mark.both_databases
def test_post_after_the_session_timed_out_is_kept_and_restored(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    token = visitor.csrf("/prepare/question/worries")
    _time_out(visitor)
    response = visitor.post("/prepare/question/worries",
                            {"csrf_token": token, "answer": TEXT, "save_continue": "x"})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    # Nothing was saved to the worksheet, but the text is kept, encrypted, for this person.
    assert db.session.scalar(db.select(m.Contribution)) is None
    [row] = _kept_rows()
    assert row.participant_id == parent.id and row.path == "/prepare/question/worries"
    raw = db.session.execute(db.text("SELECT fields FROM kept_form_text")).scalar_one()
    assert b"7731" not in bytes(raw)
    assert "csrf_token" not in row.fields
    sign_in_page = visitor.get(response.headers["Location"]).get_data(as_text=True)
    assert "We kept what you typed" in sign_in_page
    # Signing in again leads back to the form, with the text in it.
    back = _sign_in_again_by_address(visitor, app, parent)
    assert back.headers["Location"].endswith("/prepare/question/worries")
    page = visitor.get("/prepare/question/worries").get_data(as_text=True)
    assert TEXT in page and "We put back what you typed" in page
    assert not _kept_rows()  # handed back once
    # Pressing the button now saves it.
    visitor.post("/prepare/question/worries", {"answer": TEXT, "save_continue": "x"})
    item = db.session.scalar(db.select(m.Contribution))
    assert item.answers["sections"]["worries"] == TEXT
    assert audit.events("form_text.kept", participant_id=parent.id)


def test_post_with_a_stale_csrf_token_while_signed_in_comes_back(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    response = visitor.post("/prepare/question/strengths",
                            {"csrf_token": "stale-token", "answer": TEXT, "save_later": "x"},
                            csrf=False)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/prepare/question/strengths")
    page = visitor.get("/prepare/question/strengths").get_data(as_text=True)
    assert TEXT in page and "This page had expired" in page
    assert db.session.scalar(db.select(m.Contribution)) is None  # not saved until pressed


KEPT_FOR = re.compile(r'name="kept_for" value="([^"]+)"')


def test_post_with_no_session_at_all_is_kept_for_the_person_whose_page_it_was(app):
    """The browser lost its session cookie (closed, or cleared): the form itself says,
    signed, whose page it was, so the text is kept for that person alone."""
    parent = participant("parent")
    other = participant("parent", index=1)
    visitor = sign_in(app, parent)
    page = visitor.get("/prepare/safety").get_data(as_text=True)
    token, owner = visitor.csrf("/prepare/safety"), KEPT_FOR.search(page).group(1)
    stranger = Person(app)  # the same phone, with no session cookie any more
    response = stranger.post("/prepare/safety", {"csrf_token": token, "kept_for": owner,
                                                 "keep_from": TEXT, "messages_safe": "yes"},
                             csrf=False)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    [row] = _kept_rows()
    assert row.participant_id == parent.id and "kept_for" not in row.fields
    # The other parent signs in on that phone first: they are handed nothing.
    _sign_in_again_by_address(stranger, app, other)
    assert TEXT not in stranger.get("/prepare/question/worries").get_data(as_text=True)
    assert len(_kept_rows()) == 1
    # The parent whose page it was gets it back.
    again = Person(app)
    back = _sign_in_again_by_address(again, app, parent)
    assert back.headers["Location"].endswith("/prepare/safety")
    assert TEXT in again.get("/prepare/safety").get_data(as_text=True)
    # Nothing was sent to the chair meanwhile.
    assert db.session.scalar(db.select(m.Contribution)) is None


@pytest.mark.parametrize("owner", ["", "forged.value.here"])
def test_text_nobody_can_be_tied_to_is_not_kept(app, owner):
    parent = participant("parent")
    token = sign_in(app, parent).csrf("/prepare/safety")
    stranger = Person(app)
    response = stranger.post("/prepare/safety", {"csrf_token": token, "kept_for": owner,
                                                 "keep_from": TEXT}, csrf=False)
    assert response.status_code == 400
    assert not _kept_rows()
    assert TEXT not in response.get_data(as_text=True)


@pytest.mark.both_databases
def test_kept_text_is_never_handed_to_someone_else(app):
    parent = participant("parent")
    other = participant("parent", index=1)
    visitor = sign_in(app, parent)
    token = visitor.csrf("/prepare/question/worries")
    _time_out(visitor)
    visitor.post("/prepare/question/worries",
                 {"csrf_token": token, "answer": TEXT, "save_continue": "x"})
    [row] = _kept_rows()
    assert row.participant_id == parent.id
    # The other parent signs in on the same phone: they go home, and see nothing of it.
    response = _sign_in_again_by_address(visitor, app, other)
    assert response.headers["Location"].endswith("/home")
    assert TEXT not in visitor.get("/prepare/question/worries").get_data(as_text=True)
    assert len(_kept_rows()) == 1


def test_young_persons_views_are_kept_too(app):
    young = participant("young_person")
    visitor = sign_in(app, young)
    visitor.post("/views/dreams", {"csrf_token": "stale", "answer": TEXT}, csrf=False)
    page = visitor.get("/views/dreams").get_data(as_text=True)
    assert TEXT in page and "We put back what you typed" in page


def test_other_forms_still_refuse_a_bad_token(app):
    visitor = Person(app)
    assert visitor.post("/sign-in", {"address": "a@example.com"}, csrf=False).status_code == 400
    assert not _kept_rows()


def test_empty_posts_are_not_kept(app):
    visitor = sign_in(app, participant("parent"))
    response = visitor.post("/prepare/question/strengths",
                            {"csrf_token": "stale", "answer": "  "}, csrf=False)
    assert response.status_code == 400
    assert not _kept_rows()


@pytest.mark.both_databases
def test_kept_text_expires(app):
    now = m.utcnow()
    kept_text.keep({"answer": "old"}, "/prepare/question/strengths", None, now - timedelta(
        hours=kept_text.KEEP_HOURS + 1), hours=kept_text.KEEP_HOURS)
    assert kept_text.take(None, "/prepare/question/strengths", now) is None
    kept_text.keep({"answer": "new"}, "/x", None, now)
    assert [r.fields["answer"] for r in _kept_rows()] == ["new"]  # the old one was purged


def test_worth_keeping_trims_and_drops_the_token():
    fields = kept_text.worth_keeping({"csrf_token": "t", "answer": "a" * 30_000, "b": "x"})
    assert "csrf_token" not in fields
    assert len(fields["answer"]) == kept_text.MAX_FIELD_CHARS
    assert kept_text.worth_keeping({"csrf_token": "t", "answer": " "}) == {}
    many = kept_text.worth_keeping({f"f{i}": "a" * 20_000 for i in range(10)})
    assert sum(len(v) for v in many.values()) == kept_text.MAX_TOTAL_CHARS


def test_a_child_saying_they_are_not_safe_as_their_session_ends_is_heard_at_once(app):
    young = participant("young_person")
    visitor = sign_in(app, young)
    token = visitor.csrf("/views/safe")
    _time_out(visitor)
    response = visitor.post("/views/safe", {"csrf_token": token, "answer": "no"})
    assert "/sign-in" in response.headers["Location"]  # signed out, answer kept
    [alert] = db.session.scalars(db.select(m.SafetyAlert)).all()
    assert alert.answer == "safe:no" and alert.raised_by_id == young.id
    assert [msg for msg in outbox_messages(app) if "safety alert" in msg["subject"]]
    views = db.session.get(m.Contribution, alert.contribution_id)
    assert "safe" not in (views.answers or {})  # the answer waits until it is sent
    # Signing in again and sending the answer does not alert a second time.
    _sign_in_again_by_address(visitor, app, young)
    visitor.post("/views/safe", {"answer": "no"})
    assert db.session.get(m.Contribution, alert.contribution_id).answers["safe"] == "no"
    assert db.session.scalar(db.select(db.func.count(m.SafetyAlert.id))) == 1


def test_a_kept_answer_that_is_not_a_worry_raises_nothing(app):
    young = participant("young_person")
    visitor = sign_in(app, young)
    token = visitor.csrf("/views/safe")
    _time_out(visitor)
    visitor.post("/views/safe", {"csrf_token": token, "answer": "yes"})
    assert db.session.scalar(db.select(db.func.count(m.SafetyAlert.id))) == 0


def test_a_parents_reply_to_a_report_is_kept_and_put_back_on_the_report(app):
    import io

    school = sign_in(app, participant("professional", agency="School"))
    school.post("/reports/new", {
        "title": "School report", "agency": "School", "author_role": "Teacher",
        "summary": "Attendance.", "document": (io.BytesIO(_pdf()), "report.pdf"),
    }, form_url="/reports/new", content_type="multipart/form-data")
    report = db.session.scalar(db.select(m.Report))
    parent = participant("parent")
    visitor = sign_in(app, parent)
    token = visitor.csrf(f"/reports/{report.id}")
    _time_out(visitor)
    response = visitor.post(f"/reports/{report.id}/reply",
                            {"csrf_token": token, "agrees": "disagree", "reason": TEXT})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert db.session.scalar(db.select(m.ReportReply)) is None
    back = _sign_in_again_by_address(visitor, app, parent)
    assert back.headers["Location"].endswith(f"/reports/{report.id}")
    page = visitor.get(f"/reports/{report.id}").get_data(as_text=True)
    assert TEXT in page and "We put back what you typed" in page


def test_a_professionals_report_text_is_kept_when_the_session_ended(app):
    import io

    school = participant("professional", agency="School")
    visitor = sign_in(app, school)
    token = visitor.csrf("/reports/new")
    _time_out(visitor)
    response = visitor.post("/reports/new", {
        "csrf_token": token, "title": "Kept title 5512", "agency": "School",
        "author_role": "Teacher", "summary": TEXT, "text": TEXT,
        "document": (io.BytesIO(_pdf()), "report.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert db.session.scalar(db.select(m.Report)) is None
    visitor.post("/sign-in", {"address": school.email or school.mobile})
    back = visitor.post("/sign-in/code", {"code": latest_code(app, school.email or school.mobile)})
    assert back.headers["Location"].endswith("/reports/new")
    page = visitor.get("/reports/new").get_data(as_text=True)
    assert TEXT in page and "Kept title 5512" in page
