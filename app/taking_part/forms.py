from datetime import datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from app.data import models as m
from app.rules import date_rules
from app.web.date_input import DayField, optional_day, required_day
from app.web.translation import lazy_gettext as _l


def _moment(day, time):
    return datetime.fromisoformat(f"{day.isoformat()}T{time.zfill(5)}")


def _add_error(field, message):
    field.errors = [*field.errors, message]
    return False


def _still_to_come(field, today, past, too_far):
    """A meeting day typed: not in the past, nor more than a year ahead (`today` is set by
    the page). The messages say which date is wrong."""
    problem = date_rules.meeting_to_come_problem(field.data, today)
    if problem == date_rules.PAST:
        return _add_error(field, past)
    if problem == date_rules.TOO_FAR:
        return _add_error(field, too_far)
    return True


TIME = Regexp(r"^\d{1,2}:\d{2}$", message=_l("Enter the time like 10:00"))


class TakingPartForm(FlaskForm):
    mode = RadioField(
        _l("How does this parent take part?"),
        choices=[(m.WHOLE_MEETING, _l("The whole meeting")),
                 (m.SEPARATELY, _l("Separately with the chair"))],
        widget=GovRadioInput(), default=m.WHOLE_MEETING,
        validators=[InputRequired(message=_l("Choose how this parent takes part"))])
    reason = TextAreaField(
        _l("Why they take part separately (staff only)"), widget=GovTextArea(),
        description=_l("The family never sees this."), validators=[Length(max=2000)])
    meets_date = DayField(_l("Date the chair meets them"), validators=[optional_day])
    meets_time = StringField(_l("Time the chair meets them"), widget=GovTextInput(),
                             description=_l("For example, 10:00"),
                             validators=[Optional(), TIME])
    meets_how = RadioField(
        _l("How the chair meets them"),
        choices=[(m.SEPARATE_IN_PERSON, _l("In person")), (m.SEPARATE_VIDEO, _l("By video"))],
        widget=GovRadioInput(), validators=[Optional()])
    place = StringField(_l("Where (in person)"), widget=GovTextInput(),
                        validators=[Optional(), Length(max=300)])
    joining_details = TextAreaField(
        _l("How to join their meeting (video)"), widget=GovTextArea(),
        description=_l("For their part only: never the main meeting's link."),
        validators=[Optional(), Length(max=1000)])
    save_part = SubmitField(_l("Save how they take part"), widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.mode.data != m.SEPARATELY:
            return valid
        if not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors,
                                  _l("Enter why this parent takes part separately")]
            valid = False
        if self.meets_date.data is None and not self.meets_date.errors:
            valid = _add_error(self.meets_date, _l("Enter the date the chair meets them"))
        if not self.meets_time.data:
            self.meets_time.errors = [*self.meets_time.errors,
                                      _l("Enter the time the chair meets them")]
            valid = False
        if not self.meets_how.data:
            self.meets_how.errors = [*self.meets_how.errors,
                                     _l("Choose how the chair meets them")]
            valid = False
        return valid and self._plausible_day() and self._meets_before(
            getattr(self, "starts_at", None))

    def _plausible_day(self):
        """Not in the past nor a year ahead; a day already recorded may stay (`recorded_day`
        and `today` are set by the page), so the arrangement can be corrected afterwards."""
        if self.meets_date.data == getattr(self, "recorded_day", None):
            return True
        return _still_to_come(
            self.meets_date, getattr(self, "today", self.meets_date.data),
            _l("The date the chair meets them must be today or in the future"),
            _l("The date the chair meets them must be within a year from today"))

    def _meets_before(self, starts_at):
        """The chair's meeting with them is a real moment, before the professionals meet."""
        try:
            self.meets_at = _moment(self.meets_date.data, self.meets_time.data)
        except ValueError:
            return _add_error(self.meets_time, _l("Enter a real time, like 10:30"))
        if starts_at is not None and self.meets_at >= starts_at:
            return _add_error(self.meets_time,
                              _l("The chair meets them before the professionals meet"))
        return True

    def values(self):
        """What is recorded, once valid: nothing but the mode for the whole meeting."""
        separately = self.mode.data == m.SEPARATELY

        def text(field):
            return (field.data or "").strip() or None if separately else None

        return {"mode": self.mode.data, "reason": text(self.reason),
                "meets_chair_at": self.meets_at if separately else None,
                "meets_how": self.meets_how.data if separately else None,
                "place": text(self.place), "joining_details": text(self.joining_details)}

    def fill(self, row):
        """Show what is recorded."""
        if row is None:
            return
        self.mode.data, self.reason.data = row.mode, row.reason or ""
        if row.meets_chair_at:
            self.meets_date.data = row.meets_chair_at.date()
            self.meets_time.data = row.meets_chair_at.strftime("%H:%M")
        self.meets_how.data = row.meets_how
        self.place.data = row.place or ""
        self.joining_details.data = row.joining_details or ""


class OutcomeDeliveryForm(FlaskForm):
    outcome_by = RadioField(
        _l("How should the decisions reach this parent?"),
        choices=[(m.OUTCOME_BY_PORTAL, _l("On the portal")),
                 (m.OUTCOME_ON_PAPER, _l("On paper, from the social worker"))],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose how the decisions reach them"))])
    password = RadioField(
        _l("Do they want a password on the file?"),
        choices=[("yes", _l("Yes")), ("no", _l("No"))], widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose if they want a password"))])
    save_delivery = SubmitField(_l("Save how they get the decisions"),
                                widget=GovSubmitInput())

    def fill(self, row):
        if row is not None and row.outcome_by:
            self.outcome_by.data = row.outcome_by
            self.password.data = "yes" if row.outcome_password else "no"


class HeldForm(FlaskForm):
    submit = SubmitField(_l("Mark as held"), widget=GovSubmitInput())


class PaperGivenForm(FlaskForm):
    given_on = DayField(_l("Date given"),
                        validators=[required_day(_l("Enter the date given"))])
    submit = SubmitField(_l("Save the date given"), widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        """A real day, today or earlier, and not before the decisions were published
        (`today` and `published_on` are set by the page)."""
        if not super().validate(extra_validators):
            return False
        self.day = self.given_on.data
        problem = date_rules.given_day_problem(self.day, getattr(self, "today", self.day),
                                               getattr(self, "published_on", None))
        if problem == date_rules.FUTURE:
            return _add_error(self.given_on, _l("The date given must be today or earlier"))
        if problem == date_rules.BEFORE_PUBLISHED:
            return _add_error(self.given_on, _l(
                "The date given cannot be before the decisions were published"))
        return True


class MeetingChangeForm(FlaskForm):
    kind = RadioField(
        _l("What happened?"),
        choices=[(m.HELD_AS_PLANNING_MEETING, _l("Held as a smaller planning meeting")),
                 (m.POSTPONED, _l("Postponed"))],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose what happened"))])
    reason = TextAreaField(_l("Why (staff only)"), widget=GovTextArea(),
                           description=_l("The family never sees this."),
                           validators=[InputRequired(message=_l("Enter why")),
                                       Length(max=2000)])
    agreed_by = StringField(_l("Who agreed it"), widget=GovTextInput(),
                            validators=[InputRequired(message=_l("Enter who agreed it")),
                                        Length(max=300)])
    new_date = DayField(_l("New date (if postponed and known)"), validators=[optional_day])
    new_time = StringField(_l("New time professionals join"), widget=GovTextInput(),
                           description=_l("For example, 10:30"),
                           validators=[Optional(), TIME])
    submit = SubmitField(_l("Record what happened"), widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        """A new date, if given for a postponement, is still to come and makes a real moment
        (`today` and `starts_at` are set by the page; `starts_at` gives the time when none
        is typed)."""
        self.new_starts_at = None
        if not super().validate(extra_validators):
            return False
        if self.kind.data != m.POSTPONED or self.new_date.data is None:
            return True
        if not _still_to_come(self.new_date, getattr(self, "today", self.new_date.data),
                              _l("The new date must be today or in the future"),
                              _l("The new date must be within a year from today")):
            return False
        starts_at = getattr(self, "starts_at", None)
        try:
            self.new_starts_at = _moment(self.new_date.data, self.new_time.data or (
                starts_at.strftime("%H:%M") if starts_at else "10:00"))
        except ValueError:
            return _add_error(self.new_time, _l("Enter a real time, like 10:30"))
        return True
