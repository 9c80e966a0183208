"""No acknowledged save is lost: the same person saving from two devices at once (two
browsers, each with its own session, in two threads) keeps every answer they were told
was saved; a save over an answer changed elsewhere since the page was shown shows both."""

import threading

import pytest
from conftest import participant, sign_in

from app.data import models as m
from app.extensions import db
from app.services import preparation

ROUNDS = 8


def _save_many(app, visitor, url, make_data, acknowledged, errors, start):
    with app.app_context():
        start.wait()
        try:
            for index in range(ROUNDS):
                data = make_data(index)
                response = visitor.post(url, data)
                if response.status_code == 302:
                    acknowledged[url] = data
                else:
                    errors.append((url, response.status_code))
        except Exception as error:  # pragma: no cover - shown in the assertion
            errors.append((url, repr(error)))
        finally:
            db.session.remove()


def _run_together(app, jobs):
    acknowledged, errors = {}, []
    start = threading.Barrier(len(jobs))
    threads = [threading.Thread(target=_save_many,
                                args=(app, visitor, url, make, acknowledged, errors, start))
               for visitor, url, make in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    return acknowledged


@pytest.mark.both_databases
def test_two_devices_saving_different_sections_at_once_lose_nothing(app):
    parent = participant("parent")
    phone, laptop = sign_in(app, parent), sign_in(app, parent)
    jobs = [
        (phone, "/prepare/question/strengths",
         lambda i: {"answer": f"We cook together & laugh — phone {i}", "save_later": "x"}),
        (laptop, "/prepare/question/worries",
         lambda i: {"answer": f"Money \"worries\"\nlaptop {i}", "save_later": "x"}),
    ]
    acknowledged = _run_together(app, jobs)
    db.session.expire_all()
    sections = preparation.draft_of(preparation.own(parent))["sections"]
    assert sections["strengths"] == acknowledged["/prepare/question/strengths"]["answer"]
    assert sections["worries"] == acknowledged["/prepare/question/worries"]["answer"]


@pytest.mark.both_databases
def test_two_devices_saving_different_practical_needs_at_once_lose_nothing(app):
    parent = participant("parent")
    phone, laptop = sign_in(app, parent), sign_in(app, parent)
    jobs = [
        (phone, "/prepare/practical-needs/interpreter",
         lambda i: {"interpreter": "yes", "language": f"Polish {i}", "dialect": ""}),
        (laptop, "/prepare/practical-needs/getting-there",
         lambda i: {"childcare": "yes", "transport": "yes", "accessibility": f"Ramp {i}"}),
    ]
    _run_together(app, jobs)
    db.session.expire_all()
    answers = preparation.own_needs(parent).answers
    assert answers["language"] == f"Polish {ROUNDS - 1}"
    assert answers["accessibility"] == f"Ramp {ROUNDS - 1}"


def _seen(page):
    return page.split('name="seen" type="hidden" value="')[1].split('"')[0]


def test_saving_over_an_answer_changed_elsewhere_shows_both_to_choose(app):
    parent = participant("parent")
    phone, laptop = sign_in(app, parent), sign_in(app, parent)
    url = "/prepare/question/strengths"
    page = laptop.get(url).get_data(as_text=True)
    seen, token = _seen(page), laptop.csrf()
    assert phone.post(url, {"answer": "Written on the phone", "save_later": "x"}).status_code == 302
    # The laptop still shows the old (empty) answer and saves something else over it.
    response = laptop.post(url, {"answer": "Written on the laptop", "save_later": "x",
                                 "seen": seen, "csrf_token": token})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This answer was changed somewhere else" in text
    assert "Written on the phone" in text and "Written on the laptop" in text
    db.session.expire_all()
    assert preparation.draft_of(preparation.own(parent))["sections"]["strengths"] == \
        "Written on the phone"
    # Saving again from this page keeps what it holds: the person chose.
    again = laptop.post(url, {"answer": "Written on the laptop", "save_later": "x",
                              "seen": _seen(text), "csrf_token": token})
    assert again.status_code == 302
    db.session.expire_all()
    assert preparation.draft_of(preparation.own(parent))["sections"]["strengths"] == \
        "Written on the laptop"
    # The same text saved twice (a double press) is no conflict.
    twice = laptop.post(url, {"answer": "Written on the laptop", "save_later": "x",
                              "seen": seen, "csrf_token": token})
    assert twice.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(m.Contribution)
                             .filter_by(author_id=parent.id, kind="worksheet")) == 1
