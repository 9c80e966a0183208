"""Every send, share and upload happens once: twenty identical posts at the same moment
(a double press, a jammed button, two devices), or a form sent again after its reply was
lost, make one of each thing and one set of messages; the others see a kind "already
sent" page, never a server error."""

import io
import re
import threading

from conftest import outbox_messages, participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.services import audit, preparation
from app.web import once
from tests.helpers import blank_pdf

TIMES = 20
ALREADY = "This has already been sent"
SAFETY = {"unsafe_with": "My ex-partner & his brother", "keep_from": "My new address",
          "safe_contact": "Weekdays \"10 to 2\"", "messages_safe": "yes", "send": "x"}


def _key(page):
    return re.search(r'name="once" value="([^"]+)"', page).group(1)


def _all_at_once(app, visitors, url, data, **kw):
    """Every visitor posts the same form (one once-key) at the same moment."""
    statuses, texts = [], []
    start = threading.Barrier(len(visitors))

    def post(visitor):
        with app.app_context():
            try:
                token = visitor.csrf(url)
                start.wait()
                data_now = {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v
                            for k, v in data.items()}
                response = visitor.post(url, dict(data_now, csrf_token=token), **kw)
                statuses.append(response.status_code)
                texts.append(response.get_data(as_text=True))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=post, args=(v,)) for v in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(statuses) == len(visitors)
    return statuses, texts


def _losers_were_told(statuses, texts):
    assert statuses.count(302) == 1, statuses
    assert set(statuses) == {302, 409}, statuses
    for status, text in zip(statuses, texts, strict=True):
        if status == 409:
            assert ALREADY in text and "did not send it again" in text


def test_twenty_identical_safety_requests_make_one_and_one_set_of_emails(postgres_app):
    app = postgres_app
    parent = participant("parent")
    visitors = [sign_in(app, parent) for _ in range(TIMES)]
    key = _key(visitors[0].get("/prepare/safety").get_data(as_text=True))
    before = len(outbox_messages(app))
    statuses, texts = _all_at_once(app, visitors, "/prepare/safety", dict(SAFETY, once=key))
    _losers_were_told(statuses, texts)
    db.session.expire_all()
    item = preparation.own(parent, preparation.SAFETY_REQUEST)
    assert [v.version for v in preparation.versions(item)] == [1]
    told = [message["to"] for message in outbox_messages(app)[before:]]
    assert told and len(told) == len(set(told))  # each of the staff once
    assert len(audit.events("safety_request.sent")) == 1


def test_twenty_identical_safety_requests_without_a_key_still_make_one(postgres_app):
    """A page made before the key existed (no hidden field): the row lock and the
    comparison of what was sent still make one."""
    app = postgres_app
    parent = participant("parent")
    visitors = [sign_in(app, parent) for _ in range(TIMES)]
    statuses, _texts = _all_at_once(app, visitors, "/prepare/safety", SAFETY)
    assert set(statuses) == {302}
    db.session.expire_all()
    item = preparation.own(parent, preparation.SAFETY_REQUEST)
    assert [v.version for v in preparation.versions(item)] == [1]


def _report_awaiting_chair(app):
    police = sign_in(app, participant("professional", "A", agency="Police"))
    police.post("/reports/new", {
        "title": "Police report", "agency": "Police", "author_role": "Constable",
        "summary": "What we know.", "text": "Full text", "sharing": "all",
        "withhold_reason": "Third-party intelligence"},
        form_url="/reports/new", content_type="multipart/form-data")
    return db.session.scalar(db.select(m.Report).order_by(m.Report.created_at.desc()))


def test_twenty_identical_chair_decisions_record_one(postgres_app):
    app = postgres_app
    report = _report_awaiting_chair(app)
    chair = participant("chair", "A").staff_user
    visitors = [staff_sign_in(app, chair) for _ in range(TIMES)]
    url = f"/staff/reports/{report.id}/decision"
    key = _key(visitors[0].get(url).get_data(as_text=True))
    before = db.session.scalar(db.select(db.func.count()).select_from(m.OutboxMessage))
    statuses, texts = _all_at_once(app, visitors, url, {
        "decision": "refused", "reason": "The family should read it", "once": key})
    _losers_were_told(statuses, texts)
    db.session.expire_all()
    decided = audit.events("report.withholding_refused", object_id=report.id)
    assert len(decided) == 1
    sent = db.session.scalars(db.select(m.OutboxMessage)
                              .order_by(m.OutboxMessage.id)).all()[before:]
    recipients = [row.participant_id for row in sent]
    assert recipients and len(recipients) == len(set(recipients))
    # Another chair's press on a fresh page after the decision: told, not a server error.
    late = visitors[0].post(url, {"decision": "agreed", "reason": "No"})
    assert late.status_code == 409 and ALREADY in late.get_data(as_text=True)


def _upload_data(key):
    return {"title": "School report", "agency": "Hill School", "author_role": "Teacher",
            "summary": "Attendance & progress", "text": "", "sharing": "family",
            "document": (blank_pdf(), "report.pdf"), "once": key}


def _school_reports(author):
    # The title is encrypted: compared here, not in the query.
    return [r for r in db.session.scalars(db.select(m.Report).filter_by(author_id=author.id))
            if r.title == "School report"]


def test_twenty_identical_uploads_make_one_report(postgres_app):
    app = postgres_app
    author = participant("professional", "A", agency="Police")
    visitors = [sign_in(app, author) for _ in range(TIMES)]
    key = _key(visitors[0].get("/reports/new").get_data(as_text=True))
    statuses, texts = _all_at_once(app, visitors, "/reports/new", _upload_data(key),
                                   content_type="multipart/form-data")
    _losers_were_told(statuses, texts)
    db.session.expire_all()
    assert len(_school_reports(author)) == 1


def test_an_upload_sent_again_after_its_reply_was_lost_is_not_stored_twice(app):
    author = participant("professional", "A", agency="Police")
    visitor = sign_in(app, author)
    key = _key(visitor.get("/reports/new").get_data(as_text=True))
    token = visitor.csrf()
    data = dict(_upload_data(key), csrf_token=token)
    data["document"] = (io.BytesIO(blank_pdf()), "report.pdf")
    first = visitor.post("/reports/new", data, content_type="multipart/form-data")
    assert first.status_code == 302  # ...and the reply never reached the browser
    data["document"] = (io.BytesIO(blank_pdf()), "report.pdf")
    again = visitor.post("/reports/new", data, content_type="multipart/form-data")
    page = again.get_data(as_text=True)
    assert again.status_code == 409 and ALREADY in page
    reports = _school_reports(author)
    assert len(reports) == 1
    assert f'href="/reports/{reports[0].id}"' in page  # where the first one went
    # A new page is a new key: a second, different report is not refused.
    fresh = _upload_data(_key(visitor.get("/reports/new").get_data(as_text=True)))
    fresh["document"] = (io.BytesIO(blank_pdf()), "report.pdf")
    assert visitor.post("/reports/new", fresh, form_url="/reports/new",
                        content_type="multipart/form-data").status_code == 302


def test_keys_are_new_on_every_page_and_not_guessable(app):
    keys = {once.new_key() for _ in range(50)}
    assert len(keys) == 50 and all(len(k) >= 20 for k in keys)
