"""The outcome and the minutes: the chair records and publishes, each family member reads
and downloads their own version, securely and on time."""

import io
import re
from datetime import timedelta

import pytest
from conftest import (
    Person,
    hold_in_the_past,
    outbox_messages,
    outcome_step_urls,
    participant,
    publish_through_check,
    record_outcome_steps,
    sign_in,
    staff_sign_in,
)
from flask_babel import format_date
from pypdf import PdfReader
from visible import visible

from app.data import models as m
from app.extensions import db
from app.rules import clock
from app.services import audit, documents

SECRET_LINE = "The new address is 12 Fictional Road"
PLAN_BODY = "If things do not change, the conference meets again sooner."


def _held_yesterday(label="A"):
    """Move a demo conference into the past so its targets are running."""
    conference = participant("chair", label).conference
    conference.starts_at = m.utcnow() - timedelta(hours=2)
    db.session.commit()
    return conference


def _outcome_form(conference, **extra):
    data = {"body": PLAN_BODY, "child_summary": "The grown-ups will help your family.",
            "actions-0-what": "Social worker visits every week",
            "actions-0-who": "Robin Hale", "actions-0-by": "2030-01-25",
            "actions-1-what": SECRET_LINE, "actions-1-who": "Housing", "actions-1-by": ""}
    for child in conference.children:
        data[f"plan-{child.id}"] = "yes"
        data[f"category-{child.id}"] = "neglect"
    data.update(extra)
    return data


def _record(app, label="A", publish=True, **extra):
    if publish and participant("chair", label).conference.starts_at > m.utcnow():
        hold_in_the_past()  # publishing waits for the meeting to start
    chair_person = participant("chair", label)
    chair = staff_sign_in(app, chair_person.staff_user)
    conference = chair_person.conference
    response = record_outcome_steps(chair, conference, _outcome_form(conference, **extra))
    if response.headers["Location"].endswith("/outcome/check") and publish:
        publish_through_check(chair, conference)
    return chair, conference


def _redact_for(chair, conference, person):
    url = f"/staff/conferences/{conference.id}/outcome/versions/{person.id}"
    page = chair.get(url).get_data(as_text=True)
    assert SECRET_LINE in page  # it starts as a copy of what everyone gets
    response = chair.post(url, {
        "body": PLAN_BODY, "actions-0-what": "Social worker visits every week",
        "actions-0-who": "Robin Hale", "actions-0-by": "2030-01-25", "save": "x"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def _download(visitor, password="", page="/outcome", link="/outcome/link"):
    response = visitor.post(link, {"password": password}, form_url=page)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


# --- recording --------------------------------------------------------------------------


def test_chair_adds_and_removes_actions_without_javascript(app):
    chair_person = participant("chair")
    chair = staff_sign_in(app, chair_person.staff_user)
    conference = chair_person.conference
    url = f"/staff/conferences/{conference.id}/outcome/plan"
    data = _outcome_form(conference, add_action="x")
    page = chair.post(url, data).get_data(as_text=True)
    assert 'name="actions-2-what"' in page and SECRET_LINE in page and PLAN_BODY in page
    data = _outcome_form(conference, remove_action="0")
    page = chair.post(url, data).get_data(as_text=True)
    assert "Social worker visits every week" not in page
    assert 'name="actions-0-what"' in page and SECRET_LINE in page
    assert 'name="actions-1-what"' not in page
    assert db.session.scalar(db.select(m.Outcome)) is None  # nothing saved yet


def test_each_step_refuses_bad_input_with_clear_messages_and_keeps_what_was_typed(app):
    chair_person = participant("chair")
    chair = staff_sign_in(app, chair_person.staff_user)
    conference = chair_person.conference
    tilly, ravi = conference.children
    data = _outcome_form(conference, body="", **{
        f"plan-{tilly.id}": "no", f"category-{tilly.id}": "",
        f"plan-{ravi.id}": "", f"dissent-{ravi.id}": "The school disagreed (kept) & \"more\"",
        "actions-1-what": "", "actions-1-who": "Housing (kept)",
        "first_core_group": ["30", "2", "2027"], "review_conference": ["1", "1", "2020"]})
    decision_tilly, decision_ravi, plan, dates, _people = outcome_step_urls(conference)
    expected = {
        decision_tilly: ["Choose a child in need plan or no further action"],
        decision_ravi: ["Choose yes or no", 'The school disagreed (kept) & "more"'],
        plan: ["Write what happens if things do not change", "Say what will be done",
               "Housing (kept)"],
        dates: ["Enter a real date, with a day, month and year",
                "The date must be after the conference", "30", "2020"],
    }
    for url, words in expected.items():
        response = chair.post(url, data)
        assert response.status_code == 200, url
        page = visible(response)
        assert "There is a problem" in page, url
        for text in words:
            assert text in page or text in response.get_data(as_text=True), (url, text)
    assert db.session.scalar(db.select(m.Outcome)) is None


def test_the_steps_lead_one_to_the_next_and_the_list_shows_what_is_done(app):
    chair_person = participant("chair")
    chair = staff_sign_in(app, chair_person.staff_user)
    conference = chair_person.conference
    tilly, ravi = conference.children
    overview = f"/staff/conferences/{conference.id}/outcome"
    page = visible(chair.get(overview))
    assert "Decision for Tilly" in page and "Decision for Ravi" in page
    assert page.count("Not yet started") == 3 and "Cannot start yet" in page
    data = _outcome_form(conference)
    steps = outcome_step_urls(conference)
    following = [*steps[1:], f"{overview}/check"]
    for url, after in zip(steps, following, strict=True):
        response = chair.post(url, data)
        assert response.headers["Location"].endswith(after), (url, response.headers)
    page = visible(chair.get(overview))
    assert "Not yet started" in page and "Cannot start yet" not in page
    assert page.count("Completed") == 4  # two decisions, the plan, the child's summary
    outcome = db.session.scalar(db.select(m.Outcome))
    assert [d["child_id"] for d in outcome.decisions] == [tilly.id, ravi.id]
    assert outcome.child_summary == "The grown-ups will help your family."
    assert outcome.published_at is None
    # A step changed later keeps the others as they were.
    chair.post(steps[1], {f"plan-{ravi.id}": "no",
                          f"alternative-{ravi.id}": "no_further_action"})
    db.session.expire_all()
    outcome = db.session.scalar(db.select(m.Outcome))
    assert [d["plan"] for d in outcome.decisions] == [True, False]
    assert outcome.versions[0].body == PLAN_BODY


def test_the_outcome_cannot_be_published_until_every_step_is_recorded(app):
    hold_in_the_past()
    chair_person = participant("chair")
    chair = staff_sign_in(app, chair_person.staff_user)
    conference = chair_person.conference
    tilly, ravi = conference.children
    chair.post(outcome_step_urls(conference)[0], _outcome_form(conference))
    check = f"/staff/conferences/{conference.id}/outcome/check"
    response = chair.get(check)
    page = visible(response)
    assert "Before you can publish" in page and "Decision for Ravi" in page
    assert "The plan" in page and "Decision for Tilly" not in page
    main = response.get_data(as_text=True).split("<main")[1].split("</main>")[0]
    assert 'type="submit"' not in main  # no Publish button
    response = chair.post(check, {"submit": "Publish"})
    assert response.status_code == 302
    assert "Finish each step before you publish." in visible(chair.get(check))
    outcome = db.session.scalar(db.select(m.Outcome))
    assert outcome.published_at is None
    assert db.session.scalar(db.select(m.AuditEvent).filter_by(
        event="outcome.publish_refused", detail="incomplete")) is not None
    assert not outbox_messages(app)


def test_dates_outside_the_targets_are_warned_about_but_saved(app):
    conference = participant("chair").conference  # an initial conference
    day = conference.starts_at.date()
    late_core_group = (day + timedelta(days=30)).isoformat()
    late_review = (day + timedelta(days=200)).isoformat()
    chair, conference = _record(app, publish=False, first_core_group=late_core_group,
                                review_conference=late_review)
    page = chair.get(f"/staff/conferences/{conference.id}/outcome").get_data(as_text=True)
    assert "The first core group is due by" in page and "This date is later" in page
    assert "The review conference is due by" in page
    dates_page = visible(chair.get(f"/staff/conferences/{conference.id}/outcome/dates"))
    assert dates_page.count("This date is later") == 2
    outcome = db.session.scalar(db.select(m.Outcome))
    assert outcome.first_core_group_on.isoformat() == late_core_group
    assert outcome.published_at is None
    # Dates within the targets bring no warning.
    _record(app, publish=False, first_core_group=(day + timedelta(days=7)).isoformat(),
            review_conference=(day + timedelta(days=60)).isoformat())
    page = chair.get(f"/staff/conferences/{conference.id}/outcome").get_data(as_text=True)
    assert "This date is later" not in page


@pytest.mark.both_databases
def test_decisions_alternatives_and_dissent_reach_the_family(app):
    conference = participant("chair").conference
    tilly, ravi = conference.children
    _record(app, **{f"plan-{tilly.id}": "no", f"alternative-{tilly.id}": "child_in_need",
                    f"dissent-{ravi.id}": "The school thought no plan was needed."})
    page = visible(sign_in(app, participant("parent")).get("/outcome"))
    assert "Instead there will be a child in need plan." in page
    assert "a child protection plan is needed" in page and "Neglect" in page
    assert "The school thought no plan was needed." in page
    assert "Social worker visits every week" in page and PLAN_BODY in page


# --- publishing ---------------------------------------------------------------------------


@pytest.mark.both_databases
def test_publishing_stamps_the_time_checks_the_target_and_tells_the_family(app):
    conference = _held_yesterday()
    parent_0, parent_1 = participant("parent", index=0), participant("parent", index=1)
    parent_1.messages_safe = False
    db.session.commit()
    chair, conference = _record(app)
    outcome = db.session.scalar(db.select(m.Outcome))
    assert outcome.published_at is not None
    published = audit.events("outcome.published")[-1]
    assert published.detail == "done" and published.conference_id == conference.id
    sent_to = {row.participant_id for row in db.session.scalars(
        db.select(m.OutboxMessage).filter_by(purpose="something-new"))}
    # Parents and the young person may see it; parent 1 said messages are not safe.
    assert parent_0.id in sent_to and parent_1.id not in sent_to
    assert participant("young_person").id in sent_to
    assert participant("supporter").id not in sent_to
    for message in outbox_messages(app):
        if "something new" in message["body"]:
            assert "Tilly" not in message["body"] and "Neglect" not in message["body"]
            assert SECRET_LINE not in message["body"]


@pytest.mark.both_databases
def test_publishing_after_the_target_is_recorded_as_late(app):
    conference = participant("chair").conference
    conference.starts_at = m.utcnow() - timedelta(days=10)
    db.session.commit()
    chair, _conference = _record(app)
    assert audit.events("outcome.published")[-1].detail == "done_late"
    assert "Published after the target" in chair.get(
        f"/staff/conferences/{conference.id}/outcome").get_data(as_text=True)


# --- each recipient's own version -------------------------------------------------------


def _page_texts(pdf, password=None):
    reader = PdfReader(io.BytesIO(pdf))
    if password:
        assert reader.decrypt(password)
    return [page.extract_text() for page in reader.pages]


def test_a_parents_version_can_reword_or_leave_out_a_disagreement(app):
    conference = participant("chair").conference
    first, second = conference.children[0], conference.children[1]
    hidden = "The school nurse disagreed because of what she saw at 12 Fictional Road"
    chair, conference = _record(app, **{f"dissent-{first.id}": hidden,
                                        f"dissent-{second.id}": "The GP disagreed."})
    redacted, other = participant("parent", index=0), participant("parent", index=1)
    url = f"/staff/conferences/{conference.id}/outcome/versions/{redacted.id}"
    page = chair.get(url).get_data(as_text=True)
    assert hidden in page  # it starts as everyone's words
    response = chair.post(url, {
        "body": PLAN_BODY, "actions-0-what": "Social worker visits every week",
        f"dissent-{first.id}": "A professional disagreed.", f"dissent-{second.id}": "",
        "save": "x"})
    assert response.status_code == 302
    for person, shown, gone in ((redacted, ["A professional disagreed."],
                                 [hidden, "The GP disagreed."]),
                                (other, [hidden, "The GP disagreed."], [])):
        visitor = sign_in(app, person)
        page = visitor.get("/outcome").get_data(as_text=True)
        pdf = "\n".join(_page_texts(visitor.get(_download(visitor)).data))
        for text in shown:
            assert text in page and " ".join(text.split()[:4]) in pdf
        for text in gone:
            assert text not in page and " ".join(text.split()[:4]) not in pdf


def test_each_parent_reads_and_downloads_only_their_own_version(app):
    many = {f"actions-{i}-what": f"Fictional step number {i} of a long plan to keep going"
            for i in range(2, 28)}
    chair, conference = _record(app, **many)
    redacted, other = participant("parent", index=0), participant("parent", index=1)
    _redact_for(chair, conference, redacted)
    texts = {}
    for person in (redacted, other):
        visitor = sign_in(app, person)
        page = visitor.get("/outcome").get_data(as_text=True)
        assert (SECRET_LINE in page) is (person is other)
        assert "version" not in page.lower() and "redact" not in page.lower()
        pdf = visitor.get(_download(visitor))
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
        assert pdf.headers["Content-Disposition"].startswith("attachment")
        pages = _page_texts(pdf.data)
        assert all(person.name in text for text in pages)  # the name on every page
        texts[person.id] = "\n".join(pages)
        assert "What was decided" in texts[person.id] and "Neglect" in texts[person.id]
    assert SECRET_LINE not in texts[redacted.id]
    assert SECRET_LINE in texts[other.id]
    # The redacted parent's version was edited down to one action.
    assert "Fictional step number" not in texts[redacted.id]
    assert "Fictional step number 27" in texts[other.id]


def test_the_general_pdf_runs_over_pages_with_the_name_on_each(app):
    many = {f"actions-{i}-what": f"Fictional step number {i} of a long plan to keep going"
            for i in range(2, 28)}
    _record(app, **many)
    parent = participant("parent", index=1)
    visitor = sign_in(app, parent)
    pdf = visitor.get(_download(visitor)).data
    pages = _page_texts(pdf)
    assert len(pages) >= 2
    assert all(parent.name in text for text in pages)
    # The date it was made is on every page too, in the recipient's words for dates.
    with app.test_request_context():
        made_on = format_date(clock.uk_now().date(), "long")
    assert all(made_on in text for text in pages), made_on
    # It is a tagged PDF/UA document in the recipient's language, with a title.
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"].value is True
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    assert str(root["/Lang"]).startswith("en")


def test_chair_can_give_a_parent_the_same_as_everyone_again(app):
    chair, conference = _record(app)
    parent = participant("parent", index=0)
    _redact_for(chair, conference, parent)
    url = f"/staff/conferences/{conference.id}/outcome/versions/{parent.id}"
    assert chair.post(url, {"use_general": "x"}).status_code == 302
    assert SECRET_LINE in sign_in(app, parent).get("/outcome").get_data(as_text=True)


def test_a_version_only_for_a_parent_of_this_conference(app):
    chair, conference = _record(app)
    base = f"/staff/conferences/{conference.id}/outcome/versions/"
    for person in (participant("young_person"), participant("professional"),
                   participant("parent", "B")):
        assert chair.get(base + person.id).status_code == 404
    assert chair.get(base + "no-such-person").status_code == 404


def test_pdf_headings_are_in_the_recipients_language(app):
    _record(app)
    parent = participant("parent")
    parent.language = "cy"
    db.session.commit()
    visitor = sign_in(app, parent)
    text = documents.pdf_text(visitor.get(_download(visitor)).data)
    assert parent.name in text
    from flask_babel import force_locale, gettext
    with app.test_request_context(), force_locale("cy"):
        heading = gettext("What was decided")
    assert heading in text


# --- passwords and links ----------------------------------------------------------------


def test_a_password_protected_pdf_opens_only_with_the_password(app):
    _record(app)
    parent = participant("parent")
    visitor = sign_in(app, parent)
    url = _download(visitor, password="correct horse battery")
    assert "correct" not in url and "horse" not in url  # never readable in the address
    pdf = visitor.get(url).data
    assert PdfReader(io.BytesIO(pdf)).is_encrypted
    with pytest.raises(ValueError):
        documents.pdf_text(pdf)
    with pytest.raises(ValueError):
        documents.pdf_text(pdf, "wrong password")
    assert parent.name in documents.pdf_text(pdf, "correct horse battery")
    assert audit.events("outcome.downloaded")[-1].detail == "password"


def test_too_short_a_password_is_refused_clearly(app):
    _record(app)
    visitor = sign_in(app, participant("parent"))
    page = visitor.post("/outcome/link", {"password": "short"}, form_url="/outcome")
    assert page.status_code == 200
    assert "Use between 8 and 128 characters" in page.get_data(as_text=True)


def test_expired_other_persons_and_signed_out_links_are_not_found(app):
    _record(app)
    parent = participant("parent")
    visitor = sign_in(app, parent)
    url = _download(visitor)
    other = sign_in(app, participant("parent", index=1))
    assert other.get(url).status_code == 404
    # The same person in another signed-in session cannot use it either.
    assert sign_in(app, parent).get(url).status_code == 404
    assert Person(app).get(url).status_code == 404  # nobody signed in
    grant = db.session.scalar(db.select(m.DownloadGrant))
    expires_at = grant.expires_at
    grant.expires_at = m.utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert visitor.get(url).status_code == 404
    db.session.get(m.DownloadGrant, grant.id).expires_at = expires_at
    db.session.commit()
    assert visitor.get(url).status_code == 200
    visitor.post("/sign-out", form_url="/outcome")
    assert visitor.get(url).status_code == 404
    assert visitor.get(re.sub(r"download/.", "download/x", url)).status_code == 404


@pytest.mark.both_databases
def test_the_download_link_carries_no_session_and_is_kept_on_the_server(app):
    _record(app)
    parent = participant("parent")
    visitor = sign_in(app, parent)
    app.config["DOWNLOAD_LINK_SECONDS"] = 120
    url = _download(visitor, password="correct horse battery")
    app.config["DOWNLOAD_LINK_SECONDS"] = 300
    session_id = db.session.scalar(db.select(m.UserSession.id).filter_by(
        participant_id=parent.id, ended_at=None))
    token = url.rsplit("/", 1)[-1]
    # Nothing in the address but a random token: no session id, no person, no document,
    # in clear or in a signed payload that decodes.
    for secret in (session_id, parent.id, parent.conference_id):
        assert secret not in url
    assert "." not in token and len(token) >= 40
    grant = db.session.scalar(db.select(m.DownloadGrant))
    assert grant.session_id == session_id and grant.participant_id == parent.id
    assert grant.kind == "outcome" and token not in grant.token_hash  # stored hashed
    assert 115 <= (grant.expires_at - grant.created_at).total_seconds() <= 120
    # Single purpose: a grant for the outcome does not fetch the minutes, and one for
    # the minutes does not fetch the outcome.
    grant.kind = "minutes"
    db.session.commit()
    assert visitor.get(url).status_code == 404
    db.session.get(m.DownloadGrant, grant.id).kind = "outcome"
    db.session.commit()
    assert visitor.get(url).status_code == 200


@pytest.mark.both_databases
def test_every_view_and_download_is_audited(app):
    _record(app)
    parent = participant("parent")
    visitor = sign_in(app, parent)
    visitor.get("/outcome")
    visitor.get("/outcome")
    visitor.get(_download(visitor))  # which opens the page once more for its form
    events = [e.event for e in audit.events(participant_id=parent.id)
              if e.event.startswith("outcome.")]
    assert events == ["outcome.viewed"] * 3 + ["outcome.downloaded"]
    assert all(e.object_id for e in audit.events("outcome.downloaded"))


# --- the child ------------------------------------------------------------------------------


def test_child_sees_only_the_summary_and_opening_it_counts_as_told(app):
    _held_yesterday()
    _record(app)
    outcome = db.session.scalar(db.select(m.Outcome))
    young = participant("young_person")
    assert outcome.told(young.child_id) is None
    visitor = sign_in(app, young)
    page = visitor.get("/outcome").get_data(as_text=True)
    assert "The grown-ups will help your family." in page
    assert PLAN_BODY not in page and "Neglect" not in page
    db.session.refresh(outcome)
    assert outcome.told(young.child_id).how == "child_opened"
    # Only this child: their brother or sister has still to be told.
    other = next(c for c in young.conference.children if c.id != young.child_id)
    assert outcome.told(other.id) is None
    text = documents.pdf_text(visitor.get(_download(visitor)).data)
    assert "The grown-ups will help your family." in text and PLAN_BODY not in text


def test_a_child_reads_their_summary_page_in_a_childs_register(app):
    """The same English words, translated for a child on the child's page and for a parent on
    the parent's: in Spanish tú for the child, usted for the parent."""
    _held_yesterday()
    _record(app)
    child_page = sign_in(app, participant("young_person")).get("/outcome?lang=es")
    child_text = child_page.get_data(as_text=True)
    assert child_page.status_code == 200
    assert "Guarda una copia" in child_text and "solo para ti" in child_text
    assert "Si pones una" in child_text and "Descargar una copia" in child_text
    assert "usted" not in child_text and "Guarde" not in child_text
    parent_text = sign_in(app, participant("parent")).get("/outcome?lang=es").get_data(
        as_text=True)
    assert "Guarde una copia" in parent_text and "solo para usted" in parent_text


@pytest.mark.both_databases
def test_social_worker_sees_each_child_to_tell_and_marks_them_one_by_one(app):
    conference = _held_yesterday()
    _record(app)
    first, second = conference.children[0], conference.children[1]
    social_worker = staff_sign_in(app, participant("social_worker").staff_user)
    dashboard = social_worker.get("/staff/").get_data(as_text=True)
    assert dashboard.count("Mark the child as told") == 2
    assert f"Tell the child: <span dir=\"auto\">{first.first_name}</span>" in dashboard
    response = social_worker.post(
        f"/staff/conferences/{conference.id}/outcome/child-told/{first.id}", form_url="/staff/")
    assert response.status_code == 302
    outcome = db.session.scalar(db.select(m.Outcome))
    assert outcome.told(first.id).how == "social_worker" and outcome.told(second.id) is None
    dashboard = social_worker.get("/staff/").get_data(as_text=True)
    assert dashboard.count("Mark the child as told") == 1
    assert f"Tell the child: <span dir=\"auto\">{second.first_name}</span>" in dashboard
    assert audit.events("outcome.child_told")[-1].staff_user_id == \
        participant("social_worker").staff_user_id


def test_only_social_worker_or_chair_mark_a_child_of_their_conference_told(app):
    conference = _held_yesterday()
    _record(app)
    child = conference.children[0]
    url = f"/staff/conferences/{conference.id}/outcome/child-told/{child.id}"
    other_sw = staff_sign_in(app, participant("social_worker", "B").staff_user)
    assert other_sw.post(url, form_url="/staff/").status_code == 404
    other_child = participant("parent", "B").conference.children[0]
    own_sw = staff_sign_in(app, participant("social_worker").staff_user)
    assert own_sw.post(f"/staff/conferences/{conference.id}/outcome/child-told/"
                       f"{other_child.id}", form_url="/staff/").status_code == 404
    assert not db.session.scalars(db.select(m.ChildTold)).all()


# --- the dashboard ---------------------------------------------------------------------------


@pytest.mark.both_databases
def test_dashboard_shows_outcome_and_minutes_due_then_late(app):
    conference = _held_yesterday()
    chair = staff_sign_in(app, participant("chair").staff_user)
    page = chair.get("/staff/").get_data(as_text=True)
    assert "Decisions and plan to the family" in page and "Minutes to the family" in page
    assert "govuk-tag--red" not in page and page.count("govuk-tag--yellow") == 2
    conference.starts_at = m.utcnow() - timedelta(days=40)
    db.session.commit()
    page = chair.get("/staff/").get_data(as_text=True)
    assert page.count("govuk-tag--red") == 2  # the outcome and the minutes
    # A conference still to come has nothing due.
    other_chair = staff_sign_in(app, participant("chair", "B").staff_user)
    assert "Nothing is due or late." in other_chair.get("/staff/").get_data(as_text=True)


# --- minutes ------------------------------------------------------------------------------


def _pdf(text):
    html = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Minutes</title>"
            f"</head><body><h1>Minutes (fictional)</h1><p>{text}</p></body></html>")
    return documents.render_pdf(html, title="Minutes", lang="en")


def _upload(visitor, conference, data, recipient="", name="minutes.pdf"):
    return visitor.post(f"/staff/conferences/{conference.id}/minutes",
                        {"document": (io.BytesIO(data), name), "recipient": recipient},
                        content_type="multipart/form-data")


def test_minutes_upload_refuses_a_bad_file_clearly(app):
    chair_person = participant("chair")
    chair = staff_sign_in(app, chair_person.staff_user)
    page = _upload(chair, chair_person.conference, b"not a pdf at all", name="minutes.pdf")
    assert page.status_code == 200
    assert "The file must be a PDF" in page.get_data(as_text=True)
    assert audit.events("minutes.upload_refused")
    assert db.session.scalar(db.select(m.Minutes)) is None


@pytest.mark.both_databases
def test_minutes_reach_each_parent_in_their_own_copy(app):
    _record(app)
    chair_person = participant("chair")
    conference = chair_person.conference
    chair = staff_sign_in(app, chair_person.staff_user)
    redacted = participant("parent", index=0)
    assert _upload(chair, conference, _pdf("Full minutes with " + SECRET_LINE)).status_code \
        == 302
    assert _upload(chair, conference, _pdf("Minutes for one parent"),
                   recipient=redacted.id).status_code == 302
    parent_page = sign_in(app, participant("parent", index=1))
    assert parent_page.get("/minutes").status_code == 404  # not sent yet
    response = chair.post(f"/staff/conferences/{conference.id}/minutes/publish",
                          form_url=f"/staff/conferences/{conference.id}/minutes")
    assert response.status_code == 302
    assert db.session.scalar(db.select(m.Minutes)).published_at is not None
    for person, expected, absent in ((redacted, "Minutes for one parent", SECRET_LINE),
                                     (participant("parent", index=1), SECRET_LINE, None)):
        visitor = sign_in(app, person)
        assert "Read the minutes" in visitor.get("/outcome").get_data(as_text=True)
        assert visitor.get("/minutes").status_code == 200
        url = _download(visitor, "minutes password", "/minutes", "/minutes/link")
        text = documents.pdf_text(visitor.get(url).data, "minutes password")
        assert expected in text
        assert absent is None or absent not in text
        events = [e.event for e in audit.events(participant_id=person.id)
                  if e.event.startswith("minutes.")]
        assert events == ["minutes.viewed"] * 2 + ["minutes.downloaded"]
    assert sign_in(app, participant("young_person")).get("/minutes").status_code == 404
    assert sign_in(app, participant("parent", "B")).get("/minutes").status_code == 404


def test_new_minutes_after_sending_reach_only_the_readers_of_that_copy(app):
    _record(app)
    chair_person = participant("chair")
    conference = chair_person.conference
    chair = staff_sign_in(app, chair_person.staff_user)
    redacted, other = participant("parent", index=0), participant("parent", index=1)
    _upload(chair, conference, _pdf("Full minutes"))
    _upload(chair, conference, _pdf("Minutes for one parent"), recipient=redacted.id)
    chair.post(f"/staff/conferences/{conference.id}/minutes/publish",
               form_url=f"/staff/conferences/{conference.id}/minutes")
    def told(person):
        return db.session.scalar(db.select(db.func.count(m.OutboxMessage.id)).filter_by(
            purpose="something-new", participant_id=person.id))

    before = {person.id: told(person) for person in (redacted, other)}
    assert all(before.values())  # both were told when the minutes were sent
    _upload(chair, conference, _pdf("Corrected minutes for one parent"), recipient=redacted.id)
    assert told(redacted) == before[redacted.id] + 1
    assert told(other) == before[other.id]  # their copy did not change
    assert "replaces" in audit.events("minutes.uploaded")[-1].detail
    visitor = sign_in(app, redacted)
    url = _download(visitor, "", "/minutes", "/minutes/link")
    text = documents.pdf_text(visitor.get(url).data)
    assert "Corrected minutes for one parent" in text


def test_minutes_links_do_not_open_the_outcome_or_work_for_others(app):
    _record(app)
    chair_person = participant("chair")
    conference = chair_person.conference
    chair = staff_sign_in(app, chair_person.staff_user)
    _upload(chair, conference, _pdf("Full minutes"))
    chair.post(f"/staff/conferences/{conference.id}/minutes/publish",
               form_url=f"/staff/conferences/{conference.id}/minutes")
    visitor = sign_in(app, participant("parent"))
    url = _download(visitor, page="/minutes", link="/minutes/link")
    assert sign_in(app, participant("professional")).get(url).status_code == 404
    visitor.post("/sign-out", form_url="/minutes")
    assert visitor.get(url).status_code == 404


# --- check before you publish -------------------------------------------------------------


def test_the_outcome_cannot_be_published_before_the_conference_starts(app):
    chair, conference = _record(app, publish=False)
    assert conference.starts_at > m.utcnow()
    page = visible(chair.get(f"/staff/conferences/{conference.id}/outcome"))
    assert "You can publish it once the conference has started" in page
    check = visible(chair.get(f"/staff/conferences/{conference.id}/outcome/check"))
    assert "You can publish once the conference has started" in check
    assert "Publish to the family" not in check
    # Posting anyway (an old page, a crafted form) publishes nothing and tells nobody.
    chair.post(f"/staff/conferences/{conference.id}/outcome/check", {"submit": "x"},
               form_url=f"/staff/conferences/{conference.id}/outcome")
    assert db.session.scalar(db.select(m.Outcome)).published_at is None
    assert not db.session.scalars(db.select(m.OutboxMessage).filter_by(
        purpose="something-new")).all()
    refused = audit.events("outcome.publish_refused")[-1]
    assert refused.detail == "not_started" and refused.conference_id == conference.id


def test_the_check_page_shows_each_recipient_their_own_version_and_who_is_told(app):
    _held_yesterday()
    chair, conference = _record(app, publish=False)
    parent_0, parent_1 = participant("parent", index=0), participant("parent", index=1)
    parent_1.messages_safe = False
    db.session.commit()
    _redact_for(chair, conference, parent_0)
    page = chair.get(f"/staff/conferences/{conference.id}/outcome/check").get_data(as_text=True)
    sections = dict(re.findall(r'<section[^>]*id="recipient-([\w-]+)"(.*?)</section>', page, re.S))
    # The redacted parent's section leaves the line out; the other parent's keeps it.
    assert SECRET_LINE not in sections[parent_0.id] and "Their own version" in sections[
        parent_0.id]
    assert SECRET_LINE in sections[parent_1.id]
    young = participant("young_person")
    assert "The grown-ups will help your family." in sections[young.id]
    assert PLAN_BODY not in sections[young.id]
    assert participant("supporter").id not in sections
    told = visible(chair.get(f"/staff/conferences/{conference.id}/outcome/check"))
    assert "Not told: they said messages are not safe for them" in told
    assert "Told by" in told
    # Nothing is sent until the chair presses the button.
    assert db.session.scalar(db.select(m.Outcome)).published_at is None
    publish_through_check(chair, conference)
    assert db.session.scalar(db.select(m.Outcome)).published_at is not None


def test_only_the_chair_of_the_conference_opens_the_check_page(app):
    _held_yesterday()
    chair, conference = _record(app, publish=False)
    url = f"/staff/conferences/{conference.id}/outcome/check"
    assert chair.get(url).status_code == 200
    for person in (participant("social_worker"), participant("chair", "B"),
                   participant("social_worker", "B")):
        visitor = staff_sign_in(app, person.staff_user)
        assert visitor.get(url).status_code == 404
        assert visitor.post(url, {"submit": "x"}, csrf=False).status_code in (400, 404)
    assert db.session.scalar(db.select(m.Outcome)).published_at is None
