"""The portal's records. Every case record belongs to one conference.

Names, contact details, free text and documents are encrypted at rest (the
Encrypted* column types). Primary keys are random strings so that URLs reveal
nothing and cannot be guessed or counted.
"""

import secrets
from datetime import date, datetime

from sqlalchemy import (
    DDL,
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.data.encryption import EncryptedBytes, EncryptedJSON, EncryptedText
from app.extensions import db
from app.rules.clock import utcnow


def new_id() -> str:
    return secrets.token_urlsafe(12)



# Roles, from the product brief section 2.
PARENT = "parent"
YOUNG_PERSON = "young_person"
CHILD = "child"
ADVOCATE = "advocate"
SUPPORTER = "supporter"
INTERPRETER = "interpreter"
PROFESSIONAL = "professional"
SOCIAL_WORKER = "social_worker"
CHAIR = "chair"
COORDINATOR = "coordinator"
PARTICIPANT_ROLES = (
    PARENT, YOUNG_PERSON, CHILD, ADVOCATE, SUPPORTER, INTERPRETER,
    PROFESSIONAL, SOCIAL_WORKER, CHAIR, COORDINATOR,
)
FAMILY_ROLES = (PARENT, YOUNG_PERSON, CHILD, ADVOCATE, SUPPORTER, INTERPRETER)
# Roles that belong to one child of the conference (whose views they send, or help with).
ABOUT_ONE_CHILD = (YOUNG_PERSON, CHILD, ADVOCATE)
STAFF_ROLES = ("chair", "social_worker", "coordinator", "admin")

# Who may read a contribution, chosen by its author.
AUDIENCE_EVERYONE = "everyone"
AUDIENCE_CHAIR_AND_SOCIAL_WORKER = "chair_and_social_worker"
AUDIENCE_CHAIR_ONLY = "chair_only"

CONFERENCE_TYPES = ("initial", "review")
CONFERENCE_FORMATS = ("in_person", "online", "hybrid")
PLAN_CATEGORIES = ("emotional_abuse", "neglect", "physical_abuse", "sexual_abuse")


class Authority(db.Model):
    __tablename__ = "authorities"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    nation: Mapped[str] = mapped_column(String(32), default="england")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    complaints_url: Mapped[str] = mapped_column(String(500), default="")
    chair_contact: Mapped[str] = mapped_column(String(500), default="")
    # Overrides of the default timescales (see app/rules/timescales.py), per authority.
    timescales: Mapped[dict] = mapped_column(JSON, default=dict)
    # Languages whose translation a professional translator has reviewed.
    reviewed_languages: Mapped[list] = mapped_column(JSON, default=list)
    # Who hears at once when a child says they may not be safe.
    duty_email: Mapped[str] = mapped_column(String(200), default="")
    # Reminders before the meeting and nudges about reports due (app/services/reminders.py).
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())


class StaffUser(db.Model):
    __tablename__ = "staff_users"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    authority_id: Mapped[str] = mapped_column(ForeignKey("authorities.id"))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    totp_secret: Mapped[str] = mapped_column(EncryptedText)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The TOTP time step of the last code accepted: a code works once, never again.
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)

    authority: Mapped[Authority] = relationship()


class Conference(db.Model):
    __tablename__ = "conferences"
    # A staff member's or an authority's conferences, by date; and, apart, the few with
    # something still to do after the meeting, so a dashboard never reads the history.
    # Each carries the id (and the open-work one the status) so PostgreSQL answers from the
    # index alone.
    __table_args__ = (Index("ix_conferences_authority_id_starts_at", "authority_id", "starts_at",
                            postgresql_include=["id"]),
                      Index("ix_conferences_open_work", "authority_id", "starts_at",
                            postgresql_where=text("NOT after_work_done"),
                            sqlite_where=text("NOT after_work_done"),
                            postgresql_include=["id", "status"]))
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    authority_id: Mapped[str] = mapped_column(ForeignKey("authorities.id"))
    conference_type: Mapped[str] = mapped_column(String(16))
    # When professionals join; the family pre-meet is earlier.
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    premeet_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    format: Mapped[str] = mapped_column(String(16), default="in_person")
    venue: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    joining_details: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    # After retention (app/services/retention.py) only this tombstone is left: when its
    # records were exported and purged, and the SHA-256 of the export bundle.
    purged_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    export_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # True once nothing is left to do after the meeting: cancelled or purged, or the
    # outcome and minutes published and every child told. Kept by app/data/work_done.py
    # at each flush; only ever a filter in front of the full test, never shown.
    after_work_done: Mapped[bool] = mapped_column(Boolean, default=False,
                                                  server_default=false())
    created_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("staff_users.id"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    authority: Mapped[Authority] = relationship()
    children: Mapped[list["Child"]] = relationship(
        back_populates="conference", cascade="all, delete-orphan"
    )
    participants: Mapped[list["Participant"]] = relationship(
        back_populates="conference", cascade="all, delete-orphan"
    )


class Child(db.Model):
    __tablename__ = "children"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    first_name: Mapped[str] = mapped_column(EncryptedText)
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)

    conference: Mapped[Conference] = relationship(back_populates="children")


class Participant(db.Model):
    __tablename__ = "participants"
    # People still waiting for the chair to see their invitation: few, looked up on every
    # chair's dashboard, so only they are indexed.
    # A staff account's conferences: the index alone answers which, without reading a row
    # for each conference of their history.
    __table_args__ = (Index("ix_participants_awaiting_chair", "awaiting_chair_since",
                            postgresql_where=text("awaiting_chair_since IS NOT NULL"),
                            sqlite_where=text("awaiting_chair_since IS NOT NULL")),
                      Index("ix_participants_staff_user_id_conference_id", "staff_user_id",
                            "conference_id"),
                      # A member of staff's conferences with work left, and by time, from
                      # their own rows (the copies below): done or not first, so that each
                      # question reads one short range of it and no other index competes.
                      Index("ix_participants_staff_calendar", "staff_user_id",
                            "conference_done", "conference_starts_at", "conference_id",
                            postgresql_where=text("staff_user_id IS NOT NULL"),
                            sqlite_where=text("staff_user_id IS NOT NULL")),
                      Index("ix_participants_staff_unseen_alerts", "staff_user_id",
                            "conference_id",
                            postgresql_where=text("unseen_safety_alert"),
                            sqlite_where=text("unseen_safety_alert")))
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(EncryptedText)
    agency: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    mobile: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    # Keyed hashes of the addresses, so a sign-in request can find a person
    # without storing addresses in clear.
    email_lookup: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    mobile_lookup: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    receives_redacted: Mapped[bool] = mapped_column(Boolean, default=False)
    # For a young person, a child or an advocate: the child concerned.
    child_id: Mapped[str | None] = mapped_column(ForeignKey("children.id"), nullable=True,
                                                 index=True)
    # For staff who also sign in with a password: their staff account.
    staff_user_id: Mapped[str | None] = mapped_column(
        ForeignKey("staff_users.id"), nullable=True
    )
    # Interpreters see reports only where the chair allows it.
    may_see_reports: Mapped[bool] = mapped_column(Boolean, default=False)
    messages_safe: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Who invited them, from the staff pages.
    invited_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("staff_users.id"), nullable=True
    )
    # A young person, child or advocate invited by someone other than the chair: shown
    # on the chair's dashboard from then until the chair marks it seen. Until then an
    # advocate does not read the child's views.
    awaiting_chair_since: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Removed from the conference by staff: they can no longer sign in or be messaged;
    # what they wrote stays on the record.
    removed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # On a member of staff's row, copies kept by app/data/staff_index.py for their
    # dashboard: when the conference is, whether its work after the meeting is done, and
    # whether one of its safety alerts waits for them to mark it seen.
    conference_starts_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    conference_done: Mapped[bool] = mapped_column(Boolean, default=False,
                                                  server_default=false())
    unseen_safety_alert: Mapped[bool] = mapped_column(Boolean, default=False,
                                                      server_default=false())

    conference: Mapped[Conference] = relationship(back_populates="participants")
    child: Mapped[Child | None] = relationship()
    staff_user: Mapped[StaffUser | None] = relationship(foreign_keys=[staff_user_id])
    invited_by: Mapped[StaffUser | None] = relationship(foreign_keys=[invited_by_id])


class Invitation(db.Model):
    __tablename__ = "invitations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    participant: Mapped[Participant] = relationship()


class SignInCode(db.Model):
    """A one-time code, bound to the sign-in attempt (browser session) it was issued for."""

    __tablename__ = "sign_in_codes"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    attempt_hash: Mapped[str] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    failed_tries: Mapped[int] = mapped_column(Integer, default=0)
    spent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    participant: Mapped[Participant] = relationship()


class UserSession(db.Model):
    """A signed-in session, kept on the server so that signing out really ends it."""

    __tablename__ = "user_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True, index=True
    )
    staff_user_id: Mapped[str | None] = mapped_column(
        ForeignKey("staff_users.id"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    participant: Mapped[Participant | None] = relationship()
    staff_user: Mapped[StaffUser | None] = relationship()


class DownloadGrant(db.Model):
    """Leave to download one document, for a few minutes, in one signed-in session.

    The link carries only a random token; the server keeps its hash and everything it
    stands for (the session, the person, the document, a chosen password)."""

    __tablename__ = "download_grants"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("user_sessions.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"))
    kind: Mapped[str] = mapped_column(String(16))  # outcome, minutes
    object_id: Mapped[str] = mapped_column(String(32))
    password: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class Contribution(db.Model):
    """Something a family member sends: a parent's worksheet, a young person's views."""

    __tablename__ = "contributions"
    # The few safety requests apart, so "Needs you" finds them without reading every
    # worksheet and child's views of the history.
    __table_args__ = (Index("ix_contributions_safety_requests", "conference_id",
                            postgresql_where=text("kind = 'safety_request'"),
                            sqlite_where=text("kind = 'safety_request'")),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # worksheet, views, safety_request
    # For views made with or for a child: the child.
    child_id: Mapped[str | None] = mapped_column(ForeignKey("children.id"), nullable=True,
                                                 index=True)
    # The advocate the child had when these views were first written: with the author,
    # the only person who reads them "as the child".
    child_advocate_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True
    )
    audience: Mapped[str] = mapped_column(String(32), default=AUDIENCE_CHAIR_AND_SOCIAL_WORKER)
    answers: Mapped[dict] = mapped_column(EncryptedJSON)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    author: Mapped[Participant] = relationship(foreign_keys=[author_id])


class Report(db.Model):
    __tablename__ = "reports"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    agency: Mapped[str] = mapped_column(String(200))
    # The author's job, e.g. "Class teacher", shown to the family.
    author_role: Mapped[str] = mapped_column(String(200), default="", server_default="")
    title: Mapped[str] = mapped_column(EncryptedText)
    summary: Mapped[str] = mapped_column(EncryptedText)
    is_police_open_information: Mapped[bool] = mapped_column(Boolean, default=False)
    # "family" (the default: no surprises) or "professionals" (needs the chair's reason).
    sharing: Mapped[str] = mapped_column(String(16), default="family")
    professionals_only_reason: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    for_young_person: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    shared_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # The deadline (UK time) in force when it was shared: moving the conference later
    # does not change whether the family got it in time.
    share_deadline: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    author: Mapped[Participant] = relationship()
    versions: Mapped[list["ReportVersion"]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )


class ReportVersion(db.Model):
    """The full report (recipient_id empty) or a redacted version for one recipient."""

    __tablename__ = "report_versions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"), index=True)
    recipient_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True, index=True
    )
    # The PDF is read (and decrypted) only when someone opens or downloads it, not for
    # every page that lists or describes the document.
    content: Mapped[bytes] = mapped_column(EncryptedBytes, deferred=True)
    content_type: Mapped[str] = mapped_column(String(64), default="application/pdf")
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # A report may be written in the portal (body) as well as or instead of a
    # PDF (then content is empty and size 0); a version may have its own summary; and
    # the version every family member gets when the chair agreed part stays with
    # professionals (for_family; recipient_id empty).
    body: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    summary: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    for_family: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    report: Mapped[Report] = relationship(back_populates="versions")


class ReportRead(db.Model):
    __tablename__ = "report_reads"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    read_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Outcome(db.Model):
    __tablename__ = "outcomes"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(
        ForeignKey("conferences.id"), unique=True, index=True
    )
    recorded_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True
    )
    # Per child: {"child_id": ..., "plan": bool, "category": ..., "alternative": ...}
    decisions: Mapped[list] = mapped_column(EncryptedJSON)
    child_summary: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # The plan's dates.
    first_core_group_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    versions: Mapped[list["OutcomeVersion"]] = relationship(
        back_populates="outcome", cascade="all, delete-orphan"
    )
    children_told: Mapped[list["ChildTold"]] = relationship(
        back_populates="outcome", cascade="all, delete-orphan"
    )

    def told(self, child_id):
        """When this child was told the outcome, if they have been."""
        return next((row for row in self.children_told if row.child_id == child_id), None)


class ChildTold(db.Model):
    """One child told the outcome: they opened it themselves, or their social worker (or
    the chair) says they told them. Each child of a conference is told, and counted,
    on their own."""

    __tablename__ = "children_told"
    __table_args__ = (UniqueConstraint("outcome_id", "child_id"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("outcomes.id"), index=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    told_at: Mapped[datetime] = mapped_column(DateTime)
    how: Mapped[str] = mapped_column(String(16))

    outcome: Mapped[Outcome] = relationship(back_populates="children_told")


class OutcomeVersion(db.Model):
    """The outcome text for everyone (recipient_id empty) or a redacted one for one person."""

    __tablename__ = "outcome_versions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("outcomes.id"), index=True)
    recipient_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True, index=True
    )
    # What happens if things do not change.
    body: Mapped[str] = mapped_column(EncryptedText)
    # The plan's actions, [{"what": ..., "who": ..., "by": ...}].
    actions: Mapped[list | None] = mapped_column(EncryptedJSON, nullable=True)
    # A redacted version's own words for a professional's disagreement, {child_id: text}.
    # Empty means the same words as everyone gets.
    dissent: Mapped[dict | None] = mapped_column(EncryptedJSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    outcome: Mapped[Outcome] = relationship(back_populates="versions")

    def dissent_for(self, decision):
        """What this version says of the disagreement about one child's decision."""
        if self.dissent is not None and decision.get("child_id") in self.dissent:
            return self.dissent[decision["child_id"]]
        return decision.get("dissent") or ""


class AuditEvent(db.Model):
    """Who did what, when. Never holds case detail: ids and event names only."""

    __tablename__ = "audit_events"
    # Dashboards ask for one kind of event, recent or in given conferences, while every
    # document view adds events of another kind: the event comes first in both indexes, so
    # a flood of views is never read through (even before the planner's statistics know).
    __table_args__ = (Index("ix_audit_events_event_at", "event", "at"),
                      Index("ix_audit_events_event_conference_id", "event", "conference_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    event: Mapped[str] = mapped_column(String(64))
    participant_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    staff_user_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    conference_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    object_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    object_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    detail: Mapped[str] = mapped_column(Text, default="")
    # Tamper evidence (app/services/audit.py): the hash of the record before, and the hash of this
    # record's content together with that one. Altering or deleting a record breaks the chain.
    chain_prev: Mapped[str] = mapped_column(String(64), default="", server_default="")
    chain_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")


class AuditChainHead(db.Model):
    """The one row naming the newest audit record's hash and how many records there are.

    Appending to the audit trail updates this row first, so two transactions appending at
    once take turns (a row lock on PostgreSQL, the write lock on SQLite) and stay one chain;
    and a deleted newest record is noticed, as the head no longer matches."""

    __tablename__ = "audit_chain_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    length: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


AUDIT_CHAIN_START = "0" * 64

event.listen(AuditChainHead.__table__, "after_create", DDL(
    f"INSERT INTO audit_chain_head (id, length, last_hash) VALUES (1, 0, '{AUDIT_CHAIN_START}')"))


# Delivery.status: waiting to go (or to be tried again), being sent, accepted by the
# provider, or given up on (shown to staff with a resend).
DELIVERY_PENDING = "pending"
DELIVERY_SENDING = "sending"
DELIVERY_SENT = "sent"
DELIVERY_FAILED = "failed"


class Delivery(db.Model):
    """A message waiting to be delivered, written in the same transaction as the change
    that causes it (app/services/delivery.py). The address and words are encrypted."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status_next_try_at", "status", "next_try_at"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True, index=True
    )
    conference_id: Mapped[str | None] = mapped_column(
        ForeignKey("conferences.id"), nullable=True, index=True
    )
    purpose: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(8))
    to: Mapped[str] = mapped_column(EncryptedText)
    subject: Mapped[str] = mapped_column(EncryptedText)
    body: Mapped[str] = mapped_column(EncryptedText)
    status: Mapped[str] = mapped_column(String(16), default=DELIVERY_PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    give_up_at: Mapped[datetime] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ReminderSent(db.Model):
    """A reminder that went (or was queued) to one person, so it never goes twice."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("participant_id", "kind"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"))
    kind: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class OutboxMessage(db.Model):
    """A record that a message was sent: to whom and why, never its words."""

    __tablename__ = "outbox_messages"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True, index=True
    )
    purpose: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(8))
    backend: Mapped[str] = mapped_column(String(16))
    provider_id: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="sent")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --- minutes ---


class Minutes(db.Model):
    """The minutes of one conference, uploaded by the coordinator after the meeting."""

    __tablename__ = "minutes"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(
        ForeignKey("conferences.id"), unique=True, index=True
    )
    uploaded_by_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    versions: Mapped[list["MinutesVersion"]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan"
    )


class MinutesVersion(db.Model):
    """The minutes for everyone (recipient_id empty) or a redacted copy for one parent."""

    __tablename__ = "minutes_versions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    minutes_id: Mapped[str] = mapped_column(ForeignKey("minutes.id"), index=True)
    recipient_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True, index=True
    )
    # The PDF is read (and decrypted) only when someone opens or downloads it, not for
    # every page that lists or describes the document.
    content: Mapped[bytes] = mapped_column(EncryptedBytes, deferred=True)
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="versions")

# --- Reports ---

# Report.sharing: shared with the family (the default), kept for professionals only
# (the chair agreed, with a reason), or waiting for the chair to decide on a request.
SHARING_FAMILY = "family"
SHARING_PROFESSIONALS = "professionals"
SHARING_AWAITING_CHAIR = "awaiting_chair"
# What a professional asks to keep for professionals only.
WITHHOLD_ALL = "all"
WITHHOLD_PART = "part"


class ReportWithholdRequest(db.Model):
    """A professional's request to keep a report, or part of it, from the family, and the
    chair's decision with its reason."""

    __tablename__ = "report_withhold_requests"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"), index=True)
    scope: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(EncryptedText)
    requested_by_id: Mapped[str] = mapped_column(ForeignKey("participants.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)  # agreed, refused
    decision_reason: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    decided_by_id: Mapped[str | None] = mapped_column(ForeignKey("participants.id"),
                                                      nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    report: Mapped[Report] = relationship()


class ReportReply(db.Model):
    """A family member's answer to a report: agree, or disagree with parts and why."""

    __tablename__ = "report_replies"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    agrees: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(EncryptedText, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    report: Mapped[Report] = relationship()
    participant: Mapped[Participant] = relationship()

# --- Views ---


class ViewsDrawing(db.Model):
    """A photo of a child's drawing or written page: re-encoded pixels only, encrypted."""

    __tablename__ = "views_drawings"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    contribution_id: Mapped[str] = mapped_column(
        ForeignKey("contributions.id"), unique=True, index=True
    )
    content: Mapped[bytes] = mapped_column(EncryptedBytes)
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SafetyAlert(db.Model):
    """A child said they may not be safe: the social worker and the duty contact act on it."""

    __tablename__ = "safety_alerts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    contribution_id: Mapped[str] = mapped_column(ForeignKey("contributions.id"), index=True)
    child_id: Mapped[str | None] = mapped_column(ForeignKey("children.id"), nullable=True)
    raised_by_id: Mapped[str] = mapped_column(ForeignKey("participants.id"))
    # What was answered: "safe:no", "safe:not_sure" or "feeling:scared".
    answer: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    child: Mapped[Child | None] = relationship()
    raised_by: Mapped[Participant] = relationship()
    conference: Mapped[Conference] = relationship()
    seen: Mapped[list["SafetyAlertSeen"]] = relationship(
        back_populates="alert", cascade="all, delete-orphan")

    def seen_by(self, staff_user_id) -> bool:
        return any(row.staff_user_id == staff_user_id for row in self.seen)


class SafetyAlertSeen(db.Model):
    """One member of staff has seen an alert. Each sees it until they mark it themselves,
    so nobody can clear it from a colleague's dashboard."""

    __tablename__ = "safety_alerts_seen"
    __table_args__ = (UniqueConstraint("alert_id", "staff_user_id"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    alert_id: Mapped[str] = mapped_column(ForeignKey("safety_alerts.id"), index=True)
    staff_user_id: Mapped[str] = mapped_column(ForeignKey("staff_users.id"), index=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    alert: Mapped[SafetyAlert] = relationship(back_populates="seen")


# --- prepare (worksheet versions, practical needs, kept form text) ---


class ContributionVersion(db.Model):
    """One sending of a contribution, kept as it was sent: staff read the latest and the
    history, and a later change never rewrites what the conference already had."""

    __tablename__ = "contribution_versions"
    # Two sendings racing each other cannot both become the same version.
    __table_args__ = (UniqueConstraint("contribution_id", "version"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    contribution_id: Mapped[str] = mapped_column(ForeignKey("contributions.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(String(32))
    answers: Mapped[dict] = mapped_column(EncryptedJSON)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    contribution: Mapped[Contribution] = relationship()


class PracticalNeeds(db.Model):
    """What a parent needs to take part: interpreter, supporter, childcare, how they attend.
    Shared with the chair and the social worker as soon as it is saved."""

    __tablename__ = "practical_needs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), unique=True)
    answers: Mapped[dict] = mapped_column(EncryptedJSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    participant: Mapped[Participant] = relationship()


class KeptFormText(db.Model):
    """What someone typed into a form that arrived after their session ended or with a
    stale CSRF token: kept encrypted for a while, and put back in the form after they
    sign in again. Tied to the person when known, else to a signed browser cookie."""

    __tablename__ = "kept_form_text"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True, index=True
    )
    path: Mapped[str] = mapped_column(String(200))
    fields: Mapped[dict] = mapped_column(EncryptedJSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)

# --- How each parent takes part, the conversations around the meeting, and a meeting
# that could not go ahead as planned ---

# TakingPart.mode: the whole meeting (the default), or separately with the chair.
WHOLE_MEETING = "whole"
SEPARATELY = "separate"
# How a parent meets the chair on their own.
SEPARATE_IN_PERSON = "in_person"
SEPARATE_VIDEO = "video"
# How the outcome reaches a parent.
OUTCOME_BY_PORTAL = "portal"
OUTCOME_ON_PAPER = "paper"


class TakingPart(db.Model):
    """How one parent takes part in the conference, and how the outcome reaches them.

    The arrangement and its reason are the chair's; the family never sees the reason, and
    one parent never learns the other's arrangement. No row means the whole meeting and
    the outcome through the portal."""

    __tablename__ = "taking_part"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), unique=True)
    mode: Mapped[str] = mapped_column(String(16), default=WHOLE_MEETING)
    reason: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    # For a parent meeting the chair separately: when, and how.
    meets_chair_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    meets_how: Mapped[str | None] = mapped_column(String(16), nullable=True)
    place: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    joining_details: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    set_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    # How the outcome reaches this parent, recorded before the meeting.
    outcome_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    outcome_password: Mapped[bool] = mapped_column(Boolean, default=False)
    paper_given_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    participant: Mapped[Participant] = relationship()

    @property
    def separately(self) -> bool:
        return self.mode == SEPARATELY


# The conversations around the meeting (see app/arrangements.py for their dates).
CONVERSATION_KINDS = ("preparation", "chair_premeet", "professionals_only", "follow_up")


class ConversationHeld(db.Model):
    """Staff mark a conversation around the meeting as held; until then it needs them."""

    __tablename__ = "conversations_held"
    __table_args__ = (UniqueConstraint("conference_id", "kind"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    held_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    marked_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"),
                                                     nullable=True)


# MeetingChange.kind
HELD_AS_PLANNING_MEETING = "planning_meeting"
POSTPONED = "postponed"


class MeetingChange(db.Model):
    """The conference could not go ahead as planned: it was held as a smaller planning
    meeting, or postponed. The reason is for staff only."""

    __tablename__ = "meeting_changes"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(EncryptedText)
    agreed_by: Mapped[str] = mapped_column(EncryptedText)
    # Where it was postponed to a known date: the conference moved there.
    new_starts_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # The conference's start once this was recorded: rescheduled since, it no longer applies.
    conference_starts_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"),
                                                       nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)



# --- each form submitted once ---


class SubmittedForm(db.Model):
    """A form that sends, shares, publishes or uploads something, once it has been acted
    on: its one-off key (a hidden field, app/once.py) is the primary key, so the same form
    submitted again (a double press, a retry after a lost reply, two devices) cannot act
    twice. Where it led is kept for the "already sent" page."""

    __tablename__ = "submitted_forms"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    path: Mapped[str] = mapped_column(String(200))
    result_url: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


# Keep Conference.after_work_done, and the copies on staff participant rows, up to date at
# every flush (registered on import; work_done imports staff_index).
from app.data import work_done  # noqa: E402, F401
