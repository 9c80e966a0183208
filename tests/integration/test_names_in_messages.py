"""Family names that are everyday words never stop a message, a sign-in or a page.

Messages are fixed wording with a few values put in; only those values are checked
for a child's or family member's whole name. A message that would carry one is not
sent, is recorded without its words, and is shown to staff: never an error page, and
never in the way of a sign-in code.
"""

import re

from conftest import Person, latest_code, outbox_messages, participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.services import audit, messages
from app.web import i18n

# Real names (first names and family names) that are also words in the portal's
# own wording, in English and in its other languages: "Do not share it", "We will
# send you a code", "you can ignore it", Welsh "mae", Polish "nie", Turkish "sen",
# Spanish "tu" and "su", Portuguese and Spanish "no"...
NAMES = [
    "Thanh Do", "Will Brindle", "Or Levi", "Hye-jin In", "Lan To", "Li You", "Mei See",
    "May Long", "Sam Young", "Wai Ng", "Anh Le", "Bao An", "Can Yılmaz", "Said Farah",
    "Anna Link", "Mae Jones", "Jun Nie", "Amit Sen", "Minh Tu", "Ji-ho Su", "Tae-woo No",
    "Hope Day", "Yan Ni", "Thu Ha", "Duc Ho", "Bir Singh", "Sign", "Do", "Will", "You",
]
CHILDREN = ["Will", "May", "Do", "Code", "Minutes"]
SAFETY = {"unsafe_with": "Someone", "keep_from": "My address", "safe_contact": "Mornings",
          "messages_safe": "yes", "send": "x"}


def _address(index):
    return f"family-{index}@example.org"


def test_everyday_word_names_never_stop_invitations_sign_in_or_safety_requests(app):
    chair = participant("chair")
    conference = chair.conference
    for name in CHILDREN:
        conference.children.append(m.Child(first_name=name))
    db.session.commit()

    # Invitations, in every language the portal speaks (the first three in English,
    # whose wording says "Do not share it" and "We will send you a code").
    staff = staff_sign_in(app, chair.staff_user)
    url = f"/staff/conferences/{conference.id}/invite"
    languages = list(i18n.LANGUAGES)
    for index, name in enumerate(NAMES):
        response = staff.post(url, {
            "name": name, "role": m.SUPPORTER if index % 2 else m.PARENT,
            "email": _address(index),
            "language": "en" if index < 3 else languages[index % len(languages)],
        })
        assert response.status_code == 302, (name, response.status_code)
        assert len(outbox_messages(app, _address(index))) == 1, name
    page = staff.get(f"/staff/conferences/{conference.id}").get_data(as_text=True)
    assert "Invitation sent." in page

    # Sign-in with the invitation link, and with the address alone.
    invite = outbox_messages(app, _address(0))[-1]
    link = re.search(r"http://localhost(/invite/\S+)", invite["body"]).group(1)
    newcomer = Person(app)
    newcomer.post(link)
    response = newcomer.post("/sign-in/code", {"code": latest_code(app, _address(0))})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    code_message = outbox_messages(app, _address(0))[-1]
    assert code_message["reference"] == "sign-in-code"
    english = NAMES.index("Will Brindle")
    returning = Person(app)
    assert returning.post("/sign-in", {"address": _address(english)}).status_code == 302
    assert "Do not share it" in outbox_messages(app, _address(english))[-1]["body"]
    response = returning.post("/sign-in/code", {"code": latest_code(app, _address(english))})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    assert returning.get("/home").status_code == 200

    # A parent's safety request still tells the chair and the social worker.
    parent = participant("parent")
    visitor = sign_in(app, parent)
    response = visitor.post("/prepare/safety", SAFETY)
    assert response.status_code == 302
    for role in ("chair", "social_worker"):
        told = outbox_messages(app, participant(role).email)
        assert [message["reference"] for message in told] == ["safety-request"]

    # "There is something new" reaches every family member with an address.
    with app.test_request_context(base_url="http://localhost"):
        told = messages.tell_family_who_may_see(conference, lambda viewer: True)
    assert told >= len(NAMES)
    assert not audit.events("message.refused")


def test_a_message_that_would_carry_a_name_is_not_sent_but_recorded_and_shown(app):
    chair = participant("chair")
    conference = chair.conference
    # An authority's name that happens to hold a family member's whole name.
    conference.authority.name = "Thanh Do Borough Council"
    db.session.commit()
    staff = staff_sign_in(app, chair.staff_user)
    response = staff.post(f"/staff/conferences/{conference.id}/invite", {
        "name": "Thanh Do", "role": m.PARENT, "email": "thanh.do@example.org",
        "language": "en"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The person was added, but the invitation was not sent." in page
    assert outbox_messages(app, "thanh.do@example.org") == []
    [refusal] = audit.events("message.refused")
    assert refusal.detail == "invitation" and refusal.outcome == "refused"
    assert refusal.conference_id == conference.id
    assert "Thanh" not in " ".join(str(value) for value in (
        refusal.detail, refusal.object_id, refusal.object_type))

    dashboard = staff.get("/staff/").get_data(as_text=True)
    assert "Messages not sent" in dashboard
    assert "1 message was not sent because it would have held the name" in dashboard
    assert "Invitation" in dashboard and "Thanh Do (Parent or carer)" in dashboard
    # Staff of the other conference are not shown it.
    other = staff_sign_in(app, participant("chair", "B").staff_user)
    assert "Messages not sent" not in other.get("/staff/").get_data(as_text=True)

    # The person can still sign in with their address: a sign-in code is always sent.
    newcomer = Person(app)
    newcomer.post("/sign-in", {"address": "thanh.do@example.org"})
    response = newcomer.post("/sign-in/code", {"code": latest_code(app, "thanh.do@example.org")})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
