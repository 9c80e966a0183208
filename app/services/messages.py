"""What the portal says in emails and text messages, in each person's language.

Messages never carry a child's name, case detail or a document: only a code,
a link, or "there is something new for you". Each message is fixed wording with a
few values put in; the values that come from data (the authority's name) are
checked for the whole name of a child or family member of the conference, and a
message that would carry one is not sent: it is recorded (no words, no address)
and shown to staff on their dashboard, never an error page. Links, codes and
counts are made by the portal (routes and random tokens, digits), never from what
anyone typed, so they are not checked: a random token could spell a short name by
chance.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, has_request_context, session
from flask_babel import force_locale, format_date, format_time, get_locale

from app.data import models as m
from app.data.statements import built_once, param, written_in
from app.extensions import db
from app.rules import clock
from app.services import audit, delivery, notify
from app.web import i18n
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l
from app.web.translation import ngettext

_backend_cache = {}
log = logging.getLogger(__name__)


def backend():
    config = current_app.config
    key = (config["NOTIFY_BACKEND"], config.get("OUTBOX_DIR"), config.get("SMTP_HOST"),
           config.get("SMTP_PORT"), config.get("SMTP_TIMEOUT_SECONDS"),
           config.get("NOTIFY_SMS_BACKEND"))
    if key not in _backend_cache:
        _backend_cache[key] = notify.backend_from_config(config)
    return _backend_cache[key]


def can_send_sms():
    return notify.sends_sms(backend())


def people_without_sms_path():
    """How many people have only a mobile number (no email), when text messages cannot
    be sent: they can get no sign-in code at all."""
    if can_send_sms():
        return 0
    return db.session.scalar(db.select(db.func.count()).select_from(m.Participant).where(
        m.Participant.mobile_lookup.is_not(None), m.Participant.email_lookup.is_(None)))


def check_sms_path(app):
    """At start-up: with no way to send text messages, say so plainly in the log (once),
    with how many people it leaves without sign-in codes. Those with an email address get
    everything by email instead."""
    if app.config["NOTIFY_BACKEND"] != "smtp" or app.config.get("NOTIFY_SMS_BACKEND"):
        return None
    try:
        with app.app_context():
            stranded = people_without_sms_path()
            with_mobiles = db.session.scalar(db.select(db.func.count()).select_from(
                m.Participant).where(m.Participant.mobile_lookup.is_not(None)))
    except Exception:  # no database yet (before `flask db upgrade`): nothing to count
        return None
    if with_mobiles:
        app.logger.error(
            "Configuration error: NOTIFY_BACKEND=smtp cannot send text messages and "
            "NOTIFY_SMS_BACKEND is not set. %d people have a mobile number: codes go to "
            "their email instead; %d have no email and cannot sign in. Set "
            "NOTIFY_SMS_BACKEND=notify (with NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID).",
            with_mobiles, stranded)
    return with_mobiles, stranded


def _family_names(conference):
    """The whole names no message may carry: each child's and each family member's."""
    names = [child.first_name for child in conference.children]
    names.extend(person.name for person in conference.participants
                 if person.role in m.FAMILY_ROLES and person.name)
    return names


def _refused(values, conference, participant_id, purpose):
    """True (and recorded) when a value put into the message holds a family name."""
    if not values:
        return False
    try:
        notify.guard_values(values, _family_names(conference))
    except notify.MessageRefused as refusal:
        log.warning("message not sent: purpose=%s (%s)", purpose, refusal)
        audit.record("message.refused", participant_id=participant_id,
                     conference_id=conference.id, outcome="refused", detail=purpose)
        return True
    return False


PURPOSE_NAMES = {
    "invitation": _l("Invitation"),
    "sign-in-code": _l("Sign-in code"),
    "something-new": _l("There is something new"),
    "family-sent": _l("A family member has sent something"),
    "safety-request": _l("A family member has sent something"),
    "safety-alert": _l("Safety alert"),
}


@dataclass(frozen=True)
class RefusedMessage:
    at: datetime
    purpose: str
    conference: m.Conference
    person: m.Participant | None


@built_once
def _refused_in(conference_ids):
    return (db.select(m.AuditEvent, m.Conference, m.Participant)
            .join(m.Conference, m.Conference.id == m.AuditEvent.conference_id)
            .outerjoin(m.Participant, m.Participant.id == m.AuditEvent.participant_id)
            .where(m.AuditEvent.event == written_in("message.refused"),
                   m.AuditEvent.conference_id.in_(conference_ids),
                   m.AuditEvent.at >= param("since"))
            .order_by(m.AuditEvent.at.desc(), m.AuditEvent.id.desc())
            .limit(50))


def refused_messages(theirs, since):
    """Messages not sent since then in an account's conferences (`caseload.conference_ids`),
    newest first, for staff, with their conference and person. One query, however many
    there are."""
    rows = db.session.execute(_refused_in(theirs.ids), dict(theirs.params, since=since)).all()
    return [RefusedMessage(
        at=row.at, purpose=str(PURPOSE_NAMES.get(row.detail, row.detail)),
        conference=conference, person=person,
    ) for row, conference, person in rows]


# The only message a person who said messages are not safe still gets: the code they
# asked for themselves, on the sign-in page.
ALWAYS_SENT = ("sign-in-code",)


def may_message(participant, purpose):
    if participant.removed_at is not None:
        return False  # removed from the conference: nothing more is sent to them
    return bool(participant.messages_safe) or purpose in ALWAYS_SENT


def _deliver(message, participant_id, conference_id, purpose):
    """Queue one message with the change that causes it (app/services/delivery.py): it is
    delivered after the response, and tried again by the delivery worker until it goes or
    is given up on and shown to staff. Only a sign-in code is delivered at once and fails
    loudly, because the person is waiting for it on the page."""
    if purpose in ALWAYS_SENT:
        row = delivery.enqueue(message, participant_id, conference_id, purpose)
        db.session.commit()
        if not delivery.attempt(row.id, retry=False):
            raise notify.DeliveryFailed("the sign-in code could not be delivered")
        return True
    delivery.enqueue(message, participant_id, conference_id, purpose)
    return True


def _send(participant, purpose, channel, address, subject, body, values=None):
    """Send one message, unless the person said messages to them are not safe or a
    value put into its wording (``values``) holds a family name."""
    if not may_message(participant, purpose):
        audit.record("message.withheld", participant_id=participant.id,
                     conference_id=participant.conference_id, outcome="refused",
                     detail=purpose)
        return False
    if channel == "sms" and not can_send_sms():
        # No way to send text messages (SMTP alone): their email instead, if they have
        # one; README says to pair SMTP with NOTIFY_SMS_BACKEND. Without an email the
        # message cannot go, and the caller says so.
        if not participant.email:
            log.error("no SMS path: message not sent: purpose=%s (set NOTIFY_SMS_BACKEND)",
                      purpose)
            audit.record("message.failed", participant_id=participant.id,
                         conference_id=participant.conference_id, outcome="failed",
                         detail=purpose)
            if purpose in ALWAYS_SENT:
                db.session.commit()  # the failure stays on record
                raise notify.UnsupportedChannel("no SMS path configured")
            return False
        channel, address = "email", participant.email
    message = notify.Message(
        to=address, subject=subject, body=body, channel=channel, reference=purpose
    )
    if _refused(values or {}, participant.conference, participant.id, purpose):
        return False
    return _deliver(message, participant.id, participant.conference_id, purpose)


# The service's name, as on every page's header.
SERVICE = _l("Prepare for a conference")


def who_sends(authority):
    """The line every message starts with: the service and the council it is from."""
    return _("From %(service)s, a service of %(authority)s.", service=SERVICE,
             authority=authority.name)


def how_to_check(authority):
    """How to check a message is genuine: the council's own published phone number."""
    if authority.phone:
        return _("Not sure this message is real? Call %(authority)s on %(phone)s, the number "
                 "on the council's website, and ask.", authority=authority.name,
                 phone=authority.phone)
    return _("Not sure this message is real? Call %(authority)s on the number on the "
             "council's website, and ask.", authority=authority.name)


def message_language(participant, chosen=None):
    """The language a person chose: on this device's pages when they asked for the message
    themselves (a sign-in code; `chosen` where it was read from the page earlier), else the
    one kept for them."""
    if chosen is None and has_request_context():
        chosen = session.get("lang")
    if chosen in i18n.LANGUAGES:
        return chosen
    return participant.language or "en"


def remember_language(participant):
    """A person who switched language on the page gets their messages in it from now on."""
    chosen = message_language(participant)
    if chosen != participant.language:
        participant.language = chosen


def remember_language_of_signed_in_person():
    """The language a signed-in person picks on a page is the one their messages use."""
    from flask_login import current_user

    person = getattr(current_user, "participant", None)
    if getattr(current_user, "is_authenticated", False) and person is not None:
        if message_language(person) != person.language:
            remember_language(person)
            db.session.commit()


def send_invitation(participant, channel, address, link, expires_at=None):
    authority = participant.conference.authority
    with force_locale(i18n.locale_for(participant.language)):
        subject = _("%(authority)s invites you to use %(service)s", authority=authority.name,
                    service=SERVICE)
        parts = [
            who_sends(authority),
            _("%(authority)s has invited you to use the portal to get ready for a meeting.",
              authority=authority.name),
            _("Open this link to sign in. We will send you a code to enter:"),
            link,
        ]
        if expires_at is not None:
            parts.append(_("The link works until %(date)s. After that, ask your social worker "
                           "for a new one.", date=format_date(
                               clock.uk_time(expires_at).date(), "long")))
        parts += [_("If you did not expect this, you can ignore it."), how_to_check(authority)]
        body = "\n\n".join(parts)
    return _send(participant, "invitation", channel, address, subject, body,
                 values={"authority": authority.name})


def send_sign_in_code(participant, channel, address, code, minutes, language=None):
    # A person who said messages are not safe still gets the code they asked for, in the
    # language of the page they asked on.
    authority = participant.conference.authority
    with force_locale(i18n.locale_for(message_language(participant, language))):
        subject = _("Your sign-in code for %(service)s", service=SERVICE)
        body = "\n\n".join([
            _("This code is from %(service)s (%(authority)s).", service=SERVICE,
              authority=authority.name),
            ngettext("Your sign-in code is %(code)s. It works for %(num)d minute. "
                     "Do not share it with anyone.",
                     "Your sign-in code is %(code)s. It works for %(num)d minutes. "
                     "Do not share it with anyone.", minutes, code=code),
            how_to_check(authority),
        ])
    _send(participant, "sign-in-code", channel, address, subject, body)


def tell_family_who_may_see(conference, may_see):
    """Tell each family member who may see a new thing that there is something new.

    `may_see(viewer)` is the access rule for that thing; the link only leads to sign-in.
    """
    from flask import url_for

    from app.rules import access

    link = current_app.config["PORTAL_BASE_URL"] + url_for("auth.sign_in")
    told = 0
    for person in conference.participants:
        viewer = access.viewer_for_participant(person)
        if viewer.is_family and may_see(viewer):
            told += bool(send_something_new(person, link))
    return told


def _in_their_language(link, person):
    """The sign-in page opens in the language the message is written in."""
    if person.language and person.language != "en":
        link += ("&" if "?" in link else "?") + f"lang={person.language}"
    return link


def _send_first_address(person, purpose, subject, body):
    """Send by email if they have one, else by text message: one message, never both."""
    for channel, address in (("email", person.email), ("sms", person.mobile)):
        if address:
            return _send(person, purpose, channel, address, subject, body)
    return False


def _sign_in_to_see(participant, link, purpose, subject, what, see):
    """A message that says only that something is there and where to sign in: `subject`,
    `what` and `see` are gettext callables, written in the person's language."""
    authority = participant.conference.authority
    link = _in_their_language(link, participant)
    with force_locale(i18n.locale_for(participant.language)):
        body = "\n\n".join([who_sends(authority), what(), see(), link,
                             how_to_check(authority)])
        subject = subject()
    return _send_first_address(participant, purpose, subject, body)


def send_something_new(participant, link):
    """Tell someone there is something new in the portal; never what it is."""
    return _sign_in_to_see(
        participant, link, "something-new",
        lambda: _("%(service)s: there is something new for you", service=SERVICE),
        lambda: _("There is something new for you in the portal."),
        lambda: _("Sign in to see it:"))


def tell_details_changed(conference, exclude_staff_user_id=None):
    """Everyone in the conference is told its details changed, with a link to sign in:
    never what changed (a date or a place is not for a message that others may read)."""
    from flask import url_for

    link = current_app.config["PORTAL_BASE_URL"] + url_for("auth.sign_in")
    told = 0
    for person in conference.participants:
        if person.removed_at is not None or (
                exclude_staff_user_id and person.staff_user_id == exclude_staff_user_id):
            continue
        told += bool(send_details_changed(person, link))
    return told


def send_details_changed(participant, link):
    return _sign_in_to_see(
        participant, link, "details-changed",
        lambda: _("%(service)s: the conference details have changed", service=SERVICE),
        lambda: _("The details of the conference have changed."),
        lambda: _("Sign in to see them:"))


# --- reminders ---------------------------------------------------------------


def send_meeting_reminder(participant, kind, meeting_at, link):
    """Remind a family member of their meeting: the day and time, and where to sign in to
    see how to take part. Exit-safe: it says "meeting", never what the meeting is about,
    and carries no place, name or detail."""
    authority = participant.conference.authority
    link = _in_their_language(link, participant)
    with force_locale(i18n.locale_for(participant.language)):
        # As people say it: "9:30am" in English, the language's own short time elsewhere.
        english = get_locale() is not None and get_locale().language == "en"
        at = format_time(meeting_at, "h:mma").lower() if english else format_time(
            meeting_at, "short")
        subject = _("%(service)s: a reminder", service=SERVICE)
        when = (_("Your meeting is today at %(time)s.", time=at) if kind == "morning"
                else _("Your meeting is tomorrow at %(time)s.", time=at))
        body = "\n\n".join([who_sends(authority), when,
                             _("Sign in to see how to take part:"), link,
                             how_to_check(authority)])
    return _send_first_address(participant, "reminder-" + kind, subject, body)


def send_report_nudge(person, deadline, link):
    """Tell a professional whose report has not arrived that it is due soon."""
    authority = person.conference.authority
    with force_locale(i18n.locale_for(person.language)):
        subject = _("%(service)s: your report is due soon", service=SERVICE)
        body = "\n\n".join([
            who_sends(authority),
            _("Your report for a conference you are part of is due by %(date)s. Please add "
              "it in the portal, so that the family can read it in time.",
              date=format_date(deadline, "long")),
            _("Sign in to see it:"), link, how_to_check(authority)])
    return _send_first_address(person, "report-due", subject, body)


# --- Views ---


def send_safety_alert(conference, link):
    """Tell the social workers and the authority's duty contact that a child may not be safe.

    The message says only that there is an urgent alert and where to sign in: never the
    child, the family, the conference or what was said. Returns how many were sent.
    """
    authority = conference.authority
    with force_locale(i18n.locale_for("en")):
        subject = _("Urgent: a safety alert in %(service)s", service=SERVICE)
        body = "\n\n".join([
            who_sends(authority),
            _("A child has said they may not feel safe. Please sign in today to see the alert."),
            link, how_to_check(authority),
        ])
    sent = 0
    recipients = [(p, p.email or (p.staff_user.email if p.staff_user else None))
                  for p in conference.participants if p.role == m.SOCIAL_WORKER]
    recipients.append((None, conference.authority.duty_email or None))
    for person, address in recipients:
        if not address:
            continue
        message = notify.Message(to=address, subject=subject, body=body, channel="email",
                                 reference="safety-alert")
        sent += _deliver(message, person.id if person else None, conference.id,
                         "safety-alert")
    return sent

# --- telling staff that a parent sent something ---------------------------


# What arrived, in a staff message: (its kind in the subject, a sentence), never its words.
WHAT_ARRIVED = {
    "family-sent": (_l("a worksheet"), _l("A parent has sent their worksheet for a "
                                         "conference you are part of.")),
    "safety-request": (_l("a safety request"), _l("A parent has sent a private safety "
                                                  "request for a conference you are part of.")),
    "report-reply": (_l("a reply to a report"), _l("A family member has replied to a report "
                                                   "for a conference you are part of.")),
    "report-not-understood": (_l("help with a report"), _l(
        "A family member says they do not understand a report. Please get in touch with "
        "them.")),
    "report-talk": (_l("help with a report"), _l(
        "A family member wants to talk to someone about a report. Please get in touch with "
        "them.")),
    "report-decision-asked": (_l("a report to decide on"), _l(
        "A professional asks you to decide whether the family may read a report.")),
    "report-decided": (_l("the chair's decision"), _l(
        "The chair has decided on your request about a report.")),
}


def staff_message(authority, purpose, link):
    """Subject and body of a message to staff: the kind of thing that arrived."""
    kind, sentence = WHAT_ARRIVED[purpose]
    subject = _("%(service)s: %(what)s", service=SERVICE, what=kind)
    body = "\n\n".join([who_sends(authority), str(sentence), _("Sign in to see it:"), link,
                         how_to_check(authority)])
    return subject, body


def tell_staff_something_new(conference, roles, purpose="family-sent"):
    """Tell the conference's staff in these roles what kind of thing a family member sent,
    never what it says. The link leads to the staff sign-in."""
    from flask import url_for

    link = current_app.config["PORTAL_BASE_URL"] + url_for("auth.staff_sign_in")
    told = 0
    for person in conference.participants:
        if person.role not in roles:
            continue
        address = person.email or (person.staff_user.email if person.staff_user else None)
        if not address:
            continue
        with force_locale(i18n.locale_for(person.language)):
            subject, body = staff_message(conference.authority, purpose, link)
        told += bool(_send(person, purpose, "email", address, subject, body))
    return told


def tell_professional(person, link, kind):
    """Tell one professional (a staff account or a professional invited by link) what kind
    of thing arrived for them (`kind`, a key of WHAT_ARRIVED)."""
    link = _in_their_language(link, person)
    with force_locale(i18n.locale_for(person.language)):
        subject, body = staff_message(person.conference.authority, kind, link)
    return _send_first_address(person, "something-new", subject, body)
