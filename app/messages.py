"""What the portal says in emails and text messages, in each person's language.

Messages never carry a child's name, case detail or a document: only a code,
a link, or "there is something new for you". guard() refuses any message that
would name a child or a family member of the conference.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from . import audit, notify
from . import models as m
from .extensions import db

_backend_cache = {}


def backend():
    config = current_app.config
    key = (config["NOTIFY_BACKEND"], config.get("OUTBOX_DIR"), config.get("SMTP_HOST"),
           config.get("SMTP_PORT"))
    if key not in _backend_cache:
        _backend_cache[key] = notify.backend_from_config(config)
    return _backend_cache[key]


def _forbidden_terms(participant):
    conference = participant.conference
    terms = [child.first_name for child in conference.children]
    for person in conference.participants:
        if person.role in m.FAMILY_ROLES:
            terms.extend((person.name or "").split())
    return terms


def _send(participant, purpose, channel, address, subject, body):
    message = notify.Message(
        to=address, subject=subject, body=body, channel=channel, reference=purpose
    )
    notify.guard(message, _forbidden_terms(participant))
    provider_id = backend().send(message)
    db.session.add(
        m.OutboxMessage(
            participant_id=participant.id,
            purpose=purpose,
            channel=channel,
            backend=current_app.config["NOTIFY_BACKEND"],
            provider_id=str(provider_id or ""),
        )
    )
    audit.record("message.sent", participant_id=participant.id,
                 conference_id=participant.conference_id, detail=purpose)


def send_invitation(participant, channel, address, link):
    if not participant.messages_safe:
        return False
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
    _send(participant, "invitation", channel, address, subject, body)
    return True


def send_sign_in_code(participant, channel, address, code, minutes):
    # A person who said messages are not safe still gets the code they asked for.
    with force_locale(participant.language):
        subject = _("Your sign-in code")
        body = _("Your sign-in code is %(code)s. It works for %(minutes)d minutes. "
                 "Do not share it with anyone.", code=code, minutes=minutes)
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
    if not participant.messages_safe:
        return False
    sent = False
    with force_locale(participant.language):
        subject = _("There is something new for you")
        body = "\n\n".join([
            _("There is something new for you in the portal."), _("Sign in to see it:"), link,
        ])
    for channel, address in (("email", participant.email), ("sms", participant.mobile)):
        if address:
            _send(participant, "something-new", channel, address, subject, body)
            sent = True
            break
    return sent
