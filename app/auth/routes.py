"""The routes of the auth pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services.
"""

import secrets

import flask_babel
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from app.auth.forms import AddressForm, CodeForm, SendCodeForm, StaffSignInForm
from app.extensions import db, limiter
from app.rules.clock import utcnow
from app.services import audit, messages, notify, signin
from app.web import i18n
from app.web.guards import after_sign_in_path
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l

from . import bp


def _address_key():
    """Rate limits per address, so one person cannot be flooded with codes from many places."""
    address = request.form.get("address", "")
    return "address:" + signin.address_lookup(address, current_app.config["LOOKUP_PEPPER"])


def _invitation_key():
    return "invite:" + (request.view_args or {}).get("token", "")[-24:]


def _new_attempt():
    attempt = secrets.token_urlsafe(24)
    session["sign_in_attempt"] = attempt
    return attempt


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], key_func=_invitation_key)
def invitation(token):
    config = current_app.config
    invitation = signin.open_invitation(token, config["LOOKUP_PEPPER"], config["INVITATION_DAYS"],
                                        utcnow())
    if invitation is None:
        audit.refused("sign_in.link_invalid")
        abort(404)
    form = SendCodeForm()
    if form.validate_on_submit():
        return _send_invitation_code(invitation, form)
    audit.noted("sign_in.link_opened", participant_id=invitation.participant_id)
    # The page opens in the language the invitation was written in, unless this device
    # has already chosen one.
    if "lang" not in session and invitation.participant.language in i18n.LANGUAGES:
        session["lang"] = invitation.participant.language
        flask_babel.refresh()
    return _invitation_page(form)


def _invitation_page(form, status=200):
    return render_template("auth/invitation.html", form=form,
                           title=_l("Sign in to prepare for the conference")), status


def _send_invitation_code(invitation, form):
    participant = invitation.participant
    _link, (channel, address) = signin.link_and_code_channels(participant)
    if channel == "sms" and participant.email and not messages.can_send_sms():
        channel, address = "email", participant.email  # no SMS path: by email
    try:
        sent = signin.send_code(participant, channel, address, _new_attempt(), utcnow())
    except (notify.DeliveryFailed, notify.UnsupportedChannel):
        # The mail or text service refused or did not answer: the failure is on record,
        # and the person is told, on this page, to try again.
        flash(_("We could not send your code just now. Wait a few minutes and try "
                "again. If it keeps happening, contact your social worker."))
        return _invitation_page(form, 503)
    if not sent:
        abort(429)
    session["invitation_id"] = invitation.id
    session["code_channel"] = channel
    session["code_sent_to"] = signin.masked_address(address)
    return redirect(url_for("auth.enter_code"))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"], key_func=_address_key)
def sign_in():
    form = AddressForm()
    if form.validate_on_submit():
        address = form.address.data.strip()
        attempt = _new_attempt()
        session["code_channel"] = "email" if "@" in address else "sms"
        session["code_sent_to"] = signin.masked_address(address)
        session.pop("invitation_id", None)
        response = redirect(url_for("auth.enter_code"))
        # Same page, and the same work before it goes, whether or not we know the address:
        # who it belongs to is looked up, and any code sent, only after the response has
        # gone, so nobody can fish for addresses by timing the answer.
        # The language of this page, read now: after the response there is no session.
        after_response(response, _code_for_address, address, attempt, session.get("lang"))
        return response
    return render_template("auth/sign_in.html", form=form, title=_l("Sign in"))


def after_response(response, job, *args):
    """Run job(*args) once the response has been sent (the WSGI server closes it), in its
    own app context. A failure is logged; the person has already had their page."""
    app = current_app._get_current_object()

    def run():
        with app.app_context():
            try:
                job(*args)
            except Exception:
                db.session.rollback()
                app.logger.exception("work after the response failed: %s", job.__name__)

    response.call_on_close(run)
    return response


def _code_for_address(address, attempt, language=None):
    signin.code_for_address(address, attempt, utcnow(), language=language)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit("30 per 15 minutes", methods=["POST"])
def enter_code():
    attempt = session.get("sign_in_attempt")
    if not attempt:
        return redirect(url_for("auth.sign_in"))
    config = current_app.config
    form = CodeForm()
    if form.validate_on_submit():
        result, participant = signin.check_code(
            attempt, form.code.data, config["LOOKUP_PEPPER"], config["SIGN_IN_CODE_TRIES"], utcnow()
        )
        if result == signin.CodeResult.OK:
            row = signin.signed_in_with_code(participant, session.get("invitation_id"), utcnow())
            _new_session()
            login_user(signin.SignedIn(row))
            # Back to a form whose text was kept when the last session ended, if any.
            return redirect(after_sign_in_path(participant) or url_for("home.index"))
        signin.code_refused(result, participant)
        form.refuse(result)
    return render_template("auth/code.html", form=form, channel=session.get("code_channel", "sms"),
                           sent_to=session.get("code_sent_to"),
                           tries_left=signin.tries_left(attempt, config["LOOKUP_PEPPER"],
                                                        config["SIGN_IN_CODE_TRIES"]),
                           title=_l("Enter your sign-in code"))


def _new_session():
    """A new session at every sign-in; the language chosen on the page stays."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


@bp.route("/staff/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"])
def staff_sign_in():
    form = StaffSignInForm()
    if form.validate_on_submit():
        user = signin.authenticate_staff(form.email.data, form.password.data, form.totp.data)
        if user is not None:
            _new_session()
            login_user(signin.SignedIn(signin.staff_signed_in(user, utcnow())))
            # Back to a form whose text was kept when the last session ended, if any.
            return redirect(after_sign_in_path(staff_user=user) or url_for("staff.dashboard"))
        audit.refused("staff_sign_in.failed")
        form.refuse()
    return render_template("auth/staff_sign_in.html", form=form, title=_l("Staff sign in"))


def _end_session():
    """End the session on the server and forget it here; the language chosen, if any."""
    lang = session.get("lang")
    if current_user.is_authenticated:
        if current_user.participant:
            lang = lang or current_user.participant.language
        signin.sign_out(current_user, utcnow())
    logout_user()
    session.clear()
    return lang


def _forgetting(response):
    # The browser forgets cookies and cached pages, so "back" shows nothing private.
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    lang = _end_session()
    # The browser is told to forget cookies too, so the language travels in the address.
    return _forgetting(redirect(
        url_for("auth.signed_out", lang=lang if lang in i18n.LANGUAGES else None)))


@bp.route("/exit")
def exit_this_page():
    """"Exit this page", with or without JavaScript (the button is a link here, and the
    script's Shift pressed three times follows the same link): sign out, then leave for a
    neutral site. A plain link, so that it is as quick as leaving can be; signing someone
    out is all a link from elsewhere could do with it."""
    _end_session()
    return _forgetting(redirect(current_app.config["EXIT_URL"]))


@bp.route("/signed-out")
def signed_out():
    return render_template("auth/signed_out.html", title=_l("You have signed out"))
