"""The personal timeline on the signed-in home page: the conference's own dates, past steps
marked, the next one singled out in words, and each step linked to where the guide explains
it. Only people of that conference see it."""

import re
from datetime import datetime, timedelta

import pytest
from conftest import Person, participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.home import routes as home
from app.rules import timeline


def timeline_of(html):
    start = html.index('id="timeline"')
    return html[start:html.index("</ol>", start)]


def expected_steps(conference, for_parent=False):
    settings = timeline.conference_timescales(conference)
    return timeline.conference_steps(settings, conference.conference_type,
                                     conference.starts_at, conference.premeet_at,
                                     for_parent=for_parent)


def expected_days(conference, for_parent=False):
    return [step.day for step in expected_steps(conference, for_parent)]


def shown_days(section):
    return re.findall(r"(\w+day, \d{1,2} \w+ \d{4})", section)


@pytest.mark.parametrize("role", ["parent", "young_person", "supporter", "interpreter",
                                  "professional"])
@pytest.mark.parametrize("which,other", [("A", "B"), ("B", "A")])
def test_each_person_sees_their_own_conferences_dates(sqlite_app, role, which, other):
    # Both parents of each demo conference take part in the whole meeting; a parent's
    # timeline also has the social worker's follow-up after the meeting.
    person = participant(role, which)
    own = expected_days(person.conference, for_parent=role == "parent")
    theirs = expected_days(participant("parent", other).conference, role == "parent")
    page = sign_in(sqlite_app, person).get("/home?lang=en").get_data(as_text=True)
    section = timeline_of(page)
    assert len(re.findall(r'class="portal-timeline__step', section)) == len(own)
    with sqlite_app.test_request_context():
        from flask_babel import format_date
        assert shown_days(section) == [format_date(day, "full") for day in own]
        assert shown_days(section) != [format_date(day, "full") for day in theirs]


def test_the_next_step_stands_out_in_words_and_past_steps_say_so(sqlite_app, monkeypatch):
    parent = participant("parent")
    conference = parent.conference
    visitor = sign_in(sqlite_app, parent)

    # Before anything is due, the first step is next.
    monkeypatch.setattr(home, "uk_now", lambda: conference.starts_at - timedelta(days=30))
    section = timeline_of(visitor.get("/home").get_data(as_text=True))
    assert section.count('aria-current="step"') == 1
    assert len(re.findall(r">\s*Next\s*<", section)) == 1
    assert "Date passed" not in section
    first = section.split('<li class="portal-timeline__step')[1]
    assert first.startswith(' portal-timeline__step--next"')
    assert "Reports shared with the family" in first

    # Ten minutes into the conference: the steps before it (reports, the social worker's
    # preparation, police information, the pre-meet, the conference) have passed; the
    # child is next.
    monkeypatch.setattr(home, "uk_now", lambda: conference.starts_at + timedelta(minutes=10))
    section = timeline_of(visitor.get("/home").get_data(as_text=True))
    steps = section.split('<li class="portal-timeline__step')[1:]
    assert [("Date passed" in s, "Next" in s) for s in steps[:6]] == [
        (True, False)] * 5 + [(False, True)]
    assert "The child is told what was decided" in steps[5]

    # Long after: everything has passed and nothing is next.
    monkeypatch.setattr(home, "uk_now", lambda: datetime(2100, 1, 1))
    section = timeline_of(visitor.get("/home").get_data(as_text=True))
    assert section.count("Date passed") == len(expected_steps(conference, for_parent=True))
    assert 'aria-current="step"' not in section


@pytest.mark.parametrize("role,guide_path", [
    ("parent", "/guide/parents/"), ("supporter", "/guide/parents/"),
    ("young_person", "/guide/young-people"),
])
def test_each_step_links_to_the_part_of_the_guide_that_explains_it(sqlite_app, role,
                                                                   guide_path):
    visitor = sign_in(sqlite_app, participant(role))
    section = timeline_of(visitor.get("/home").get_data(as_text=True))
    links = re.findall(r'<a class="govuk-link" href="([^"]+)">', section)
    assert len(links) == len(expected_steps(participant(role).conference, role == "parent"))
    for link in links:
        assert link.startswith(guide_path), link
        path, _, anchor = link.partition("#")
        page = visitor.get(path).get_data(as_text=True)
        assert visitor.last.status_code == 200, link
        if anchor:
            assert f'id="{anchor}"' in page, link


def test_the_first_core_group_is_named_for_an_initial_conference(sqlite_app):
    parent = participant("parent")
    conference = parent.conference
    visitor = sign_in(sqlite_app, parent)
    conference.conference_type = "initial"
    db.session.commit()
    assert "First core group meeting" in timeline_of(visitor.get("/home").get_data(as_text=True))
    conference.conference_type = "review"
    db.session.commit()
    section = timeline_of(visitor.get("/home").get_data(as_text=True))
    assert "First core group meeting" not in section and "Core group meeting" in section
    assert section.count("If there is a child protection plan.") == 2


def test_the_authoritys_nation_and_settings_move_the_dates(sqlite_app):
    parent = participant("parent")
    conference = parent.conference
    before = next(step for step in expected_steps(conference) if step.key == "minutes_due")
    conference.authority.timescales = {"minutes_working_days": 30}
    db.session.commit()
    section = timeline_of(sign_in(sqlite_app, parent).get("/home").get_data(as_text=True))
    minutes = next(step for step in expected_steps(conference) if step.key == "minutes_due")
    with sqlite_app.test_request_context():
        from flask_babel import format_date
        assert format_date(minutes.day, "full") in section
    assert minutes.day > before.day


def test_no_timeline_for_anyone_outside_the_conference(sqlite_app):
    anonymous = Person(sqlite_app)
    response = anonymous.get("/home")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    for staff in (participant("chair").staff_user, participant("social_worker").staff_user,
                  db.session.scalar(db.select(m.StaffUser).filter_by(role="admin"))):
        assert staff_sign_in(sqlite_app, staff).get("/home").status_code == 404
