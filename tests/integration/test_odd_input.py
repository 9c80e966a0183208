"""Odd input never reaches the database: a NUL or other control character in a URL answers
404, and in a form it is taken out before the database or the audit trail sees it."""

import pytest
from conftest import Person, participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.services import audit

# What PostgreSQL does with these differs from SQLite: run them on both.
pytestmark = pytest.mark.both_databases

SIGNED_OUT = ("/outcome/download/%00", "/invite/%00", "/invite/a%01b")
FAMILY = ("/reports/%00", "/reports/%00/file", "/reports/%00/download",
          "/views/%00/drawing", "/views/shared/%00", "/prepare/question/%00", "/views/%00")
STAFF = ("/staff/conferences/%00", "/staff/reports/%00/decision",
         "/staff/conferences/%00/invite", "/staff/conferences/%00/outcome",
         "/staff/conferences/x%1Fy/outcome/versions/%7F")


def _not_found(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 404, (url, response.status_code)
    assert "Page not found" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", SIGNED_OUT)
def test_control_characters_in_a_url_are_not_found_signed_out(app, url):
    _not_found(Person(app), url)


def test_control_characters_in_a_url_are_not_found_for_a_family(app):
    parent = sign_in(app, participant("parent"))
    young_person = sign_in(app, participant("young_person"))
    for url in FAMILY:
        _not_found(parent, url)
        _not_found(young_person, url)


def test_control_characters_in_a_url_are_not_found_for_staff(app):
    chair = staff_sign_in(app, participant("chair").staff_user)
    for url in STAFF:
        _not_found(chair, url)
    # A malformed id is refused too, even without a control character in it.
    _not_found(chair, "/staff/conferences/not an id!")


def test_a_nul_in_a_staff_invite_is_taken_out(app):
    chair = participant("chair")
    visitor = staff_sign_in(app, chair.staff_user)
    url = f"/staff/conferences/{chair.conference_id}/invite"
    response = visitor.post(url, {
        "name": "Ada\x00 Fictional\x07", "role": "professional", "agency": "Health\x00visiting",
        "email": "ada.fictional@example.com", "language": "en",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    person = db.session.scalar(db.select(m.Participant).filter_by(role="professional")
                               .filter(m.Participant.agency.like("Health%")))
    assert person.agency == "Healthvisiting" and person.name == "Ada Fictional"
    page = visitor.get(f"/staff/conferences/{chair.conference_id}").get_data(as_text=True)
    assert "Ada Fictional" in page


def test_line_breaks_tabs_and_right_to_left_marks_are_kept(app):
    visitor = sign_in(app, participant("parent"))
    text = "First line\r\nsecond\tline \u200f\u0645\u0631\u062d\u0628\u0627 \U0001F600\x00\x1b"
    response = visitor.post("/prepare/question/strengths", {"answer": text})
    assert response.status_code == 302
    page = visitor.get("/prepare/question/strengths").get_data(as_text=True)
    assert "second\tline \u200f\u0645\u0631\u062d\u0628\u0627 \U0001F600</textarea>" in page


def test_audit_detail_never_holds_a_control_character(app):
    audit.record("test.event", detail="/path\x00with\x1bcontrol", commit=True)
    assert audit.events("test.event")[-1].detail == "/pathwithcontrol"


def test_a_form_field_whose_name_has_a_line_break_is_dropped(app):
    """A multipart part named with a line break reaches the app with no name at all; the
    CSRF check, looking for a token under every name, failed on it with a server error."""
    visitor = sign_in(app, participant("parent"))
    response = visitor._request("post", "/prepare/question/strengths", data={
        "answer": "Kept words", "\n": "x"}, content_type="multipart/form-data")
    # No token: refused as an expired page, and what was typed is kept and put back.
    assert response.status_code == 302
    page = visitor.get(response.headers["Location"]).get_data(as_text=True)
    assert "We kept what you typed" in page and "Kept words</textarea>" in page
