"""What the portal says in emails and text messages, in each person's language.

Messages never carry a child's name, case detail or a document: only a code,
a link, or "there is something new for you". guard() refuses any message that
would name a child or a family member of the conference.
"""

import logging

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from . import audit, notify
from . import models as m
from .extensions import db

_backend_cache = {}
log = logging.getLogger(__name__)


def backend():
    config = current_app.config
    key = (config["NOTIFY_BACKEND"], config.get("OUTBOX_DIR"), config.get("SMTP_HOST"),
           config.get("SMTP_PORT"))
    if key not in _backend_cache:
        _backend_cache[key] = notify.backend_from_config(config)
    return _backend_cache[key]


def _forbidden_terms(participant):
    return _conference_terms(participant.conference)


def _conference_terms(conference):
    terms = [child.first_name for child in conference.children]
    for person in conference.participants:
        if person.role in m.FAMILY_ROLES:
            terms.extend((person.name or "").split())
    return terms


# The only message a person who said messages are not safe still gets: the code they
# asked for themselves, on the sign-in page.
ALWAYS_SENT = ("sign-in-code",)


def may_message(participant, purpose):
    return bool(participant.messages_safe) or purpose in ALWAYS_SENT


def _deliver(message, participant_id, conference_id, purpose):
    """Hand one message to the backend and record it. A failed delivery is recorded and
    logged (never with the address or the words) and does not undo what the person did:
    what they sent, or the alert they raised, is already saved and shown to staff. Only a
    sign-in code fails loudly, because the person is waiting for it on the page."""
    try:
        provider_id = backend().send(message)
    except notify.DeliveryFailed as error:
        log.warning("message not delivered: purpose=%s backend=%s (%s)", purpose,
                    current_app.config["NOTIFY_BACKEND"], type(error).__name__)
        audit.record("message.failed", participant_id=participant_id,
                     conference_id=conference_id, outcome="failed", detail=purpose)
        if purpose in ALWAYS_SENT:
            raise
        return False
    db.session.add(
        m.OutboxMessage(
            participant_id=participant_id,
            purpose=purpose,
            channel=message.channel,
            backend=current_app.config["NOTIFY_BACKEND"],
            provider_id=str(provider_id or ""),
        )
    )
    audit.record("message.sent", participant_id=participant_id,
                 conference_id=conference_id, detail=purpose)
    return True


def _send(participant, purpose, channel, address, subject, body):
    """Send one message, unless the person said messages to them are not safe."""
    if not may_message(participant, purpose):
        audit.record("message.withheld", participant_id=participant.id,
                     conference_id=participant.conference_id, outcome="refused",
                     detail=purpose)
        return False
    message = notify.Message(
        to=address, subject=subject, body=body, channel=channel, reference=purpose
    )
    notify.guard(message, _forbidden_terms(participant))
    return _deliver(message, participant.id, participant.conference_id, purpose)


def send_invitation(participant, channel, address, link):
    authority = participant.conference.authority
    with force_locale(participant.language):
        subject = _("You are invited to use %(service)s", service=_("Prepare for a conference"))
        body = "\n\n".join([
            _("%(authority)s has invited you to use the portal to get ready for a meeting.",
              authority=authority.name),
            _("Open this link to sign in. We will send you a code to enter:"),
            link,
            _("If you did not expect this, you can ignore it."),
        ])
    return _send(participant, "invitation", channel, address, subject, body)


def send_sign_in_code(participant, channel, address, code, minutes):
    # A person who said messages are not safe still gets the code they asked for.
    with force_locale(participant.language):
        subject = _("Your sign-in code")
        body = ngettext("Your sign-in code is %(code)s. It works for %(num)d minute. "
                        "Do not share it with anyone.",
                        "Your sign-in code is %(code)s. It works for %(num)d minutes. "
                        "Do not share it with anyone.", minutes, code=code)
    _send(participant, "sign-in-code", channel, address, subject, body)


def tell_family_who_may_see(conference, may_see):
    """Tell each family member who may see a new thing that there is something new.

    `may_see(viewer)` is the access rule for that thing; the link only leads to sign-in.
    """
    from flask import url_for

    from . import access

    link = current_app.config["PORTAL_BASE_URL"] + url_for("auth.sign_in")
    told = 0
    for person in conference.participants:
        viewer = access.viewer_for_participant(person)
        if viewer.is_family and may_see(viewer):
            told += bool(send_something_new(person, link))
    return told


def send_something_new(participant, link):
    """Tell someone there is something new in the portal; never what it is."""
    sent = False
    # The sign-in page opens in the language the message is written in.
    if participant.language and participant.language != "en":
        link += ("&" if "?" in link else "?") + f"lang={participant.language}"
    with force_locale(participant.language):
        subject = _("There is something new for you")
        body = "\n\n".join([
            _("There is something new for you in the portal."), _("Sign in to see it:"), link,
        ])
    for channel, address in (("email", participant.email), ("sms", participant.mobile)):
        if address:
            sent = _send(participant, "something-new", channel, address, subject, body)
            break
    return sent


# --- Views ---


def send_safety_alert(conference, link):
    """Tell the social workers and the authority's duty contact that a child may not be safe.

    The message says only that there is an urgent alert and where to sign in: never the
    child, the family, the conference or what was said. Returns how many were sent.
    """
    with force_locale("en"):
        subject = _("Urgent: a safety alert in the portal")
        body = "\n\n".join([
            _("A child has said they may not feel safe. Please sign in today to see the alert."),
            link,
        ])
    forbidden = _conference_terms(conference)
    sent = 0
    recipients = [(p, p.email or (p.staff_user.email if p.staff_user else None))
                  for p in conference.participants if p.role == m.SOCIAL_WORKER]
    recipients.append((None, conference.authority.duty_email or None))
    for person, address in recipients:
        if not address:
            continue
        message = notify.Message(to=address, subject=subject, body=body, channel="email",
                                 reference="safety-alert")
        notify.guard(message, forbidden)
        sent += _deliver(message, person.id if person else None, conference.id,
                         "safety-alert")
    return sent

# --- telling staff that a parent sent something ---------------------------


def tell_staff_something_new(conference, roles, purpose="family-sent"):
    """Tell the conference's staff in these roles that a family member sent something.
    The message says only that; the link leads to the staff sign-in."""
    from flask import url_for

    link = current_app.config["PORTAL_BASE_URL"] + url_for("auth.staff_sign_in")
    told = 0
    for person in conference.participants:
        if person.role not in roles:
            continue
        address = person.email or (person.staff_user.email if person.staff_user else None)
        if not address:
            continue
        with force_locale(person.language):
            subject = _("A family member has sent something")
            body = "\n\n".join([
                _("A family member has sent or changed something for a conference you are "
                  "part of."),
                _("Sign in to see it:"), link,
            ])
        told += bool(_send(person, purpose, "email", address, subject, body))
    return told
