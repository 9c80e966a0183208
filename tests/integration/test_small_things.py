"""Small things a person notices: times as people say them, counts that agree, where the
sign-in code went and how many tries are left, a way to give feedback."""

from datetime import datetime

import pytest
from conftest import Person, invitation_link, participant
from flask_babel import force_locale
from visible import visible_words as visible_text

from app.web.template_helpers import short_datetime, short_time


@pytest.mark.parametrize(("lang", "time", "moment"), [
    ("en_GB", "9:48am", "7 Dec 2026, 9:48am"),
    ("pl", "09:48", "7 gru 2026, 09:48"),
    ("ar", "9:48 ص", None),
])
def test_times_have_no_seconds(sqlite_app, lang, time, moment):
    value = datetime(2026, 12, 7, 9, 48, 31)
    with sqlite_app.test_request_context(), force_locale(lang):
        assert short_time(value) == time
        assert ":31" not in short_datetime(value)
        if moment:
            assert short_datetime(value) == moment


def test_the_code_page_says_where_the_code_went_and_how_many_tries_are_left(sqlite_app):
    parent = participant("parent")
    visitor = Person(sqlite_app)
    visitor.post(invitation_link(sqlite_app, parent))
    page = visible_text(visitor.get("/sign-in/code").get_data(as_text=True))
    digits = "".join(ch for ch in parent.mobile if ch.isdigit())[-4:]
    if parent.email and parent.mobile:
        assert f"We use the phone number ending {digits}." in page
    assert "You can type a code 5 more times." in page
    visitor.post("/sign-in/code", {"code": "000000"})
    page = visible_text(visitor.last.get_data(as_text=True))
    assert "You can type a code 4 more times." in page
    assert parent.mobile not in page


def test_an_email_address_is_shown_masked():
    from app.services.signin import masked_address

    assert masked_address("jo.bloggs@example.com") == "j•••@example.com"
    assert masked_address("07700 900101") == "0101"


def test_the_beta_banner_leads_to_a_way_to_give_feedback(sqlite_app):
    visitor = Person(sqlite_app)
    page = visitor.get("/").get_data(as_text=True)
    assert 'href="/feedback">Give feedback</a>' in page
    feedback = visible_text(visitor.get("/feedback").get_data(as_text=True))
    assert "Tell us what was easy and what was hard." in feedback and "Phone:" in feedback


def test_a_family_with_several_children_reads_your_children(sqlite_app):
    from types import SimpleNamespace

    from conftest import sign_in

    from app.services.preparation import sections_for

    parent = participant("parent")
    assert len(parent.conference.children) == 2  # the demo family has two
    several = visible_text(sign_in(sqlite_app, parent).get("/prepare").get_data(as_text=True))
    assert "Your children's daily life" in several and "Your child's daily life" not in several
    with sqlite_app.test_request_context():
        one = {s.key: str(s.title) for s in sections_for(SimpleNamespace(children=[1]))}
    assert one["daily_life"] == "Your child's daily life"
