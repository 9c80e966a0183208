"""The dashboard lists the soonest conversations and paper copies waiting for this account;
the rest are on their own page, so a busy chair's dashboard stays short and as quick
whatever their caseload."""

import re

import pytest
from conftest import participant, sign_in, staff_sign_in
from visible import visible

from app.data import models as m
from app.data.demo_scale import add_conferences
from app.extensions import db
from app.services.caseload import CONVERSATIONS_SHOWN

HEADING = "Conversations and paper copies"
NONE_WAITING = "No conversation or paper copy is waiting for you."
CONVERSATION_NAMES = ("Social worker prepares the family", "Chair meets the parents",
                      "Professionals only", "Social worker goes through the decisions")


def _items(response):
    """The conversations and paper copies listed, in order, as a person reads each line."""
    html = response.get_data(as_text=True)
    if 'id="conversations-needing-you"' not in html:
        return []
    section = html.split('id="conversations-needing-you"', 1)[1].split("</ul>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split())
            for item in re.findall(r"<li>(.*?)</li>", section, re.S)]


def _busy_chair(app):
    """The demo's chair of conference A, with ten more meetings in the next fortnight."""
    add_conferences(10, "pepper", staff_share=1, days=(1, 14))
    return staff_sign_in(app, participant("chair", "A").staff_user)


def test_the_dashboard_lists_the_soonest_and_links_to_them_all(sqlite_app):
    chair = _busy_chair(sqlite_app)
    dashboard_page = chair.get("/staff/")
    dashboard, shown = visible(dashboard_page), _items(dashboard_page)
    assert len(shown) == CONVERSATIONS_SHOWN
    listed = _items(chair.get("/staff/conversations"))
    assert len(listed) > CONVERSATIONS_SHOWN
    # The dashboard's are the first of the full list, and the link gives the full count.
    assert shown == listed[:CONVERSATIONS_SHOWN]
    assert f"See all {len(listed)} conversations and paper copies" in dashboard
    page = chair.get("/staff/conversations").get_data(as_text=True)
    assert re.search(r"<h1[^>]*>\s*Conversations and paper copies\s*</h1>", page)
    assert page.count(HEADING) == 2  # the title and the heading, no second heading
    assert 'href="/staff/"' in page  # back to the dashboard


def test_a_short_list_is_shown_whole_with_no_link(sqlite_app):
    chair = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    dashboard_page = chair.get("/staff/")
    shown = _items(dashboard_page)
    assert 0 < len(shown) < CONVERSATIONS_SHOWN
    assert all(item.startswith(CONVERSATION_NAMES) for item in shown)
    assert "See all" not in visible(dashboard_page)
    assert _items(chair.get("/staff/conversations")) == shown


def test_nothing_waiting_says_so_on_the_page(sqlite_app):
    chair = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    db.session.add_all(m.ConversationHeld(conference_id=conference_id, kind=kind,
                                          held_at=m.utcnow())
                       for conference_id in {p.conference_id for p in db.session.scalars(
                           db.select(m.Participant).filter_by(
                               staff_user_id=participant("chair", "A").staff_user_id))}
                       for kind in m.CONVERSATION_KINDS)
    db.session.commit()
    response = chair.get("/staff/conversations")
    assert NONE_WAITING in visible(response) and not _items(response)
    assert HEADING not in visible(chair.get("/staff/"))


def test_each_chair_sees_only_their_own_conferences(sqlite_app):
    a_dates, b_dates = (
        {f"{c.starts_at:%A, %-d %B %Y}" for c in [participant("chair", label).conference]}
        for label in ("A", "B"))
    for label, own, other in (("A", a_dates, b_dates), ("B", b_dates, a_dates)):
        chair = staff_sign_in(sqlite_app, participant("chair", label).staff_user)
        page = visible(chair.get("/staff/conversations"))
        assert all(f"Conference on {date}" in page for date in own), label
        assert not any(f"Conference on {date}" in page for date in other - own), label


@pytest.mark.parametrize("role", ["parent", "young_person", "professional", "supporter",
                                  "interpreter"])
def test_family_and_professionals_do_not_get_the_page(sqlite_app, role):
    person = sign_in(sqlite_app, participant(role, "A"))
    response = person.get("/staff/conversations")
    assert response.status_code in (302, 403, 404)
    assert HEADING not in visible(response)


def test_the_page_is_translated(sqlite_app):
    chair = staff_sign_in(sqlite_app, participant("chair", "A").staff_user)
    page = chair.get("/staff/conversations?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in page and "محادثات ونسخ ورقية" in page
