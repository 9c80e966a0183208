"""Messages a person can trust: each names the service and the council, says how to check it
is genuine (the council's published phone number), invitations say until when the link
works, staff are told what kind of thing arrived (never its words), and every message is in
the language the person chose, including a sign-in code asked for after switching language
on the page."""

from conftest import Person, outbox_messages, participant, sign_in

from app.data import models as m
from app.extensions import db
from tests.helpers import shared_report

PHONE = "0300 000 0000"


def _authority():
    return db.session.scalar(db.select(m.Authority))


def _in(lang, text):
    from flask_babel import force_locale, gettext

    with force_locale(lang):
        return gettext(text)


def _is_trustworthy(message, lang="en"):
    text = message["subject"] + "\n" + message["body"]
    assert _in(lang, "Prepare for a conference") in text, text
    assert _authority().name in message["body"], text
    assert PHONE in message["body"], text


def test_invitation_names_service_council_phone_and_when_the_link_stops(app):
    parent = participant("parent")
    parent.language = "en"
    db.session.commit()
    from conftest import invitation_link

    invitation_link(app, parent)
    [message] = [msg for msg in outbox_messages(app, parent.email)]
    _is_trustworthy(message)
    assert _authority().name in message["subject"]
    invitation = db.session.scalar(db.select(m.Invitation).filter_by(
        participant_id=parent.id).order_by(m.Invitation.created_at.desc()))
    day = invitation.expires_at
    assert "The link works until" in message["body"]
    assert f"{day.day} {day:%B} {day.year}" in message["body"]
    assert "call" in message["body"].lower()


def test_sign_in_code_names_the_service_in_the_language_chosen_on_the_page(app):
    parent = participant("parent")
    parent.language = "en"
    db.session.commit()
    visitor = Person(app)
    visitor.get("/sign-in?lang=pl")
    visitor.post("/sign-in", {"address": parent.email})
    message = outbox_messages(app, parent.email)[-1]
    assert message["reference"] == "sign-in-code"
    _is_trustworthy(message, "pl")  # the service's name is the one on the Polish pages
    assert "Your sign-in code" not in message["body"]
    assert "Not sure this message is real?" not in message["body"]


def test_switching_language_when_signed_in_changes_the_language_of_later_messages(app):
    from app.services import messages

    parent = participant("parent")
    visitor = sign_in(app, parent)
    visitor.get("/home?lang=ar")
    db.session.refresh(parent)
    assert parent.language == "ar"
    with app.test_request_context():
        messages.send_something_new(parent, "http://localhost/sign-in")
    db.session.commit()
    message = [msg for msg in outbox_messages(app) if msg["reference"] == "something-new"][-1]
    _is_trustworthy(message, "ar")
    assert "There is something new" not in message["body"]


def test_something_new_names_service_and_council(app):
    from app.services import messages

    parent = participant("parent")
    parent.language = "en"
    db.session.commit()
    with app.test_request_context():
        messages.send_something_new(parent, "http://localhost/sign-in")
    db.session.commit()
    [message] = [msg for msg in outbox_messages(app) if msg["reference"] == "something-new"]
    _is_trustworthy(message)
    assert "There is something new for you" in message["body"]


def test_staff_are_told_it_is_a_safety_request_and_never_what_it_says(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    visitor.post("/prepare/safety", {
        "unsafe_with": "My ex-partner", "keep_from": "My new address 9 Elm Road",
        "safe_contact": "Weekdays", "messages_safe": "yes", "send": "x"})
    for role in ("chair", "social_worker"):
        [message] = outbox_messages(app, participant(role).email)
        _is_trustworthy(message)
        assert "a safety request" in message["subject"]
        assert "safety request" in message["body"]
        assert "Elm Road" not in message["body"] and "ex-partner" not in message["body"]
        assert "A family member has sent something" not in message["subject"]


def test_a_reply_to_a_report_tells_the_chair_what_kind_of_thing_arrived(app):
    chair = participant("chair")
    report = shared_report(app)
    assert report.shared_at is not None
    visitor = sign_in(app, participant("parent"))
    visitor.post(f"/reports/{report.id}/reply", {"agrees": "disagree",
                                                  "reason": "The dates are wrong & more"},
                 form_url=f"/reports/{report.id}")
    told = [msg for msg in outbox_messages(app, chair.email or chair.mobile)]
    assert told, "the chair is told"
    assert "a reply to a report" in told[-1]["subject"]
    assert "dates are wrong" not in told[-1]["body"]
    _is_trustworthy(told[-1])
