"""Nothing typed is lost, on every form a person types into: when their session ends, when
the page's CSRF token has expired, and when the file they chose is too big to accept. Each
time they come back to the same page with every box filled in as they left it, and
nothing has been sent or saved until they press the button again."""

import html
import io
import re
from datetime import timedelta

import pytest
from conftest import Person, latest_code, participant, sign_in, staff_sign_in

from app.data import demo
from app.data import models as m
from app.extensions import db
from tests.helpers import blank_pdf, fresh_totp_code

# Two lines, an ampersand, quotes and a right-to-left phrase: what people really type.
TEXT = 'First line & "quoted" words\nسطر بالعربية 8842'
OTHER = "Second box 'kept' too < 5571"
ONE_LINE = 'A & "quoted" name, اسم 8842'  # for a one-line box


def _shared_report():
    conference = participant("parent").conference
    author = participant("professional", agency="Police")
    report = m.Report(conference_id=conference.id, author_id=author.id, agency="Police",
                      title="Police report", summary="What the police know.",
                      sharing="family", shared_at=m.utcnow())
    report.versions.append(m.ReportVersion(content=blank_pdf(), size=1, pages=1))
    db.session.add(report)
    db.session.commit()
    return report.id


def _outcome():
    conference = participant("parent").conference
    outcome = m.Outcome(conference_id=conference.id, recorded_by_id=participant("chair").id,
                        decisions=[{"child_id": child.id, "plan": True, "category": "neglect",
                                    "dissent": "The school disagreed."}
                                   for child in conference.children])
    outcome.versions.append(m.OutcomeVersion(body="The plan for everyone."))
    db.session.add(outcome)
    db.session.commit()


def _child_id():
    return participant("parent").conference.children[0].id


# Each form: who fills it in, the page it is on, where it posts (if elsewhere), and what
# is typed into it (callables where the names depend on the demo data).
FORMS = {
    "worksheet": ("parent", "/prepare/question/worries", None,
                  lambda: {"answer": TEXT, "save_continue": "x"}),
    "practical needs": ("parent", "/prepare/practical-needs/supporter", None,
                        lambda: {"supporter": "yes", "supporter_name": ONE_LINE,
                                 "supporter_relationship": OTHER, "save": "x"}),
    "safety": ("parent", "/prepare/safety", None,
               lambda: {"unsafe_with": TEXT, "safe_contact": OTHER, "messages_safe": "yes"}),
    "views": ("young_person", "/views/worries", None, lambda: {"answer": TEXT}),
    "reply to a report": ("parent", "/reports/{report}", "/reports/{report}/reply",
                          lambda: {"agrees": "disagree", "reason": TEXT}),
    "report text": ("professional", "/reports/new", None,
                    lambda: {"title": OTHER, "agency": "School", "author_role": "Teacher",
                             "summary": TEXT, "text": TEXT, "sharing": "family"}),
    "staff report": ("social_worker", "/staff/conferences/{conference}/reports/new", None,
                     lambda: {"title": OTHER, "agency": "Children's services",
                              "author_role": "Social worker", "summary": TEXT, "text": TEXT,
                              "sharing": "family"}),
    "outcome decision": ("chair", "/staff/conferences/{conference}/outcome/decision/{child}",
                         None, lambda: {f"plan-{_child_id()}": "yes",
                                        f"category-{_child_id()}": "neglect",
                                        f"dissent-{_child_id()}": TEXT}),
    "outcome plan": ("chair", "/staff/conferences/{conference}/outcome/plan", None,
                     lambda: {"body": TEXT, "actions-0-what": OTHER,
                              "actions-0-who": "The social worker", "actions-0-by": ""}),
    "outcome for the child": ("chair", "/staff/conferences/{conference}/outcome/people", None,
                              lambda: {"child_summary": TEXT}),
    # A date is three boxes under one name: all three come back.
    "outcome dates": ("chair", "/staff/conferences/{conference}/outcome/dates", None,
                      lambda: {"first_core_group": ["17", "3", "2027"],
                               "review_conference": ["", "", ""]}),
    "how a parent takes part": ("chair",
                                "/staff/conferences/{conference}/taking-part/{parent}", None,
                                lambda: {"mode": "separately", "reason": TEXT,
                                         "meets_date": ["18", "3", "2027"],
                                         "meets_time": "10:00", "meets_how": "in_person",
                                         "place": ONE_LINE, "joining_details": OTHER}),
    "not as planned": ("chair", "/staff/conferences/{conference}/not-as-planned", None,
                       lambda: {"kind": "postponed", "reason": TEXT, "agreed_by": ONE_LINE,
                                "new_date": ["19", "3", "2027"], "new_time": "11:00"}),
    "a parent's own outcome": ("chair",
                               "/staff/conferences/{conference}/outcome/versions/{parent}",
                               None, lambda: {"body": TEXT, "actions-0-what": OTHER,
                                              "actions-0-who": "", "actions-0-by": "",
                                              f"dissent-{_child_id()}": OTHER, "save": "x"}),
}
UPLOADS = ("report text", "staff report")
STAFF = ("social_worker", "chair")


def _paths(form):
    role, page, posts_to, fields = FORMS[form]
    names = {"conference": participant("parent").conference_id,
             "parent": participant("parent").id, "child": _child_id()}
    if "{report}" in page:
        names["report"] = _shared_report()
    if form == "a parent's own outcome":
        _outcome()
    return role, page.format(**names), (posts_to or page).format(**names), fields()


def _browser(app, role):
    person = participant(role)
    return person, (staff_sign_in(app, person.staff_user) if role in STAFF
                    else sign_in(app, person))


def _time_out():
    row = db.session.scalar(db.select(m.UserSession).where(m.UserSession.ended_at.is_(None))
                            .order_by(m.UserSession.created_at.desc()))
    row.last_seen_at = m.utcnow() - timedelta(minutes=31)
    db.session.commit()


def _sign_in_again(app, visitor, person):
    """Sign in again on the same browser: staff with password and code, family by code."""
    if person.staff_user:
        return visitor.post("/staff/sign-in", {
            "email": person.staff_user.email, "password": demo.DEMO_STAFF_PASSWORD,
            "totp": fresh_totp_code(person.staff_user)})
    address = person.mobile or person.email
    visitor.post("/sign-in", {"address": address})
    return visitor.post("/sign-in/code", {"code": latest_code(app, address)})


def _typed_back(page, fields):
    """Every box's text is in the page again, as typed (each box of a date too)."""
    shown = html.unescape(page).replace("\r\n", "\n")
    missing = [name for name, value in fields.items()
               if value in (TEXT, OTHER, ONE_LINE) and value not in shown]
    return missing + [name for name, value in fields.items() if isinstance(value, list)
                      and any(item and f'value="{item}"' not in page for item in value)]


def _nothing_saved(form):
    if form in ("report text", "staff report"):
        return db.session.scalar(db.select(m.Report).where(m.Report.agency != "Police")) is None
    if form.startswith("outcome "):
        return db.session.scalar(db.select(m.Outcome)) is None
    if form == "how a parent takes part":
        return all(row.reason != TEXT for row in db.session.scalars(db.select(m.TakingPart)))
    if form == "not as planned":
        return db.session.scalar(db.select(m.MeetingChange)) is None
    if form == "a parent's own outcome":
        return db.session.scalar(db.select(m.OutcomeVersion).where(
            m.OutcomeVersion.recipient_id.is_not(None))) is None
    if form == "reply to a report":
        return db.session.scalar(db.select(m.ReportReply)) is None
    item = db.session.scalar(db.select(m.Contribution))
    return item is None or "8842" not in repr(item.answers)


def _post(visitor, url, fields, token, upload=None):
    data = dict(fields, csrf_token=token)
    if upload is None:
        return visitor.post(url, data, csrf=False)
    # The file comes between the boxes, as on the page: text after it is kept too.
    text = data.pop("text", None)
    data["document"] = (io.BytesIO(upload), "report.pdf")
    if text is not None:
        data["text"] = text
    return visitor.post(url, data, csrf=False, content_type="multipart/form-data")


@pytest.mark.parametrize("form", sorted(FORMS))
def test_text_typed_as_the_session_ended_comes_back_after_signing_in(app, form):
    role, page, posts_to, fields = _paths(form)
    person, visitor = _browser(app, role)
    token = visitor.csrf(page)
    _time_out()
    response = _post(visitor, posts_to, fields, token)
    assert response.status_code == 302 and "sign-in" in response.headers["Location"]
    signing_in = visitor.get(response.headers["Location"]).get_data(as_text=True)
    assert "We kept what you typed" in signing_in
    assert _nothing_saved(form)
    back = _sign_in_again(app, visitor, person)
    assert back.headers["Location"].endswith(page)
    shown = visitor.get(page).get_data(as_text=True)
    assert "We put back what you typed" in shown
    assert not _typed_back(shown, fields), f"{form}: not put back"
    assert _nothing_saved(form)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_text_typed_on_an_expired_page_comes_back_on_the_same_page(app, form):
    role, page, posts_to, fields = _paths(form)
    _person, visitor = _browser(app, role)
    response = _post(visitor, posts_to, fields, "expired-token")
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    shown = visitor.get(page).get_data(as_text=True)
    assert "This page had expired" in shown
    assert "We put back what you typed" not in shown  # said once is enough
    assert not _typed_back(shown, fields), f"{form}: not put back"
    assert _nothing_saved(form)


TOO_BIG = b"%PDF-" + b"0" * (600 * 1024)


@pytest.mark.parametrize("form", UPLOADS)
def test_text_typed_beside_a_file_too_big_comes_back_with_a_clear_message(app, form):
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024
    role, page, posts_to, fields = _paths(form)
    _person, visitor = _browser(app, role)
    response = _post(visitor, posts_to, fields, visitor.csrf(page), upload=TOO_BIG)
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    shown = visitor.get(page).get_data(as_text=True)
    assert "The file you chose is bigger than 10 MB, so nothing was sent." in shown
    assert not _typed_back(shown, fields), f"{form}: not put back"
    assert _nothing_saved(form)
    assert b"00000000" not in repr(db.session.scalars(
        db.select(m.KeptFormText)).all()).encode()  # the file itself is never kept


def test_a_file_too_big_as_the_session_ended_keeps_the_text_for_after_signing_in(app):
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024
    role, page, posts_to, fields = _paths("report text")
    person, visitor = _browser(app, role)
    token = visitor.csrf(page)
    _time_out()
    response = _post(visitor, posts_to, fields, token, upload=TOO_BIG)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert "sign in again" in visitor.get(response.headers["Location"]).get_data(as_text=True)
    assert _sign_in_again(app, visitor, person).headers["Location"].endswith(page)
    assert not _typed_back(visitor.get(page).get_data(as_text=True), fields)


def test_a_file_too_big_with_nothing_typed_gets_the_page_that_says_what_to_do(app):
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024
    _person, visitor = _browser(app, "professional")
    response = _post(visitor, "/reports/new", {}, visitor.csrf("/reports/new"), upload=TOO_BIG)
    assert response.status_code == 413
    assert "Reports must be smaller than 10 MB" in response.get_data(as_text=True)
    assert not db.session.scalars(db.select(m.KeptFormText)).all()


def test_a_file_too_big_from_nobody_signed_in_is_not_read_or_kept(app):
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024
    stranger = Person(app)
    response = _post(stranger, "/reports/new", {"summary": TEXT}, "none", upload=TOO_BIG)
    assert response.status_code == 413
    assert not db.session.scalars(db.select(m.KeptFormText)).all()


def test_kept_text_is_news_not_a_success(app):
    _person, visitor = _browser(app, "parent")
    _post(visitor, "/prepare/safety", {"unsafe_with": TEXT}, "expired-token")
    shown = visitor.get("/prepare/safety").get_data(as_text=True)
    banner = re.search(r'<div class="govuk-notification-banner[^"]*"(.*?)</div>\s*</div>',
                       shown, re.S)
    assert banner and "govuk-notification-banner--success" not in banner.group(0)
    assert "Important" in banner.group(0) and "This page had expired" in banner.group(0)
