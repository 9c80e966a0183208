"""Issue 18: how each parent takes part, what each parent sees, the conversations around
the meeting, how the outcome reaches each parent, and a meeting that could not go ahead as
planned. The demo's conference B has one parent meeting the chair separately (fictional)."""

from datetime import datetime, timedelta

import pytest
from conftest import participant, sign_in, staff_sign_in
from visible import visible

from app.data import models as m
from app.extensions import db
from app.rules import clock, timeline

MAIN_JOINING = "An online meeting link will be sent by your social worker."
MAIN_VENUE = "Room 2, Civic Centre, Eastmere (demo)"
OWN_LINK = "Your own video link for your meeting with the chair (demo)."
REASON_WORDS = "Demo only: the chair judged"


def separate_parent():
    return participant("parent", "B", 1)


def coordinator_in(conference):
    staff = m.StaffUser(authority_id=conference.authority_id, email="coord.b@example.com",
                        name="Fictional Coordinator", role="coordinator", password_hash="x",
                        totp_secret="x")
    db.session.add(staff)
    db.session.flush()
    db.session.add(m.Participant(conference=conference, role=m.COORDINATOR,
                                 name="Fictional Coordinator", staff_user_id=staff.id))
    db.session.commit()
    return staff


# --- what each parent sees ---------------------------------------------------------


def test_a_parent_meeting_separately_sees_their_own_meeting_and_never_the_main_one(sqlite_app):
    parent = separate_parent()
    conference = parent.conference
    visitor = sign_in(sqlite_app, parent)
    home = visible(visitor.get("/home?lang=en"))
    assert "Your meeting with the chair" in home
    assert "9:00am" in home and OWN_LINK in home and "By video" in home
    assert "Then the professionals meet without you" in home
    assert "Your worksheet and what you told the chair are read out" in home
    assert "your social worker goes through the decisions and the plan with you" in home
    assert "You meet the chair on your own" in home  # the timeline's step
    # Never the main meeting's joining details, place or the time the professionals meet.
    for hidden in (MAIN_JOINING, MAIN_VENUE, "10:30", "10:00", "Everyone joins",
                   "Professionals join", REASON_WORDS):
        assert hidden not in home, hidden
    # The worksheet closes when their own meeting starts, not at the professionals' time.
    worksheet = visible(visitor.get("/prepare"))
    assert "9:00am" in worksheet and "10:30" not in worksheet
    # The guide says it for them.
    guide = visible(visitor.get("/guide/parents/the-meeting"))
    assert "This is how it works for you. You meet the chair on" in guide and "9:00am" in guide
    assert "10:30" not in guide
    # Paper was chosen for the decisions.
    assert "On paper. Your social worker gives it to you." in home
    assert conference.starts_at.strftime("%H:%M") == "10:30"


def test_the_other_parent_sees_the_whole_meeting_and_nothing_of_the_arrangement(sqlite_app):
    other = participant("parent", "B", 0)
    home = visible(sign_in(sqlite_app, other).get("/home?lang=en"))
    assert MAIN_JOINING in home and MAIN_VENUE in home and "10:30am" in home
    for hidden in ("Your meeting with the chair", OWN_LINK, REASON_WORDS,
                   "You meet the chair on your own", "meet without you", "9:00am"):
        assert hidden not in home, hidden
    guide = visible(sign_in(sqlite_app, other).get("/guide/parents/the-meeting"))
    assert "This is how it works for you" not in guide


@pytest.mark.parametrize("role", ["supporter", "interpreter", "young_person", "advocate"])
def test_no_one_else_in_the_family_learns_the_arrangement(sqlite_app, role):
    home = visible(sign_in(sqlite_app, participant(role, "B")).get("/home?lang=en"))
    for hidden in (OWN_LINK, "9:00am", REASON_WORDS, "Your meeting with the chair"):
        assert hidden not in home, hidden


def test_a_separate_parents_timeline_shows_no_time_of_the_professionals():
    from app.rules import timescales

    settings = timescales.Timescales()
    starts = datetime(2027, 3, 10, 10, 30)
    steps = timeline.conference_steps(settings, "initial", starts, None,
                                      separately_at=datetime(2027, 3, 10, 9, 0),
                                      for_parent=True)
    keys = [step.key for step in steps]
    assert "conference" not in keys and "premeet" not in keys
    assert {"premeet_separately", "professionals_meet", "follow_up", "preparation"} <= set(keys)
    for step in steps:
        if step.has_time:
            # No step shown with a clock time carries the professionals' 10:30.
            assert step.when.strftime("%H:%M") != "10:30", step
    professionals = next(step for step in steps if step.key == "professionals_meet")
    assert professionals.shows == "on_day" and not professionals.has_time
    prep = next(step for step in steps if step.key == "preparation")
    assert prep.when == starts - timedelta(hours=24)


def test_the_preparation_step_hides_the_clock_time_for_a_separate_parent(sqlite_app):
    """The preparation deadline is 24 hours before the professionals meet: shown to a
    separate parent, it would give their time away. It reads as a day only for them."""
    home = visible(sign_in(sqlite_app, separate_parent()).get("/home?lang=en"))
    assert "The social worker helps the family get ready" in home
    assert "10:30" not in home


# --- the chair sets the arrangement ------------------------------------------------


def _arrangement_url(parent):
    return f"/staff/conferences/{parent.conference_id}/taking-part/{parent.id}"


def test_the_chair_sets_a_separate_arrangement_with_a_reason(sqlite_app):
    parent = participant("parent", "A", 1)
    conference = parent.conference
    chair = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    url = _arrangement_url(parent)
    start = conference.starts_at.date()
    day = [str(start.day), str(start.month), str(start.year)]  # the three boxes
    # Separately, but no reason and no time: clear messages, what was typed kept.
    page = chair.post(url, {"mode": "separate", "place": "Room 5 & \"quiet room\"",
                            "meets_how": "in_person"})
    text = visible(page)
    assert page.status_code == 200
    assert "Enter why this parent takes part separately" in text
    assert "Enter the date the chair meets them" in text
    assert 'value="Room 5 &amp; &#34;quiet room&#34;"' in page.get_data(as_text=True) or \
        "Room 5 &amp; &quot;quiet room&quot;" in page.get_data(as_text=True)
    # A time after the professionals meet is refused.
    page = chair.post(url, {"mode": "separate", "reason": "Risk to this parent.\nSecond line",
                            "meets_date": day, "meets_time": "11:00", "meets_how": "in_person"})
    assert "The chair meets them before the professionals meet" in visible(page)
    page = chair.post(url, {"mode": "separate", "reason": "Risk to this parent.\nSecond line",
                            "meets_date": day, "meets_time": "09:15", "meets_how": "in_person",
                            "place": "Room 5, Civic Centre (demo)"})
    assert page.status_code == 302
    row = db.session.scalar(db.select(m.TakingPart).filter_by(participant_id=parent.id))
    assert row.mode == m.SEPARATELY and row.meets_chair_at.strftime("%H:%M") == "09:15"
    event = db.session.scalar(db.select(m.AuditEvent).filter_by(event="taking_part.set")
                              .order_by(m.AuditEvent.id.desc()))
    assert event.object_id == parent.id and event.detail == "separate"
    assert "Risk" not in event.detail
    # The parent sees their own meeting; the other parent does not.
    home = visible(sign_in(sqlite_app, parent).get("/home?lang=en"))
    assert "Room 5, Civic Centre (demo)" in home and "9:15am" in home
    assert MAIN_VENUE not in home and "Risk to this parent" not in home
    other = visible(sign_in(sqlite_app, participant("parent", "A", 0)).get("/home?lang=en"))
    assert "Room 5, Civic Centre (demo)" not in other and MAIN_VENUE in other
    # Back to the whole meeting: the reason goes.
    chair.post(url, {"mode": "whole"})
    db.session.refresh(row)
    assert row.mode == m.WHOLE_MEETING and row.reason is None and row.meets_chair_at is None


def test_only_the_chair_sets_it_and_the_social_worker_records_the_outcome_route(sqlite_app):
    parent = participant("parent", "A", 0)
    url = _arrangement_url(parent)
    social_worker = staff_sign_in(sqlite_app, participant("social_worker", "A").staff_user)
    page = social_worker.get(url)
    assert page.status_code == 200
    assert 'name="mode"' not in page.get_data(as_text=True)
    refused = social_worker.post(url, {"mode": "separate", "reason": "x"}, form_url=url)
    assert refused.status_code == 404
    # Bad input: a clear message.
    page = social_worker.post(url + "/outcome-delivery", {"outcome_by": "paper"}, form_url=url)
    assert "Choose if they want a password" in visible(page)
    page = social_worker.post(url + "/outcome-delivery", {"outcome_by": "portal",
                                                          "password": "yes"}, form_url=url)
    assert page.status_code == 302
    row = db.session.scalar(db.select(m.TakingPart).filter_by(participant_id=parent.id))
    assert row.outcome_by == "portal" and row.outcome_password and row.mode == m.WHOLE_MEETING
    home = visible(sign_in(sqlite_app, parent).get("/home?lang=en"))
    assert "You asked for a password on the file." in home


@pytest.mark.parametrize("role", ["professional", "coordinator"])
def test_no_one_else_opens_a_parents_arrangement(sqlite_app, role):
    parent = participant("parent", "B", 1)
    if role == "coordinator":
        staff = coordinator_in(parent.conference)
        visitor = staff_sign_in(sqlite_app, staff)
    else:
        visitor = sign_in(sqlite_app, participant("professional", "B"))
    assert visitor.get(_arrangement_url(parent)).status_code == 404


def test_staff_of_another_conference_get_not_found(sqlite_app):
    parent = separate_parent()
    chair_a = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    assert chair_a.get(_arrangement_url(parent)).status_code == 404
    assert chair_a.get(f"/staff/conferences/{parent.conference_id}/not-as-planned"
                       ).status_code == 404


def test_the_staff_page_shows_the_reason_to_chair_and_social_worker_only(sqlite_app):
    conference = separate_parent().conference
    url = f"/staff/conferences/{conference.id}"
    for role in ("chair", "social_worker"):
        page = visible(staff_sign_in(sqlite_app, participant(role, "B").staff_user).get(url))
        assert "How each parent takes part" in page
        assert "separately with the chair" in page and REASON_WORDS in page
        assert "Professionals only (before the family joins)" in page
    coordinator = staff_sign_in(sqlite_app, coordinator_in(conference))
    page = visible(coordinator.get(url))
    assert "separately with the chair" in page and "9:00am" in page
    assert "Professionals only (before the family joins)" in page
    assert REASON_WORDS not in page


# --- the conversations around the meeting ---------------------------------------------


def test_conversations_need_staff_until_marked_held(sqlite_app):
    chair_staff = participant("chair", "B").staff_user
    chair = staff_sign_in(sqlite_app, chair_staff)
    dashboard = visible(chair.get("/staff/"))
    for name in ("Social worker prepares the family", "Chair meets the parents before the "
                 "meeting", "Professionals only (before the family joins)",
                 "Social worker goes through the decisions with the parents"):
        assert name in dashboard
    conference = separate_parent().conference
    chair.post(f"/staff/conferences/{conference.id}/conversations/preparation/held", {},
               form_url=f"/staff/conferences/{conference.id}")
    held = db.session.scalar(db.select(m.ConversationHeld).filter_by(
        conference_id=conference.id, kind="preparation"))
    assert held is not None and held.marked_by_id == chair_staff.id
    dashboard = visible(chair.get("/staff/"))
    assert "Social worker prepares the family" not in dashboard.split("Conference on")[0] or \
        dashboard.count("Social worker prepares the family") < 2
    page = visible(chair.get(f"/staff/conferences/{conference.id}"))
    assert "Held" in page
    # Dates follow the authority's timescales.
    conference.authority.timescales = {"follow_up_working_days": 2}
    db.session.commit()
    from app.rules import timescales
    from app.services import arrangements
    follow_up = next(c for c in arrangements.conversations(conference) if c.kind == "follow_up")
    assert follow_up.when == timescales.add_working_days(conference.starts_at.date(), 2,
                                                         "england")


def test_a_professional_cannot_mark_a_conversation_held(sqlite_app):
    conference = separate_parent().conference
    professional = sign_in(sqlite_app, participant("professional", "B"))
    response = professional.post(
        f"/staff/conferences/{conference.id}/conversations/preparation/held",
        {"csrf_token": "x"}, csrf=False)
    assert response.status_code in (400, 404)
    assert db.session.scalar(db.select(m.ConversationHeld)) is None


def test_the_family_timeline_has_the_conversations_with_real_dates(sqlite_app):
    parent = participant("parent", "A", 0)
    home = visible(sign_in(sqlite_app, parent).get("/home?lang=en"))
    assert "The social worker helps the family get ready" in home
    assert "Your social worker goes through the decisions with you" in home


# --- the outcome on paper -----------------------------------------------------------


def _publish(conference):
    outcome = m.Outcome(conference_id=conference.id, decisions=[], published_at=m.utcnow(),
                        child_summary="Fictional summary")
    outcome.versions.append(m.OutcomeVersion(body="Fictional plan"))
    db.session.add(outcome)
    db.session.commit()
    return outcome


def test_a_paper_copy_is_printed_by_name_and_its_giving_tracked(sqlite_app):
    parent = separate_parent()
    conference = parent.conference
    sw_staff = participant("social_worker", "B").staff_user
    social_worker = staff_sign_in(sqlite_app, sw_staff)
    paper_url = f"{_arrangement_url(parent)}/paper-outcome"
    assert social_worker.get(paper_url).status_code == 404  # nothing published yet
    _publish(conference)
    dashboard = visible(social_worker.get("/staff/"))
    assert f"Give {parent.name} their paper copy of the decisions" in dashboard
    pdf = social_worker.get(paper_url)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.mimetype == "application/pdf"
    # A professional cannot print it.
    assert sign_in(sqlite_app, participant("professional", "B")).get(paper_url
                                                                    ).status_code == 404
    page_url = f"/staff/conferences/{conference.id}"
    assert "Date given" in visible(social_worker.get(page_url))
    given_url = f"{_arrangement_url(parent)}/paper-given"
    refused = social_worker.post(given_url, {"given_on": ["31", "2", "2026"]},
                                 form_url=page_url)
    assert refused.status_code == 200
    assert "Enter a real date, with a day, month and year" in visible(refused)
    today = clock.uk_now().date()
    social_worker.post(given_url, {"given_on": [str(today.day), str(today.month),
                                                str(today.year)]}, form_url=page_url)
    row = db.session.scalar(db.select(m.TakingPart).filter_by(participant_id=parent.id))
    assert row.paper_given_on == today
    assert f"Give {parent.name}" not in visible(social_worker.get("/staff/"))


def test_a_parent_who_wanted_a_password_must_set_one(sqlite_app):
    parent = participant("parent", "A", 0)
    db.session.add(m.TakingPart(conference_id=parent.conference_id, participant_id=parent.id,
                                mode=m.WHOLE_MEETING, outcome_by="portal",
                                outcome_password=True))
    _publish(parent.conference)
    visitor = sign_in(sqlite_app, parent)
    page = visitor.get("/outcome?lang=en")
    assert "You asked for a password on the file. Choose one below." in visible(page)
    refused = visitor.post("/outcome/link", {"password": ""}, form_url="/outcome")
    assert "You asked for a password on the file. Enter one" in visible(refused)
    done = visitor.post("/outcome/link", {"password": "a long password"}, form_url="/outcome")
    assert done.status_code == 302


# --- when the meeting cannot go ahead as planned ---------------------------------------


def _change_url(conference):
    return f"/staff/conferences/{conference.id}/not-as-planned"


def test_held_as_a_planning_meeting_the_family_sees_what_it_means(sqlite_app):
    conference = participant("parent", "A").conference
    chair = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    page = chair.post(_change_url(conference), {"kind": "planning_meeting"})
    text = visible(page)
    assert "Enter why" in text and "Enter who agreed it" in text
    page = chair.post(_change_url(conference), {
        "kind": "planning_meeting", "reason": "The police could not attend & \"urgent\"",
        "agreed_by": "Chair, social worker, police (demo)"})
    assert page.status_code == 302
    home = visible(sign_in(sqlite_app, participant("parent", "A")).get("/home?lang=en"))
    assert "A smaller planning meeting was held instead" in home
    assert "What happens next: a full conference will be set up." in home
    assert "New date to be set" in home
    assert "A smaller planning meeting instead of the conference" in home
    assert "police could not attend" not in home
    staff_page = visible(chair.get(f"/staff/conferences/{conference.id}"))
    assert "police could not attend" in staff_page and "Chair, social worker" in staff_page
    # The professional sees no reason, and cannot record one.
    professional = sign_in(sqlite_app, participant("professional", "A"))
    assert professional.get(_change_url(conference)).status_code == 404


def test_postponed_to_a_new_date_the_timeline_moves(sqlite_app):
    parent = separate_parent()
    conference = parent.conference
    old_start = conference.starts_at
    row = db.session.scalar(db.select(m.TakingPart).filter_by(participant_id=parent.id))
    old_meeting = row.meets_chair_at
    new = (old_start + timedelta(days=14)).date()
    new_day = [str(new.day), str(new.month), str(new.year)]
    chair = staff_sign_in(sqlite_app, participant("chair", "B").staff_user)
    chair.post(_change_url(conference), {"kind": "postponed", "reason": "Chair ill (demo)",
                                         "agreed_by": "Service manager (demo)",
                                         "new_date": new_day})
    db.session.refresh(conference)
    db.session.refresh(row)
    assert conference.starts_at == old_start + timedelta(days=14)
    assert row.meets_chair_at == old_meeting + timedelta(days=14)
    home = visible(sign_in(sqlite_app, parent).get("/home?lang=en"))
    assert "The conference has moved" in home and "Chair ill" not in home
    assert "10:30" not in home
    from flask_babel import format_date
    with sqlite_app.test_request_context():
        assert format_date(conference.starts_at.date(), "full") in home


def test_postponed_without_a_date(sqlite_app):
    conference = participant("parent", "A").conference
    chair = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    chair.post(_change_url(conference), {"kind": "postponed", "reason": "No quorum (demo)",
                                         "agreed_by": "Chair (demo)"})
    home = visible(sign_in(sqlite_app, participant("supporter", "A")).get("/home?lang=en"))
    assert "The conference has been put off" in home and "New date to be set" in home
    assert "No quorum" not in home


# --- reminders ------------------------------------------------------------------------


def test_a_separate_parent_is_reminded_of_their_own_meeting_only(sqlite_app):
    from conftest import outbox_messages

    from app.services import reminders

    parent = separate_parent()
    conference = parent.conference
    tomorrow = datetime(2027, 3, 10)  # a Wednesday
    conference.starts_at = tomorrow.replace(hour=10, minute=30)
    conference.premeet_at = tomorrow.replace(hour=10, minute=0)
    conference.status = "scheduled"
    row = db.session.scalar(db.select(m.TakingPart).filter_by(participant_id=parent.id))
    row.meets_chair_at = tomorrow.replace(hour=9, minute=0)
    db.session.commit()
    reminders.send_due(datetime(2027, 3, 9, 11, 0), "http://localhost")
    mine = [msg for msg in outbox_messages(sqlite_app, parent.email)
            if msg["reference"].startswith("reminder-")]
    assert len(mine) == 1 and "tomorrow at 9:00am" in mine[0]["body"]
    assert "10:00" not in mine[0]["body"] and "10:30" not in mine[0]["body"]
    other = participant("parent", "B", 0)
    theirs = [msg for msg in outbox_messages(sqlite_app, other.email)
              if msg["reference"].startswith("reminder-")]
    assert len(theirs) == 1 and "tomorrow at 10:00am" in theirs[0]["body"]


# --- dates typed in day, month and year boxes -------------------------------------------


def _boxes(day):
    return [str(day.day), str(day.month), str(day.year)]


def _kept(page, *typed):
    """Each box's value as typed is on the page again."""
    source = page.get_data(as_text=True)
    return all(f'value="{value}"' in source for value in typed)


SEPARATELY = {"mode": "separate", "reason": "Risk to this parent (demo)", "meets_time": "09:00",
              "meets_how": "video", "joining_details": "Own video link (demo)"}


def test_the_chair_types_the_day_they_meet_a_parent_in_three_boxes(sqlite_app):
    parent = participant("parent", "A", 1)
    conference = parent.conference
    chair = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    url = _arrangement_url(parent)
    form = chair.get(url)
    text = visible(form)
    assert "Date the chair meets them" in text and "For example, 25 1 2027" in text
    for label in ("Day", "Month", "Year"):
        assert label in text
    assert form.get_data(as_text=True).count('name="meets_date"') == 3
    start = conference.starts_at.date()
    page = chair.post(url, dict(SEPARATELY, meets_date=_boxes(start)))
    assert page.status_code == 302
    row = db.session.scalar(db.select(m.TakingPart).filter_by(participant_id=parent.id))
    assert row.meets_chair_at == datetime(start.year, start.month, start.day, 9, 0)
    # Shown again in the boxes, and on the staff conference page in words.
    again = chair.get(url).get_data(as_text=True)
    assert f'value="{start.year}"' in again
    assert "separately with the chair" in visible(chair.get(f"/staff/conferences/{conference.id}"))


@pytest.mark.parametrize(("typed", "message"), [
    (["1", "1", "2020"], "The date the chair meets them must be today or in the future"),
    (["1", "1", "2207"], "The date the chair meets them must be within a year from today"),
    (["31", "2", "2027"], "Enter a real date, with a day, month and year"),
    (["", "2", "2027"], "Enter a day, a month and a year"),
    (["1", "2", "27"], "Enter the date in numbers, like 25 1 2027"),
    (["", "", ""], "Enter the date the chair meets them"),
])
def test_a_wrong_day_to_meet_the_chair_comes_back_as_typed(sqlite_app, typed, message):
    parent = participant("parent", "A", 1)
    chair = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    page = chair.post(_arrangement_url(parent), dict(SEPARATELY, meets_date=typed))
    assert page.status_code == 200
    text = visible(page)
    assert "There is a problem" in text and text.count(message) == 2  # summary and box
    assert 'href="#meets_date"' in page.get_data(as_text=True)  # the summary's link
    assert _kept(page, *[value for value in typed if value])
    assert "Own video link (demo)" in page.get_data(as_text=True)
    assert db.session.scalar(db.select(m.TakingPart).filter_by(participant_id=parent.id)) is None


def test_a_time_that_is_not_real_is_refused_on_the_time(sqlite_app):
    parent = participant("parent", "A", 1)
    chair = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    page = chair.post(_arrangement_url(parent), dict(
        SEPARATELY, meets_date=_boxes(parent.conference.starts_at.date()), meets_time="25:99"))
    assert "Enter a real time, like 10:30" in visible(page)
    assert 'href="#meets_time"' in page.get_data(as_text=True)


def test_a_day_already_recorded_may_stay_after_it_has_passed(sqlite_app):
    """The chair corrects the reason after the meeting: the day they met stays as it was."""
    parent = separate_parent()
    conference = parent.conference
    # Who is who is found before the move: the helpers count conferences by date.
    chair = staff_sign_in(sqlite_app, participant("chair", "B").staff_user)
    row = db.session.scalar(db.select(m.TakingPart).filter_by(participant_id=parent.id))
    conference.starts_at = datetime(2026, 1, 12, 10, 30)
    row.meets_chair_at = datetime(2026, 1, 12, 9, 0)
    db.session.commit()
    page = chair.post(_arrangement_url(parent), dict(
        SEPARATELY, meets_date=["12", "1", "2026"], reason="Corrected reason (demo)"))
    assert page.status_code == 302
    db.session.refresh(row)
    assert row.reason == "Corrected reason (demo)"
    page = chair.post(_arrangement_url(parent), dict(SEPARATELY, meets_date=["11", "1", "2026"]))
    assert "The date the chair meets them must be today or in the future" in visible(page)


@pytest.mark.parametrize(("typed", "message"), [
    (["1", "1", "2020"], "The new date must be today or in the future"),
    (["1", "1", "2207"], "The new date must be within a year from today"),
    (["30", "2", "2027"], "Enter a real date, with a day, month and year"),
    (["3", "", "2027"], "Enter a day, a month and a year"),
])
def test_a_wrong_new_date_for_a_postponed_meeting_comes_back_as_typed(sqlite_app, typed,
                                                                       message):
    conference = participant("parent", "A").conference
    before = conference.starts_at
    chair = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    form = visible(chair.get(_change_url(conference)))
    assert "New date (if postponed and known)" in form and "Year" in form
    page = chair.post(_change_url(conference), {
        "kind": "postponed", "reason": "Chair ill & \"away\" (demo)",
        "agreed_by": "Service manager (demo)", "new_date": typed, "new_time": "11:15"})
    assert page.status_code == 200
    text = visible(page)
    assert "There is a problem" in text and text.count(message) == 2
    assert 'href="#new_date"' in page.get_data(as_text=True)
    assert _kept(page, *[value for value in typed if value], "11:15",
                 "Service manager (demo)")
    assert 'Chair ill &amp; &#34;away&#34; (demo)' in page.get_data(as_text=True) or \
        "Chair ill &amp; &quot;away&quot; (demo)" in page.get_data(as_text=True)
    db.session.refresh(conference)
    assert conference.starts_at == before and conference.status != "postponed"


@pytest.mark.parametrize(("offset", "message"), [
    (timedelta(days=1), "The date given must be today or earlier"),
    (timedelta(days=-400), "The date given cannot be before the decisions were published"),
])
def test_a_wrong_date_given_comes_back_on_its_own_page_as_typed(sqlite_app, offset, message):
    parent = separate_parent()
    conference = parent.conference
    _publish(conference)
    social_worker = staff_sign_in(sqlite_app, participant("social_worker", "B").staff_user)
    page_url = f"/staff/conferences/{conference.id}"
    typed = _boxes(clock.uk_now().date() + offset)
    page = social_worker.post(f"{_arrangement_url(parent)}/paper-given", {"given_on": typed},
                              form_url=page_url)
    assert page.status_code == 200
    text = visible(page)
    assert "There is a problem" in text and text.count(message) == 2
    assert "Date given" in text and parent.name in text and "Save the date given" in text
    assert 'href="#given_on"' in page.get_data(as_text=True)
    assert _kept(page, *typed)
    row = db.session.scalar(db.select(m.TakingPart).filter_by(participant_id=parent.id))
    assert row.paper_given_on is None


def test_only_the_chair_and_social_worker_of_the_conference_record_the_date_given(sqlite_app):
    parent = separate_parent()
    _publish(parent.conference)
    url = f"{_arrangement_url(parent)}/paper-given"
    today = _boxes(clock.uk_now().date())
    # Each with a genuine token from their own page: refused as not found.
    for visitor, own_page in (
            (sign_in(sqlite_app, participant("professional", "B")), "/home"),
            (sign_in(sqlite_app, parent), "/home"),
            (staff_sign_in(sqlite_app, participant("social_worker", "A").staff_user), "/staff/")):
        assert visitor.post(url, {"given_on": today}, form_url=own_page).status_code == 404
    row = db.session.scalar(db.select(m.TakingPart).filter_by(participant_id=parent.id))
    assert row.paper_given_on is None


def test_a_postponement_and_the_staff_status_say_the_same_until_the_chair_sets_a_new_date(
        sqlite_app):
    parent_person, chair_person = participant("parent", "A"), participant("chair", "A")
    conference = parent_person.conference
    chair = staff_sign_in(sqlite_app, chair_person.staff_user)
    chair.post(_change_url(conference), {"kind": "postponed", "reason": "No quorum (demo)",
                                         "agreed_by": "Chair (demo)"})
    db.session.refresh(conference)
    assert conference.status == "postponed"  # the staff pages and reminders know too
    parent = sign_in(sqlite_app, parent_person)
    home = visible(parent.get("/home?lang=en"))
    assert "The conference has been put off" in home
    assert "The conference has been postponed." not in home  # said once, not twice
    # The chair gives it a new date on the change page: it goes ahead, the notice goes.
    new_day = (clock.uk_now() + timedelta(days=20)).date()
    response = chair.post(f"/staff/conferences/{conference.id}/change", {
        "date": [str(new_day.day), str(new_day.month), str(new_day.year)], "time": "14:00",
        "premeet_time": "", "format": "in_person", "venue": "Fictional Hall (demo)",
        "joining_details": ""})
    assert response.status_code == 302
    db.session.refresh(conference)
    assert conference.status == "scheduled"
    home = visible(parent.get("/home?lang=en"))
    assert "put off" not in home and "New date to be set" not in home
    from flask_babel import format_date
    with sqlite_app.test_request_context():
        assert format_date(new_day, "full") in home


def test_after_a_planning_meeting_the_full_conference_set_later_is_what_the_family_sees(
        sqlite_app):
    parent_person, chair_person = participant("parent", "A"), participant("chair", "A")
    conference = parent_person.conference
    chair = staff_sign_in(sqlite_app, chair_person.staff_user)
    chair.post(_change_url(conference), {"kind": "planning_meeting",
                                         "reason": "Police could not attend (demo)",
                                         "agreed_by": "Chair (demo)"})
    parent = sign_in(sqlite_app, parent_person)
    assert "A smaller planning meeting was held instead" in visible(parent.get("/home?lang=en"))
    new_day = (max(clock.uk_now(), conference.starts_at) + timedelta(days=21)).date()
    chair.post(f"/staff/conferences/{conference.id}/change", {
        "date": [str(new_day.day), str(new_day.month), str(new_day.year)], "time": "10:30",
        "premeet_time": "", "format": "in_person", "venue": "Fictional Hall (demo)",
        "joining_details": ""})
    home = visible(parent.get("/home?lang=en"))
    assert "A smaller planning meeting was held instead" not in home
    assert "New date to be set" not in home


def test_postponed_to_a_new_date_a_postponed_conference_goes_ahead(sqlite_app):
    parent = participant("parent", "A")  # found by date: before the move
    conference = parent.conference
    conference.status = "postponed"
    db.session.commit()
    new = (conference.starts_at + timedelta(days=14)).date()
    chair = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    chair.post(_change_url(conference), {"kind": "postponed", "reason": "Chair ill (demo)",
                                         "agreed_by": "Service manager (demo)",
                                         "new_date": [str(new.day), str(new.month),
                                                      str(new.year)]})
    db.session.refresh(conference)
    assert conference.status == "scheduled" and conference.starts_at.date() == new
    home = visible(sign_in(sqlite_app, parent).get("/home?lang=en"))
    assert "The conference has moved" in home, home
    assert "has been postponed" not in home
