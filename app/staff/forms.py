from datetime import datetime

from flask import current_app
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from app.data import models as m
from app.rules import clock
from app.rules.date_rules import PAST, conference_day_problem
from app.services import signin
from app.web import i18n
from app.web.date_input import DayField, required_day
from app.web.template_helpers import role_name
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l


def plausible_conference_day(form, field):
    """Not in the past, nor more than a year ahead (a typing mistake, like 0001 or 2207)."""
    if field.data is None:
        return
    problem = conference_day_problem(field.data, clock.uk_now().date())
    if problem == PAST:
        raise ValidationError(_l("The date of the conference must be today or in the future"))
    if problem:
        raise ValidationError(_l("The date of the conference must be within a year from today"))


def not_a_staff_address(form, role):
    """A family member is invited with their own address, never a staff account's: a
    member of staff must not sign in as a parent, a child or their advocate."""
    if role not in m.FAMILY_ROLES:
        return True
    which = signin.staff_address(form.email.data, form.mobile.data,
                                 current_app.config["LOOKUP_PEPPER"])
    if which is None:
        return True
    field = form.email if which == "email" else form.mobile
    field.errors = list(field.errors) + [
        _("This is a member of staff's own address. Invite a family member with their "
          "own email address or mobile phone number.")]
    return False


class ConferenceForm(FlaskForm):
    conference_type = RadioField(
        _l("Type of conference"),
        choices=[("initial", _l("Initial conference")), ("review", _l("Review conference"))],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose the type of conference"))],
    )
    date = DayField(
        _l("Date"),
        validators=[required_day(_l("Enter the date of the conference")), plausible_conference_day],
    )
    time = StringField(
        _l("Time professionals join"), widget=GovTextInput(), description=_l("For example, 10:30"),
        validators=[InputRequired(message=_l("Enter the time")),
                    Regexp(r"^\d{1,2}:\d{2}$", message=_l("Enter the time like 10:30"))],
    )
    premeet_time = StringField(
        _l("Time the family meets the chair (optional)"), widget=GovTextInput(),
        description=_l("Leave empty to use the usual 30 minutes before"),
        validators=[Optional(), Regexp(r"^\d{1,2}:\d{2}$",
                                       message=_l("Enter the time like 10:00"))],
    )
    format = RadioField(
        _l("How people attend"),
        choices=[("in_person", _l("In person")), ("online", _l("Online")),
                 ("hybrid", _l("In person or online (hybrid)"))],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose how people attend"))],
    )
    venue = StringField(_l("Where (for people attending in person)"), widget=GovTextInput(),
                        validators=[Optional(), Length(max=300)])
    joining_details = TextAreaField(_l("How to join online"), widget=GovTextArea(),
                                    validators=[Optional(), Length(max=1000)])
    children = StringField(
        _l("First names of the children"), widget=GovTextInput(),
        description=_l("Separate names with commas"),
        validators=[InputRequired(message=_l("Enter the first name of at least one child")),
                    Length(max=300)],
    )
    submit = SubmitField(_l("Create conference"), widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        """The date and times typed must make real moments (UK wall-clock time)."""
        if not super().validate(extra_validators):
            return False
        try:
            self.starts_at = self._moment(self.time.data)
            self.premeet_at = self._moment(self.premeet_time.data) if self.premeet_time.data \
                else None
        except ValueError:
            self.date.errors.append(_("Enter a real date and time"))
            return False
        return True

    def _moment(self, time):
        return datetime.fromisoformat(f"{self.date.data}T{time.zfill(5)}")

    def values(self):
        """The new conference, for app/services/conferences.create (once validated)."""
        return {
            "conference_type": self.conference_type.data, "starts_at": self.starts_at,
            "premeet_at": self.premeet_at, "format": self.format.data,
            "venue": self.venue.data, "joining_details": self.joining_details.data,
            "children": [n.strip() for n in self.children.data.split(",") if n.strip()],
        }


class InviteForm(FlaskForm):
    name = StringField(_l("Full name"), widget=GovTextInput(),
                       validators=[InputRequired(message=_l("Enter the person's name")),
                                   Length(max=200)])
    role = SelectField(
        _l("Role"),
        choices=[],  # filled in per request, in the reader's language
        widget=GovSelect(),
        validators=[InputRequired(message=_l("Choose a role"))],
    )
    child = SelectField(_l("Which child is this about? (young people, children and "
                           "advocates)"), choices=[], widget=GovSelect(),
                        validators=[Optional()])
    agency = StringField(_l("Agency (professionals)"), widget=GovTextInput(),
                         validators=[Optional(), Length(max=200)])
    email = StringField(_l("Email address"), widget=GovTextInput(),
                        validators=[Optional(), Email(message=_l(
                            "Enter an email address like name@example.com"))])
    mobile = StringField(_l("Mobile phone number"), widget=GovTextInput(),
                         validators=[Optional(), Regexp(r"^\+?[\d\s()-]{10,20}$", message=_l(
                             "Enter a mobile number like 07700 900 123"))])
    language = SelectField(_l("Language"), choices=list(i18n.LANGUAGES.items()),
                           widget=GovSelect(), default="en")
    submit = SubmitField(_l("Send invitation"), widget=GovSubmitInput())

    def __init__(self, *args, children=(), roles=m.PARTICIPANT_ROLES, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the roles this person may invite (the access policy decides).
        self.role.choices = [(role, role_name(role)) for role in roles]
        # A child's first name is for staff eyes only, so it is fine on this staff page.
        self.child.choices = [("", "")] + [(child.id, child.first_name) for child in children]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if (self.role.data in m.ABOUT_ONE_CHILD and len(self.child.choices) > 1
                and not self.child.data):
            self.child.errors.append(_l("Choose the child this person is about"))
            ok = False
        if not (self.email.data or self.mobile.data):
            self.email.errors.append(_l("Enter an email address or a mobile phone number"))
            ok = False
        return ok and not_a_staff_address(self, self.role.data)

    def values(self):
        """The person to invite, for app/services/invitations.invite."""
        return {"role": self.role.data, "name": self.name.data.strip(),
                "child_id": self.child.data, "agency": self.agency.data or "",
                "language": self.language.data, "email": self.email.data,
                "mobile": self.mobile.data}


class SeenForm(FlaskForm):
    submit = SubmitField(_l("Mark as seen"), widget=GovSubmitInput())


class ChangeConferenceForm(FlaskForm):
    """Reschedule, or change where and how people attend."""

    date = DayField(
        _l("Date"),
        validators=[required_day(_l("Enter the date of the conference")), plausible_conference_day],
    )
    time = ConferenceForm.time
    premeet_time = ConferenceForm.premeet_time
    format = ConferenceForm.format
    venue = ConferenceForm.venue
    joining_details = ConferenceForm.joining_details
    submit = SubmitField(_l("Save and tell everyone"), widget=GovSubmitInput())

    @classmethod
    def of(cls, conference):
        """The form filled in with the conference as it is now."""
        return cls(data={
            "date": conference.starts_at.date(), "time": conference.starts_at.strftime("%H:%M"),
            "premeet_time": (conference.premeet_at.strftime("%H:%M")
                             if conference.premeet_at else ""),
            "format": conference.format, "venue": conference.venue or "",
            "joining_details": conference.joining_details or ""})

    def validate(self, extra_validators=None):
        """The date and times typed must make real moments (UK wall-clock time)."""
        if not super().validate(extra_validators):
            return False
        try:
            self.starts_at = ConferenceForm._moment(self, self.time.data)
            self.premeet_at = (ConferenceForm._moment(self, self.premeet_time.data)
                               if self.premeet_time.data else None)
        except ValueError:
            self.time.errors.append(_("Enter a real time, like 10:30"))
            return False
        return True

    def values(self):
        """The conference as changed, for app/services/conferences.change."""
        return {"starts_at": self.starts_at, "premeet_at": self.premeet_at,
                "format": self.format.data, "venue": self.venue.data or None,
                "joining_details": self.joining_details.data or None}


class StatusForm(FlaskForm):
    status = RadioField(
        _l("Is the conference going ahead?"),
        choices=[("scheduled", _l("Yes, it goes ahead as planned")),
                 ("postponed", _l("Postponed: a new date will follow")),
                 ("cancelled", _l("Cancelled"))],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose whether the conference goes ahead"))],
    )
    submit = SubmitField(_l("Save and tell everyone"), widget=GovSubmitInput())


class PersonForm(FlaskForm):
    """Correct a person's name, contact details or language."""

    name = InviteForm.name
    email = InviteForm.email
    mobile = InviteForm.mobile
    language = InviteForm.language
    submit = SubmitField(_l("Save changes"), widget=GovSubmitInput())

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    @classmethod
    def of(cls, person):
        """The form filled in with the person's details as they are now."""
        return cls(person=person, data={
            "name": person.name, "email": person.email or "", "mobile": person.mobile or "",
            "language": person.language})

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not (self.email.data or self.mobile.data):
            self.email.errors.append(_l("Enter an email address or a mobile phone number"))
            ok = False
        return ok and not_a_staff_address(self, self.person.role)

    def values(self):
        """The corrected details, for app/services/invitations.correct."""
        return {"name": self.name.data.strip(), "email": self.email.data or None,
                "mobile": self.mobile.data or None, "language": self.language.data}


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class InterpreterAccessForm(FlaskForm):
    allow = RadioField(
        _l("May they help with the reports and the outcome?"),
        choices=[("yes", _l("Yes: they read the reports shared with the family, and the "
                             "outcome")),
                 ("no", _l("No: they interpret at the meeting only"))],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose yes or no"))],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())
