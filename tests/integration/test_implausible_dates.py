"""Implausible dates are refused where they are typed, and a stored one never breaks a page."""

from datetime import datetime

import pytest
from conftest import participant, sign_in, staff_sign_in
from visible import visible

from app.data import models as m
from app.extensions import db


def _new_conference(visitor, date):
    return visitor.post("/staff/conferences/new", {
        "conference_type": "initial", "date": date, "time": "10:30", "format": "online",
        "children": "Fictional Kid & \u201cSam\u201d"})


@pytest.mark.parametrize(("date", "message"), [
    (["1", "1", "0001"], "The date of the conference must be today or in the future"),
    (["1", "1", "2020"], "The date of the conference must be today or in the future"),
    (["1", "1", "2207"], "The date of the conference must be within a year from today"),
    (["31", "2", "2027"], "Enter a real date, with a day, month and year"),
    (["", "2", "2027"], "Enter a day, a month and a year"),
    (["1", "2", "27"], "Enter the date in numbers, like 25 1 2027"),
    (["", "", ""], "Enter the date of the conference"),
])
def test_a_new_conference_with_an_implausible_date_is_refused_clearly(app, date, message):
    visitor = staff_sign_in(app, participant("social_worker").staff_user)
    before = db.session.scalar(db.select(db.func.count()).select_from(m.Conference))
    response = _new_conference(visitor, date)
    assert response.status_code == 200
    page = visible(response)
    assert message in page
    assert "Fictional Kid & \u201cSam\u201d" in response.get_data(as_text=True).replace(
        "&amp;", "&").replace("&#34;", '"')
    assert db.session.scalar(db.select(db.func.count()).select_from(m.Conference)) == before


def test_the_date_is_entered_in_day_month_and_year_boxes(app):
    visitor = staff_sign_in(app, participant("social_worker").staff_user)
    html = visitor.get("/staff/conferences/new").get_data(as_text=True)
    assert 'class="govuk-date-input"' in html
    for label in ("Day", "Month", "Year"):
        assert f">\n      {label}\n" in html or f">{label}<" in html or label in visible(
            visitor.last)
    response = _new_conference(visitor, ["15", "2", "2027"])
    assert response.status_code == 302
    created = db.session.scalar(db.select(m.Conference).order_by(m.Conference.created_at.desc()))
    assert created.starts_at == datetime(2027, 2, 15, 10, 30)


def test_outcome_dates_before_the_conference_or_years_away_are_refused(app):
    chair_person = participant("chair")
    conference = chair_person.conference
    chair = staff_sign_in(app, chair_person.staff_user)
    day = conference.starts_at.date()
    data = {"body": "Plan text", "save": "x", "first_core_group": ["1", "1", "0001"],
            "review_conference": ["1", "1", str(day.year + 3)],
            "actions-0-what": "Visit", "actions-0-by": ["1", "1", "9999"]}
    for child in conference.children:
        data[f"plan-{child.id}"] = "yes"
        data[f"category-{child.id}"] = "neglect"
    base = f"/staff/conferences/{conference.id}/outcome"
    page = visible(chair.post(f"{base}/dates", data))
    assert "The date must be after the conference" in page
    assert "The date must be within a year of the conference" in page
    page = visible(chair.post(f"{base}/plan", data))
    assert "The date must be within 5 years of the conference" in page
    assert db.session.scalar(db.select(m.Outcome)) is None


@pytest.mark.both_databases
@pytest.mark.parametrize("when", [datetime(1, 1, 1, 10, 30), datetime(9999, 12, 31, 10, 30)])
def test_a_stored_date_at_the_edge_of_the_calendar_breaks_no_page(app, when):
    # Who is who is found before the move: the helpers count conferences by date.
    chair_person, parent_person, young_person = (participant("chair"), participant("parent"),
                                                 participant("young_person"))
    conference = chair_person.conference
    conference.starts_at = when
    conference.premeet_at = None
    db.session.commit()
    chair = staff_sign_in(app, chair_person.staff_user)
    pages = ["/staff/", f"/staff/conferences/{conference.id}",
             f"/staff/conferences/{conference.id}/outcome",
             f"/staff/conferences/{conference.id}/minutes", "/staff/history", "/staff/upcoming",
             "/staff/reports"]
    answers = {url: chair.get(url).status_code for url in pages}
    parent = sign_in(app, parent_person)
    answers.update({url: parent.get(url).status_code for url in ("/home", "/reports",
                                                                 "/prepare")})
    young = sign_in(app, young_person)
    answers["/views"] = young.get("/views").status_code
    assert set(answers.values()) == {200}, answers
