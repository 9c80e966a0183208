"""Someone with only an email, or only a mobile, is reached and can sign in; a mobile number
works however it is typed. (The people here are made up for these tests.)"""

import re

import pytest
from conftest import Person, invitation_link, latest_code, outbox_messages, participant

from app.data import models as m
from app.extensions import db
from app.services import signin


def _person_with(app, email=None, mobile=None):
    parent = participant("parent")
    person = m.Participant(conference=parent.conference, role=m.SUPPORTER,
                           name="Jo Example", language="en")
    signin.set_contact_details(person, email, mobile, app.config["SECRET_KEY"])
    db.session.add(person)
    db.session.commit()
    return person


@pytest.mark.parametrize("email, mobile", [
    ("jo.only-email@example.com", None),
    (None, "07700 900987"),
])
def test_a_person_with_one_way_to_reach_them_gets_link_and_code_there_and_signs_in(
        app, email, mobile):
    person = _person_with(app, email=email, mobile=mobile)
    address = email or mobile
    visitor = Person(app)
    link = invitation_link(app, person)
    assert any("/invite/" in message["body"] for message in outbox_messages(app, address))
    assert visitor.post(link, follow_redirects=True).status_code == 200
    assert "sign-in code" in outbox_messages(app, address)[-1]["body"].lower()
    response = visitor.post("/sign-in/code", {"code": latest_code(app, address)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    assert visitor.get("/home").status_code == 200
    # Nothing was sent anywhere else.
    everyone = {message["to"] for message in outbox_messages(app)}
    assert everyone == {address}


@pytest.mark.parametrize("typed", ["+44 7700 900987", "(07700) 900-987", "+447700900987"])
def test_a_mobile_typed_with_the_country_code_spaces_or_brackets_signs_in(sqlite_app, typed):
    person = _person_with(sqlite_app, mobile="07700 900987")
    visitor = Person(sqlite_app)
    page = visitor.post("/sign-in", {"address": typed}, follow_redirects=True)
    assert page.status_code == 200
    code = latest_code(sqlite_app, person.mobile)
    response = visitor.post("/sign-in/code", {"code": code})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")


def _code_sent_to(app, address):
    """The newest sign-in code sent to this address (an invitation may be delivered after
    it: the worker does not promise an order)."""
    codes = [re.search(r"\b(\d{6})\b", message["body"]).group(1)
             for message in outbox_messages(app, address)
             if "sign-in code" in message["body"].lower()]
    return codes[-1]


@pytest.mark.parametrize("role, agency, channel", [
    (m.YOUNG_PERSON, None, "mobile"),  # the young person in the demo has only a mobile
    (m.PROFESSIONAL, "School", "email"),  # the school's contact has only an email
])
def test_demo_people_with_one_way_to_reach_them_get_link_and_code_there_and_sign_in(
        app, role, agency, channel):
    filters = {"agency": agency} if agency else {}
    person = participant(role, **filters)
    address = getattr(person, channel)
    assert address and not getattr(person, "email" if channel == "mobile" else "mobile")
    visitor = Person(app)
    link = invitation_link(app, person)
    assert visitor.post(link, follow_redirects=True).status_code == 200
    assert any("sign-in code" in message["body"].lower()
               for message in outbox_messages(app, address))
    response = visitor.post("/sign-in/code", {"code": _code_sent_to(app, address)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    # Typing the one address on the sign-in page reaches them too.
    again = Person(app)
    again.post("/sign-in", {"address": address.upper() if channel == "email" else address})
    response = again.post("/sign-in/code", {"code": _code_sent_to(app, address)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    assert {message["to"] for message in outbox_messages(app)} == {address}
