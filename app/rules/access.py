"""The access policy: one place decides who may see what (product brief section 4).

Everything a person may not see is treated as if it did not exist: the fetch
helpers return None and routes answer 404. The rules take plain attributes so
they can be tested without a database or a request.
"""

from dataclasses import dataclass

from sqlalchemy.orm import joinedload

from app.data import models as m
from app.data.statements import built_once, param
from app.extensions import db

ADMIN = "admin"

# The columns of the access table: each participant role reads as one of these.
_COLUMN = {
    m.PARENT: "parent",
    m.YOUNG_PERSON: "child",
    m.CHILD: "child",
    m.ADVOCATE: "advocate",
    m.SUPPORTER: "supporter",
    m.INTERPRETER: "interpreter",
    m.PROFESSIONAL: "professional",
    m.COORDINATOR: "professional",
    m.SOCIAL_WORKER: "social_worker",
    m.CHAIR: "chair",
    # An administrator runs accounts and settings: not a reader of a child's views, a
    # parent's worksheet or a safety request, whatever they were sent to.
    ADMIN: "admin",
}
STAFF_COLUMNS = ("professional", "social_worker", "chair", "admin")


@dataclass(frozen=True)
class Viewer:
    """A person acting in one conference (or an authority's administrator)."""

    role: str
    authority_id: str
    conference_id: str | None = None
    participant_id: str | None = None
    child_id: str | None = None
    may_see_reports: bool = False
    # Invited by someone other than the chair, for a child, and the chair has not yet
    # seen it.
    awaiting_chair: bool = False

    @property
    def column(self) -> str:
        return _COLUMN[self.role]

    @property
    def is_family(self) -> bool:
        return self.column not in STAFF_COLUMNS


def viewer_for_participant(participant) -> Viewer:
    return Viewer(
        role=participant.role,
        authority_id=participant.conference.authority_id,
        conference_id=participant.conference_id,
        participant_id=participant.id,
        child_id=participant.child_id,
        may_see_reports=bool(participant.may_see_reports),
        awaiting_chair=participant.awaiting_chair_since is not None,
    )


def viewer_for_staff(staff_user, conference) -> Viewer | None:
    """A staff account acts in a conference through its participant row there."""
    if conference is None or conference.authority_id != staff_user.authority_id:
        return None
    participant = db.session.scalar(
        db.select(m.Participant).filter_by(
            conference_id=conference.id, staff_user_id=staff_user.id
        )
    )
    if participant is not None:
        return viewer_for_participant(participant)
    if staff_user.role == ADMIN:
        return Viewer(role=ADMIN, authority_id=staff_user.authority_id)
    return None


# --- the rules ---------------------------------------------------------------


def can_see_conference(viewer: Viewer, conference) -> bool:
    if conference is None:
        return False
    if viewer.role == ADMIN:
        return conference.authority_id == viewer.authority_id
    return viewer.conference_id == conference.id


def _in_conference(viewer: Viewer, conference_id: str) -> bool:
    if viewer.role == ADMIN:
        return True  # the caller has already checked the conference's authority
    return viewer.conference_id == conference_id


def reads_as_the_child(viewer: Viewer, contribution) -> bool:
    """A child's views are read "as the child" (drafts, and whatever the child chose)
    only by the participant who wrote them and by the advocate the child had when they
    were first written. Nobody invited later for the same child reads them that way, and
    an advocate invited by someone other than the chair only once the chair has seen it."""
    if not viewer.participant_id or contribution.kind != "views":
        return False
    if viewer.participant_id == contribution.author_id:
        return True
    return (viewer.role == m.ADVOCATE and not viewer.awaiting_chair
            and viewer.participant_id == contribution.child_advocate_id)


def can_read_contribution(viewer: Viewer, contribution) -> bool:
    if not _in_conference(viewer, contribution.conference_id):
        return False
    if viewer.participant_id and viewer.participant_id == contribution.author_id:
        return True
    col = viewer.column
    kind = contribution.kind
    if reads_as_the_child(viewer, contribution):
        return True
    if contribution.sent_at is None:
        return False  # a draft is its author's alone
    audience = contribution.audience
    if kind == "safety_request":
        return col in ("social_worker", "chair")
    # A child's views or a parent's worksheet: read as far as the audience its author chose.
    if col == "chair":
        return True
    if col == "social_worker":
        return audience in (m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER, m.AUDIENCE_EVERYONE)
    if col in ("parent", "professional"):
        return audience == m.AUDIENCE_EVERYONE
    return False


def can_see_report(viewer: Viewer, report) -> bool:
    if not _in_conference(viewer, report.conference_id):
        return False
    col = viewer.column
    if col in STAFF_COLUMNS:
        return True
    if report.sharing != "family" or report.shared_at is None:
        return False  # professionals-only (third-party) information, or not yet shared
    if col == "parent":
        return True
    if col in ("child", "advocate"):
        return bool(report.for_young_person)
    if col == "interpreter":
        return viewer.may_see_reports
    return False


def report_version_for(viewer: Viewer, report):
    """The one version of a report this person may read: their own redacted one, or the full one."""
    if not can_see_report(viewer, report):
        return None
    full = family = None
    redacted = []
    for version in report.versions:
        if version.recipient_id is None:
            if version.for_family:
                family = version  # part kept for professionals, with the chair's agreement
            else:
                full = version
        elif viewer.is_family and version.recipient_id == viewer.participant_id:
            return version
        else:
            redacted.append(version)
    # An interpreter may be interpreting for the parent the chair gave a redacted version:
    # they read that version, so nothing taken out for that parent reaches them by voice.
    if viewer.column == "interpreter" and redacted:
        return min(redacted, key=lambda version: version.created_at)
    if viewer.is_family and family is not None:
        return family
    return full


def can_see_outcome(viewer: Viewer, outcome) -> bool:
    if outcome is None or not _in_conference(viewer, outcome.conference_id):
        return False
    col = viewer.column
    if col in ("chair", "admin"):
        return True
    if outcome.published_at is None:
        return col == "social_worker"
    if col == "interpreter":
        # An interpreter the chair lets help with the reports helps with the outcome too.
        return viewer.may_see_reports
    return col in ("parent", "child", "advocate", "professional", "social_worker")


def outcome_view_for(viewer: Viewer, outcome):
    """What of the outcome this person gets: ("full", version), ("child", summary) or None."""
    if not can_see_outcome(viewer, outcome):
        return None
    col = viewer.column
    if col in ("child", "advocate"):
        return ("child", outcome.child_summary or "")
    general = None
    redacted = []
    for version in outcome.versions:
        if version.recipient_id is None:
            general = version
        elif col == "parent" and version.recipient_id == viewer.participant_id:
            return ("full", version)
        else:
            redacted.append(version)
    # As with reports: an interpreter reads the version of the parent the chair gave one,
    # so nothing taken out for that parent reaches them by voice.
    if col == "interpreter" and redacted:
        return ("full", min(redacted, key=lambda version: version.created_at))
    return ("full", general)


# --- who may do what ---------------------------------------------------------


def can_write_worksheet(viewer: Viewer) -> bool:
    return viewer.role == m.PARENT


def can_write_views(viewer: Viewer) -> bool:
    return viewer.role in (m.YOUNG_PERSON, m.CHILD, m.ADVOCATE)


def may_help_child_with_views(viewer: Viewer, child) -> bool:
    """A social worker of the child's conference may help a younger child put their views
    in. Not a child who signs in themselves: their drafts are their own."""
    if child is None or viewer.column != "social_worker" or not _in_conference(
            viewer, child.conference_id):
        return False
    return not any(person.role in (m.YOUNG_PERSON, m.CHILD) and person.child_id == child.id
                   for person in child.conference.participants)


def can_add_report(viewer: Viewer) -> bool:
    return viewer.role in (m.PROFESSIONAL, m.SOCIAL_WORKER, m.CHAIR, m.COORDINATOR)


# Who may invite whom. No invitation gives anyone more than its sender can see: the
# chair sees everything; a social worker not a child's "only the chair" views; a
# coordinator reads as a professional does (not what a parent sent to the chair and social
# worker, nor the family's interpreting needs). A young person or child reads only the
# views they write themselves (see reads_as_the_child); an advocate reads what the child
# writes only once the chair has seen their invitation. An administrator is not part of
# the conference and invites nobody.
INVITABLE_ROLES = {
    m.CHAIR: m.PARTICIPANT_ROLES,
    m.SOCIAL_WORKER: m.FAMILY_ROLES + (m.PROFESSIONAL,),
    m.COORDINATOR: (m.PARENT, m.YOUNG_PERSON, m.CHILD, m.ADVOCATE, m.SUPPORTER,
                    m.PROFESSIONAL, m.COORDINATOR),
}


def invitable_roles(viewer: Viewer) -> tuple:
    return INVITABLE_ROLES.get(viewer.role, ())


def can_invite(viewer: Viewer, role: str | None = None) -> bool:
    roles = invitable_roles(viewer)
    return bool(roles) if role is None else role in roles


def invitation_needs_chair(viewer: Viewer, role: str) -> bool:
    """Inviting someone for one child is shown to the chair, unless the chair did it."""
    return role in m.ABOUT_ONE_CHILD and viewer.role != m.CHAIR


def can_mark_invitation_seen(viewer: Viewer, person) -> bool:
    return (person is not None and viewer.role == m.CHAIR
            and viewer.conference_id == person.conference_id)


def can_record_outcome(viewer: Viewer) -> bool:
    return viewer.column in ("chair", "admin")


# A conference that is cancelled or postponed has not taken place: nothing is decided.
NOT_TAKING_PLACE = ("cancelled", "postponed")


def has_started(conference, now) -> bool:
    """`now` is UK wall-clock time, like the conference's start."""
    return (conference is not None and conference.status not in NOT_TAKING_PLACE
            and conference.starts_at is not None and now >= conference.starts_at)


def can_publish_outcome(viewer: Viewer, conference, now) -> bool:
    """The chair (or an administrator) publishes, and only once the conference has started:
    nothing is decided before the meeting."""
    return (can_record_outcome(viewer) and can_see_conference(viewer, conference)
            and has_started(conference, now))


class _AsPublished:
    """An outcome seen as it will be once published, for the check before publishing."""

    def __init__(self, outcome, when):
        self._outcome = outcome
        self.published_at = outcome.published_at or when

    def __getattr__(self, name):
        return getattr(self._outcome, name)


def outcome_recipients(conference, outcome, when) -> list:
    """Each family member who will read the outcome once published, with exactly what they
    get: [(person, (kind, content))], in the conference's order."""
    published = _AsPublished(outcome, when)
    out = []
    for person in conference.participants:
        viewer = viewer_for_participant(person)
        if not viewer.is_family:
            continue
        view = outcome_view_for(viewer, published)
        if view is not None:
            out.append((person, view))
    return out


# --- running a conference: change it, and the people in it ---------------------------

CONFERENCE_RUNNERS = (m.CHAIR, m.SOCIAL_WORKER, m.COORDINATOR, ADMIN)


def can_change_conference(viewer: Viewer, conference) -> bool:
    """Reschedule, change the details, cancel or postpone: the chair, the social worker,
    the coordinator, or the authority's administrator."""
    return viewer.role in CONFERENCE_RUNNERS and can_see_conference(viewer, conference)


def can_manage_person(viewer: Viewer, person) -> bool:
    """Resend an invitation, correct contact details, remove: whoever may invite people of
    that role, in that conference, for someone other than themselves who is still in it,
    and never a member of staff's own account."""
    return (person is not None and person.removed_at is None
            and person.staff_user_id is None
            and viewer.conference_id == person.conference_id
            and viewer.participant_id != person.id
            and can_invite(viewer, person.role))


def can_set_interpreter_access(viewer: Viewer, person) -> bool:
    """Whether an interpreter may help with the reports and the outcome is the chair's
    decision, one interpreter at a time."""
    return (person is not None and person.role == m.INTERPRETER and person.removed_at is None
            and viewer.role == m.CHAIR and viewer.conference_id == person.conference_id)


def can_see_sign_in_activity(viewer: Viewer, conference) -> bool:
    """Whether and when each person last signed in: the people who run the conference."""
    return can_change_conference(viewer, conference)


def can_create_conference(staff_user) -> bool:
    return staff_user.role in (m.SOCIAL_WORKER, m.COORDINATOR, ADMIN)


def can_see_retention(staff_user) -> bool:
    """Which conferences are due for export and removal: the coordinator runs it."""
    return staff_user.role in (m.COORDINATOR, ADMIN)


# --- fetching through the policy --------------------------------------------


@built_once
def _reports_of():
    return (db.select(m.Report).where(m.Report.conference_id == param("conference_id"))
            .order_by(m.Report.created_at))


def visible_reports(viewer: Viewer, conference_id: str) -> list:
    reports = db.session.scalars(_reports_of(), {"conference_id": conference_id}).all()
    return [r for r in reports if can_see_report(viewer, r)]


@built_once
def _report_with_versions():
    # Its author and versions come with it: every page of a report shows them.
    return (db.select(m.Report).where(m.Report.id == param("report_id"))
            .options(joinedload(m.Report.author), joinedload(m.Report.versions)))


def get_report(viewer: Viewer, report_id: str):
    report = db.session.scalars(_report_with_versions(),
                                {"report_id": report_id}).unique().first()
    if report is None or not can_see_report(viewer, report):
        return None
    return report


def current_advocate_id(conference_id: str, child_id: str | None):
    """The advocate a child has now, if any: the one invited most recently, preferring
    one the chair has seen to one still waiting for the chair."""
    if not child_id:
        return None
    return db.session.scalars(
        db.select(m.Participant.id).filter_by(conference_id=conference_id, role=m.ADVOCATE,
                                              child_id=child_id)
        .order_by(m.Participant.awaiting_chair_since.is_(None).desc(),
                  m.Participant.created_at.desc())).first()


def invitations_awaiting(staff_user) -> list:
    """People invited for a child in the conferences this staff account chairs, that the
    chair has not yet marked seen, oldest first."""
    return db.session.scalars(_awaiting_chair(), {"staff_user_id": staff_user.id}).all()


@built_once
def _awaiting_chair():
    chaired = db.select(m.Participant.conference_id).where(
        m.Participant.staff_user_id == param("staff_user_id"), m.Participant.role == m.CHAIR)
    return (db.select(m.Participant).where(m.Participant.conference_id.in_(chaired),
                                           m.Participant.awaiting_chair_since.is_not(None))
            # What the dashboard shows of each, loaded with them in the same query.
            .options(joinedload(m.Participant.conference), joinedload(m.Participant.child),
                     joinedload(m.Participant.invited_by))
            .order_by(m.Participant.awaiting_chair_since))


def get_contribution(viewer: Viewer, contribution_id: str):
    item = db.session.get(m.Contribution, contribution_id)
    if item is None or not can_read_contribution(viewer, item):
        return None
    return item


def conference_contributions(conference_id: str) -> list:
    """Every contribution of a conference, oldest change first, before any access check."""
    return db.session.scalars(_contributions_of(), {"conference_id": conference_id}).all()


@built_once
def _contributions_of():
    return (db.select(m.Contribution)
            .where(m.Contribution.conference_id == param("conference_id"))
            .order_by(m.Contribution.updated_at))


def visible_contributions(viewer: Viewer, conference_id: str, items=None) -> list:
    """`items`: the conference's contributions if already loaded (conference_contributions)."""
    if items is None:
        items = conference_contributions(conference_id)
    return [c for c in items if can_read_contribution(viewer, c)]


@built_once
def _outcome_of():
    return db.select(m.Outcome).where(m.Outcome.conference_id == param("conference_id"))


def get_outcome(viewer: Viewer, conference_id: str):
    outcome = db.session.scalar(_outcome_of(), {"conference_id": conference_id})
    return outcome if can_see_outcome(viewer, outcome) else None


# --- outcome versions, minutes, telling the child ---------------------------


def can_mark_child_told(viewer: Viewer) -> bool:
    return viewer.column in ("social_worker", "chair", "admin")


def can_upload_minutes(viewer: Viewer) -> bool:
    """The coordinator, or the chair or an administrator doing that job."""
    return viewer.role in (m.COORDINATOR, m.CHAIR, ADMIN)


def can_publish_minutes(viewer: Viewer, conference, now) -> bool:
    """Minutes record a meeting: they go out only once it has started."""
    return can_upload_minutes(viewer) and has_started(conference, now)


def can_see_minutes(viewer: Viewer, minutes) -> bool:
    if minutes is None or not _in_conference(viewer, minutes.conference_id):
        return False
    if can_upload_minutes(viewer):
        return True
    if minutes.published_at is None:
        return viewer.column == "social_worker"
    # Minutes are the adults' record; a child gets the chair's summary instead.
    return viewer.column in ("parent", "professional", "social_worker")


def minutes_version_for(viewer: Viewer, minutes):
    """The one copy of the minutes this person may read: their own, or the general one."""
    if not can_see_minutes(viewer, minutes):
        return None
    general = None
    for version in minutes.versions:
        if version.recipient_id is None:
            general = version
        elif viewer.column == "parent" and version.recipient_id == viewer.participant_id:
            return version
    return general


def get_minutes(viewer: Viewer, conference_id: str):
    minutes = db.session.scalar(db.select(m.Minutes).filter_by(conference_id=conference_id))
    return minutes if can_see_minutes(viewer, minutes) else None


def may_get_own_version(person) -> bool:
    """Only a parent can be given a redacted copy (to protect someone living with them)."""
    return person is not None and person.role == m.PARENT

# --- Reports ---------------------------------------------------------


def can_decide_report(viewer: Viewer) -> bool:
    """Keeping a report from the family, or giving a parent a redacted version, is the
    conference chair's decision."""
    return viewer.role == m.CHAIR


def can_see_report_readers(viewer: Viewer) -> bool:
    """Professionals see which family members opened a report, and when."""
    return viewer.column in STAFF_COLUMNS


def can_reply_to_report(viewer: Viewer, report) -> bool:
    """Parents, and a young person (or their advocate) who may read it, answer a report."""
    return viewer.column in ("parent", "child", "advocate") and can_see_report(viewer, report)


def can_read_reply(viewer: Viewer, reply, report) -> bool:
    """A reply reaches the chair and the report's author; its writer keeps seeing it."""
    if not _in_conference(viewer, report.conference_id):
        return False
    if viewer.participant_id and viewer.participant_id in (reply.participant_id,
                                                           report.author_id):
        return True
    return viewer.column == "chair"


def family_readers(conference, report) -> list:
    """The family members (and interpreters) who may read this report."""
    readers = []
    for person in conference.participants:
        viewer = viewer_for_participant(person)
        if viewer.is_family and can_see_report(viewer, report):
            readers.append(person)
    return readers


def visible_replies(viewer: Viewer, report) -> list:
    replies = db.session.scalars(
        db.select(m.ReportReply).filter_by(report_id=report.id)
        .order_by(m.ReportReply.created_at)
    ).all()
    return [r for r in replies if can_read_reply(viewer, r, report)]

# --- Views ---


def can_see_safety_alert(viewer: Viewer, alert) -> bool:
    """A child's safety answer reaches the social worker and the chair, whatever audience
    the child chose for the rest of their views."""
    if alert is None or not _in_conference(viewer, alert.conference_id):
        return False
    return viewer.column in ("social_worker", "chair")


def safety_alerts_for_staff(staff_user) -> list:
    """Alerts this staff account has not marked as seen, in the conferences where it is
    social worker or chair, newest first. A fixed number of queries, however many alerts
    the authority has."""
    from app.services.caseload import unseen_safety_alerts

    return [alert for alert, viewer in unseen_safety_alerts(staff_user)
            if can_see_safety_alert(viewer, alert)]


def get_views_drawing(viewer: Viewer, contribution_id: str):
    """A child's drawing, only for those who may read the views it belongs to."""
    item = get_contribution(viewer, contribution_id)
    if item is None or item.kind != "views":
        return None
    return db.session.scalar(db.select(m.ViewsDrawing).filter_by(contribution_id=item.id))


def shared_views(viewer: Viewer, conference_id: str, items=None) -> list:
    """Children's views someone other than their author may read here (sent ones only).
    `items`: as for visible_contributions."""
    return [
        item for item in visible_contributions(viewer, conference_id, items)
        if item.kind == "views" and item.sent_at is not None
        and not reads_as_the_child(viewer, item)
    ]


def can_see_safety_answers(viewer: Viewer, contribution) -> bool:
    """Whether a child feels safe (and whether they feel scared) is for the child, their
    advocate, the social worker and the chair: never for parents, even when the child let
    everyone read the rest."""
    if not can_read_contribution(viewer, contribution):
        return False
    if reads_as_the_child(viewer, contribution):
        return True
    return viewer.column in ("social_worker", "chair")

# --- prepare (worksheet history, practical needs, safety requests) ---------


def can_read_contribution_version(viewer: Viewer, contribution, version) -> bool:
    """A sent version is readable by whoever may read the contribution now AND whoever
    its author allowed when sending it: narrowing the readers later also hides older
    versions, and widening them never opens a version written for fewer eyes."""
    if version.contribution_id != contribution.id:
        return False
    if not can_read_contribution(viewer, contribution):
        return False
    if reads_as_the_child(viewer, contribution) or (
            viewer.participant_id and viewer.participant_id == contribution.author_id):
        return True
    col = viewer.column
    if col == "chair":
        return True
    if col == "social_worker":
        return version.audience in (m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER, m.AUDIENCE_EVERYONE)
    return version.audience == m.AUDIENCE_EVERYONE


def can_see_family_needs(viewer: Viewer, conference_id: str) -> bool:
    """Practical needs and safety requests across the family: the chair and the social
    worker only (product brief, section 4)."""
    return _in_conference(viewer, conference_id) and viewer.column in ("chair", "social_worker")


def can_see_interpreting_needs(viewer: Viewer, conference_id: str) -> bool:
    """The languages the family asked an interpreter for: the interpreter too."""
    return _in_conference(viewer, conference_id) and viewer.column in (
        "interpreter", "chair", "social_worker")


def can_read_practical_needs(viewer: Viewer, needs) -> bool:
    if needs is None:
        return False
    if viewer.participant_id and viewer.participant_id == needs.participant_id:
        return True
    return can_see_family_needs(viewer, needs.conference_id)


def can_write_practical_needs(viewer: Viewer) -> bool:
    return viewer.role == m.PARENT


def can_write_safety_request(viewer: Viewer) -> bool:
    return viewer.role == m.PARENT

# --- How each parent takes part, the conversations around the meeting (issue 18) -----


def can_see_taking_part(viewer: Viewer, conference_id: str) -> bool:
    """Each parent's arrangement and the professionals-only part of the meeting: the chair
    and the social worker, and the coordinator who runs the diary (without the reason)."""
    return (viewer.role in (m.CHAIR, m.SOCIAL_WORKER, m.COORDINATOR)
            and viewer.conference_id == conference_id)


def can_see_taking_part_reason(viewer: Viewer, conference_id: str) -> bool:
    """Why a parent takes part separately: the chair and the social worker only."""
    return viewer.role in (m.CHAIR, m.SOCIAL_WORKER) and viewer.conference_id == conference_id


def can_see_professionals_only_slot(viewer: Viewer, conference_id: str) -> bool:
    return can_see_taking_part(viewer, conference_id)


def can_set_taking_part(viewer: Viewer, person) -> bool:
    """The chair decides how each parent of their conference takes part."""
    return (person is not None and person.role == m.PARENT and viewer.role == m.CHAIR
            and viewer.conference_id == person.conference_id)


def can_record_outcome_delivery(viewer: Viewer, person) -> bool:
    """How the outcome reaches a parent: recorded by the chair or the social worker, who
    also hands over a paper copy."""
    return (person is not None and person.role == m.PARENT
            and viewer.role in (m.CHAIR, m.SOCIAL_WORKER)
            and viewer.conference_id == person.conference_id)


def can_mark_conversation_held(viewer: Viewer, conference_id: str) -> bool:
    return viewer.role in (m.CHAIR, m.SOCIAL_WORKER) and viewer.conference_id == conference_id


def can_record_meeting_change(viewer: Viewer, conference_id: str) -> bool:
    """Held as a smaller planning meeting, or postponed: the chair records it."""
    return viewer.role == m.CHAIR and viewer.conference_id == conference_id


def can_see_meeting_change_reason(viewer: Viewer, conference_id: str) -> bool:
    return can_see_taking_part_reason(viewer, conference_id)


def own_taking_part(viewer: Viewer, row):
    """A parent reads only their own arrangement (never its reason, which the family pages
    do not carry); staff who may see arrangements read any in their conference."""
    if row is None:
        return None
    if viewer.is_family:
        return row if (viewer.role == m.PARENT
                       and viewer.participant_id == row.participant_id) else None
    return row if can_see_taking_part(viewer, row.conference_id) else None


def sees_main_meeting_details(viewer: Viewer, own_row) -> bool:
    """A parent meeting the chair separately never gets the main meeting's joining details
    or the time the professionals meet."""
    return not (viewer.role == m.PARENT and own_row is not None
                and own_row.participant_id == viewer.participant_id
                and own_row.mode == m.SEPARATELY and own_row.meets_chair_at is not None)


def can_hand_over_paper(viewer: Viewer, conference_id: str) -> bool:
    """The printable copy of a parent's decisions, and the date it was given to them."""
    return can_mark_conversation_held(viewer, conference_id)
