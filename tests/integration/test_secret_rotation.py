"""SECRET_KEY can be changed: what it signed still works while the old key is listed in
SECRET_KEY_FALLBACKS, and address look-ups do not depend on it (they use the separate
PORTAL_LOOKUP_PEPPER)."""

from urllib.parse import urlparse

import pytest
from conftest import Person, latest_code, participant, sign_in

from app.config import DEV_SECRET, from_environment, production_problems
from app.extensions import db
from app.services import invitations

NEW_KEY = "a-new-secret-key-for-this-test-only-0123456789"


def _invitation_path(app, person):
    with app.test_request_context(base_url="http://localhost"):
        link = invitations.send_invitation(person)
    db.session.commit()
    return urlparse(link).path


def _rotate(app, keep_old=True):
    old = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = NEW_KEY
    app.config["SECRET_KEY_FALLBACKS"] = [old] if keep_old else []


@pytest.mark.both_databases
def test_a_link_and_a_session_from_before_the_change_still_work_with_the_old_key_listed(app):
    parent = participant("parent")
    link = _invitation_path(app, parent)
    visitor = sign_in(app, parent)
    _rotate(app, keep_old=True)
    assert visitor.get("/home").status_code == 200  # the session cookie still reads
    assert Person(app).get(link).status_code == 200  # the invitation link still opens
    # Links made now are signed with the new key and open too.
    assert Person(app).get(_invitation_path(app, participant("parent", index=1))
                           ).status_code == 200


def test_without_the_old_key_what_it_signed_no_longer_opens(app):
    parent = participant("parent")
    link = _invitation_path(app, parent)
    visitor = sign_in(app, parent)
    _rotate(app, keep_old=False)
    assert visitor.get("/home").status_code in (302, 401)  # signed out
    assert Person(app).get(link).status_code == 404


def test_signing_in_by_address_does_not_depend_on_the_secret_key(app):
    parent = participant("parent")
    _rotate(app, keep_old=False)
    visitor = Person(app)
    visitor.post("/sign-in", {"address": parent.email}, form_url="/sign-in")
    response = visitor.post("/sign-in/code", {"code": latest_code(app, parent.email)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")


def test_production_needs_its_own_random_lookup_pepper():
    base = {"SECRET_KEY": "x8Jq2LmN0pR4tV6yB1dF3hK5nQ7sW9zA", "PORTAL_ENCRYPTION_KEY": "k",
            "NOTIFY_BACKEND": "notify", "TESTING": True}
    for pepper, expected in ((None, "PORTAL_LOOKUP_PEPPER is missing"),
                             (DEV_SECRET, "PORTAL_LOOKUP_PEPPER is missing"),
                             ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "too short or not random")):
        problems = production_problems({**base, "LOOKUP_PEPPER": pepper})
        assert any(expected in problem for problem in problems), (pepper, problems)
    fine = production_problems({**base, "LOOKUP_PEPPER": "Zr4kQ9vW2mX7pL3tN8bC6yH1dF5gJ0sE"})
    assert not [p for p in fine if "PEPPER" in p]


def test_unset_the_pepper_is_the_secret_key_so_an_upgrade_finds_everyone_it_found_before():
    assert from_environment({"SECRET_KEY": "s" * 40})["LOOKUP_PEPPER"] == "s" * 40
    both = from_environment({"SECRET_KEY": "s" * 40, "PORTAL_LOOKUP_PEPPER": "p" * 40})
    assert both["LOOKUP_PEPPER"] == "p" * 40 and both["SECRET_KEY"] == "s" * 40
