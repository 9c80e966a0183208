"""Forms for preparing: one worksheet question a page, who may read it, sending,
practical needs and the private safety request."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.data import models as m
from app.services import preparation
from app.web.forms import answer_field
from app.web.translation import lazy_gettext as _l
from app.web.translation import lazy_ngettext
from app.web.validators import RequiredIf

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
SHORT = 100
MEDIUM = 1000


def _too_long(limit):
    return Length(max=limit, message=lazy_ngettext(
        "Write %(num)d character or fewer", "Write %(num)d characters or fewer", limit))


def _hint(hint):
    # No hint is an empty one: the component would print "None" as the hint otherwise.
    return "" if hint is None else hint


def short_text(label, hint=None, limit=SHORT, required_if=None):
    """A short answer, optional unless `required_if` (a RequiredIf) says otherwise."""
    first = [required_if] if required_if else []
    return StringField(label, description=_hint(hint), widget=GovTextInput(),
                       validators=[*first, Optional(), _too_long(limit)])


def long_text(label, hint=None, limit=MEDIUM):
    return TextAreaField(label, description=_hint(hint), widget=GovCharacterCount(),
                         validators=[Optional(), _too_long(limit)])


def yes_no(label, hint=None, message=None):
    return RadioField(label, description=_hint(hint), choices=YES_NO, widget=GovRadioInput(),
                      validators=[InputRequired(message=message or _l("Choose yes or no"))])


class SectionForm(FlaskForm):
    """One worksheet question: the label, prompt and example come from the section."""

    answer = answer_field("", None, preparation.SECTION_LIMIT)
    # The fingerprint of the saved answer this page showed (see preparation.text_mark).
    seen = HiddenField()
    save_continue = SubmitField(_l("Save and continue"), widget=GovSubmitInput())
    save_later = SubmitField(_l("Save and come back later"), widget=GovSubmitInput())


class AudienceForm(FlaskForm):
    audience = RadioField(
        _l("Who can read your worksheet?"),
        choices=[
            (m.AUDIENCE_EVERYONE, _l("Everyone at the conference")),
            (m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER, _l("Only the chair and the social worker")),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose who can read your worksheet"))],
    )
    save_continue = SubmitField(_l("Save and continue"), widget=GovSubmitInput())


class SendForm(FlaskForm):
    """The revision shown on the check page: a double submit, or a page left open while
    the answers changed elsewhere, never sends twice or sends what was not checked."""

    revision = HiddenField()
    send = SubmitField(_l("Send to the conference"), widget=GovSubmitInput())


class _NeedsStep(FlaskForm):
    """One short step of practical needs; `FIELDS` are the answers it saves."""

    FIELDS: tuple = ()
    save = SubmitField(_l("Save and continue"), widget=GovSubmitInput())

    def answers(self):
        return {name: (self[name].data or "").strip() for name in self.FIELDS}

    def wants_invitation(self):
        """Whether the parent asked for their supporter to be invited to the portal."""
        return False


class InterpreterForm(_NeedsStep):
    FIELDS = ("interpreter", "language", "dialect")
    interpreter = yes_no(_l("Do you need an interpreter?"),
                         _l("An interpreter is free. They keep what they hear private."))
    language = short_text(_l("Which language?"), _l("For example: Polish"),
                          required_if=RequiredIf("interpreter", "yes",
                                                 message=_l("Enter the language you need")))
    dialect = short_text(_l("Which dialect, if it matters?"), _l("For example: Silesian"))


class SupporterForm(_NeedsStep):
    FIELDS = ("supporter", "supporter_name", "supporter_relationship", "supporter_contact")
    supporter = yes_no(_l("Do you want to bring someone to support you?"),
                       _l("A friend or relative. They cannot speak for you, but they can "
                          "sit with you."))
    supporter_name = short_text(_l("Their name"), required_if=RequiredIf(
        "supporter", "yes", message=_l("Enter your supporter's name")))
    supporter_relationship = short_text(_l("Who are they to you?"),
                                        _l("For example: my sister, a friend"))
    supporter_contact = short_text(
        _l("Their email address or mobile phone number"),
        _l("Only if you want us to send them an invitation to the portal"), limit=254)
    invite_supporter = BooleanField(_l("Send them an invitation to the portal"),
                                    widget=GovCheckboxInput())

    def wants_invitation(self):
        return bool(self.invite_supporter.data) and self.supporter.data == "yes"

    def validate(self, extra_validators=None):
        """The field checks (the name is required for a "yes" by its RequiredIf), then
        the contact, which depends on two other answers: needed to send an invitation,
        and a real address or number whenever it is given."""
        ok = super().validate(extra_validators)
        if self.supporter.data != "yes":
            return ok  # the details of a "no" are not kept, so not checked either
        contact = (self.supporter_contact.data or "").strip()
        if not self.supporter_contact.errors:
            if self.invite_supporter.data and not contact:
                self.supporter_contact.errors.append(_l(
                    "Enter their email address or mobile phone number, so we can send "
                    "the invitation"))
            elif contact and not _looks_like_contact(contact):
                self.supporter_contact.errors.append(_l(
                    "Enter an email address like name@example.com, or a UK mobile number "
                    "like 07700 900 982"))
        return ok and not (self.supporter_name.errors or self.supporter_contact.errors)


class GettingThereForm(_NeedsStep):
    FIELDS = ("childcare", "transport", "accessibility")
    childcare = yes_no(_l("Do you need help with childcare so you can come?"))
    transport = yes_no(_l("Do you need help with transport to get there?"))
    accessibility = long_text(
        _l("Do you have any access needs? (optional)"),
        _l("For example: step-free access, a hearing loop, large print, or breaks"), limit=500)


class TakingPartForm(_NeedsStep):
    FIELDS = ("attend",)
    attend = RadioField(
        _l("How do you want to take part?"),
        choices=[
            ("in_person", _l("In person, in the room")),
            ("online", _l("Online, by video")),
            ("hybrid", _l("Partly in the room and partly online")),
            ("phone", _l("By phone only")),
            ("cannot", _l("I cannot come")),
        ],
        description=_l("If you cannot come, the chair will read out what you wrote in "
                       "your worksheet."),
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose how you want to take part"))],
    )


NEEDS_FORMS = {"interpreter": InterpreterForm, "supporter": SupporterForm,
               "getting-there": GettingThereForm, "taking-part": TakingPartForm}


def _looks_like_contact(value):
    from app.services.notify import looks_like_email
    from app.services.signin import normalise_address

    if "@" in value:
        return looks_like_email(value)
    digits = normalise_address(value)
    return digits.startswith("07") and len(digits) == 11


class SafetyRequestForm(FlaskForm):
    unsafe_with = long_text(
        _l("Is there anyone you do not feel safe being in the same room with? (optional)"),
        _l("Tell us who, and we will plan the meeting so you do not have to be together."))
    keep_from = long_text(
        _l("Are there contact details we must keep from someone coming to the conference? "
           "(optional)"),
        _l("For example: my new address, my phone number."))
    safe_contact = long_text(
        _l("What is a safe way and time to contact you? (optional)"),
        _l("For example: call my mobile on weekdays between 10am and 2pm."))
    messages_safe = yes_no(
        _l("Is it safe for us to send messages to your phone or email?"),
        _l("If you say no, the portal will not send you any messages, except the sign-in "
           "codes you ask for."))
    send = SubmitField(_l("Send to the chair and social worker"), widget=GovSubmitInput())

    def answers(self):
        return {name: (self[name].data or "").strip() for name in preparation.SAFETY_FIELDS}
