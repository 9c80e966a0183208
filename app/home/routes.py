"""The routes of the home pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services.
"""

from collections import Counter

from flask import current_app, render_template

from app.data import glossary
from app.data import models as m
from app.rules import access, clock, journey, timeline, timescales
from app.services import arrangements, guides, preparation
from app.services.child_views import own_views
from app.services.guides import guide_for
from app.web import i18n
from app.web.guards import acting_participant, for_conference, signed_in_participant
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l

from . import bp


@bp.app_template_global()
def family_contacts(conference):
    """Whom the family can contact: their social worker (name, phone, email), the chair
    (the authority's published route) and the council's phone number."""
    authority = conference.authority
    social_workers = [
        {"name": person.name, "mobile": person.mobile,
         "email": person.email or (person.staff_user.email if person.staff_user else None)}
        for person in conference.participants if person.role == m.SOCIAL_WORKER
    ]
    return {"social_workers": social_workers, "chair_contact": authority.chair_contact,
            "phone": authority.phone, "authority": authority.name}


@bp.app_template_global()
def page_in_english():
    """Whether the person reads the page in English. Asked of their choice, not of the
    rendering's locale, so the English column beside a translated page says the same."""
    return str(i18n.select_locale()).startswith("en")


@bp.app_template_global()
def glossary_term(slug, text=None):
    """A word linked to its meaning in the glossary."""
    return glossary.term_link(slug, text)


def next_steps(viewer, conference, found):
    """What this person can do now, in the order that helps most. `found`: what home
    loaded once for both lists (_found)."""
    steps = []
    if access.can_write_worksheet(viewer):
        steps.append(("prepare.worksheet", _("Write down what you want to say")))
    if access.can_write_views(viewer):
        steps.append(("child_views.my_views", _("Tell the meeting what you think")))
    if access.shared_views(viewer, conference.id, found["contributions"]):
        steps.append(("child_views.shared", _("Read what the children said")))
    if found["reports"]:
        steps.append(("reports.index", _("Read the reports")))
    if access.can_add_report(viewer):
        steps.append(("reports.upload", _("Add your report")))
    outcome = found["outcome"]
    if outcome is not None and outcome.published_at:
        steps.append(("outcomes.view", _("Read what was decided")))
    return steps


# What each step of the timeline is called, and whether it only happens with a plan.
TIMELINE_LABELS = {
    "reports_due": _l("Reports shared with the family"),
    "police_information_due": _l("Police information shared with the family"),
    "premeet": _l("The family meets the chair"),
    "conference": _l("The conference"),
    "child_told": _l("The child is told what was decided"),
    "decisions_due": _l("Decisions and plan sent"),
    "core_group": _l("Core group meeting"),
    "first_core_group": _l("First core group meeting"),
    "minutes_due": _l("Minutes sent"),
    "next_review": _l("Review conference"),
    "preparation": _l("The social worker helps the family get ready"),
    "premeet_separately": _l("You meet the chair on your own"),
    "professionals_meet": _l("The professionals meet without you"),
    "planning_meeting": _l("A smaller planning meeting instead of the conference"),
    "follow_up": _l("Your social worker goes through the decisions with you"),
    "new_date": _l("The conference"),
}
ONLY_WITH_A_PLAN = {"core_group", "next_review"}
def uk_now():
    """Now on the UK clock conference times are stored in (a seam for tests)."""
    return clock.uk_now()


def timeline_rows(conference, guide_endpoint, now, participant=None):
    """The conference's steps, ready to show: label, date, status and where it is explained.
    For a family member, as their own arrangement makes it (app/services/arrangements.py)."""
    which_guide = guides.guide_by_endpoint(guide_endpoint)
    first = conference.conference_type == "initial"
    if participant is not None and participant.role in m.FAMILY_ROLES:
        steps = arrangements.family_timeline(conference, participant, now)
    else:
        change = arrangements.change_in_force(arrangements.latest_change(conference.id),
                                              conference)
        steps = timeline.conference_timeline(conference, now, change=change)
    return [
        {
            "label": TIMELINE_LABELS[
                "first_core_group" if first and step.key == "core_group" else step.key],
            "step": step,
            "status": status,
            "only_with_a_plan": step.key in ONLY_WITH_A_PLAN,
            "href": guides.timeline_link(which_guide, step.key),
        }
        for step, status in steps
    ]


def _found(viewer, participant, conference):
    """What both lists on home read, loaded once: the reports this person may see, the
    outcome if they may see it, the conference's contributions and their own worksheet."""
    contributions = access.conference_contributions(conference.id)
    worksheet = None
    if participant is not None:
        worksheet = next((item for item in contributions if item.author_id == participant.id
                          and item.kind == preparation.WORKSHEET), None)
    return {"reports": access.visible_reports(viewer, conference.id),
            "outcome": access.get_outcome(viewer, conference.id),
            "contributions": contributions, "worksheet": worksheet}


def needs_now(viewer, participant, conference, timeline, now, found):
    """What needs this person now, most pressing first, as (kind, value) pairs for the top
    of home: new reports to read (how many), the outcome, their worksheet or views not sent
    yet (and until when they can be), and the next step of the conference."""
    from app.services.reports import read_ids

    needs = []
    if viewer.is_family and viewer.participant_id:
        read = read_ids(viewer.participant_id)
        unread = [r for r in found["reports"] if r.id not in read]
        if unread:
            needs.append(("reports", len(unread)))
    outcome = found["outcome"]
    if outcome is not None and outcome.published_at and access.outcome_view_for(viewer, outcome):
        needs.append(("outcome", outcome.published_at))
    if access.can_write_worksheet(viewer) and preparation.is_open(conference, now):
        item = found["worksheet"]
        if item is None or not item.sent_at or preparation.has_unsent_changes(
                preparation.draft_of(item)):
            needs.append(("worksheet", preparation.cutoff(conference, participant)))
    if access.can_write_views(viewer) and participant and journey.is_open(conference, now):
        item = own_views(participant)
        if item is None or not item.sent_at:
            needs.append(("views", conference.starts_at))
    following = next((row for row in timeline if row["status"] == "next"), None)
    if following is not None:
        needs.append(("next", following))
    return needs


def interpreting(viewer, conference):
    """What an interpreter's home shows beyond the meeting: the languages the family asked
    for, and whether the chair lets them read the reports before the meeting."""
    if viewer.column != "interpreter" or not access.can_see_interpreting_needs(
            viewer, conference.id):
        return None
    parents = [p for p in conference.participants if p.role == m.PARENT]
    needs = {row.participant_id: row.answers for row in preparation.needs_of_conference(conference)}
    return {"languages": preparation.interpreting_needs(parents, needs),
            "parents": len(parents), "may_read_reports": viewer.may_see_reports}


@bp.route("/home")
@for_conference(who=signed_in_participant)
def index(viewer, conference):
    participant = acting_participant(viewer)
    settings = timeline.conference_timescales(conference)
    premeet = conference.premeet_at or timescales.family_premeet_start(
        settings, conference.starts_at
    )
    invited = Counter(p.role for p in conference.participants)
    rows = timeline_rows(conference, guide_for(viewer.role), uk_now(), participant)
    own_row = access.own_taking_part(viewer, arrangements.taking_part_of(participant))
    found = _found(viewer, participant, conference)
    return render_template(
        "home/index.html", title=_l("Your conference"), conference=conference,
        participant=participant, viewer=viewer, premeet=premeet,
        invited=sorted(invited.items(), key=lambda item: m.PARTICIPANT_ROLES.index(item[0])),
        steps=next_steps(viewer, conference, found), guide_endpoint=guide_for(viewer.role),
        timeline=rows,
        needs=needs_now(viewer, participant, conference, rows, m.utcnow(), found),
        show_premeet=viewer.is_family, interpreting=interpreting(viewer, conference),
        plan=arrangements.family_plan(participant) if own_row or viewer.role == m.PARENT
        else None,
        main_meeting=access.sees_main_meeting_details(viewer, own_row),
        change=arrangements.change_shown(arrangements.latest_change(conference.id),
                                         conference) if viewer.is_family else None,
        max_upload_mb=current_app.config["MAX_UPLOAD_MB"],
    )
