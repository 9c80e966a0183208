from flask_babel import lazy_gettext as _l
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

DATE = Regexp(r"^\d{4}-\d{2}-\d{2}$", message=_l("Enter the date like 2027-01-25"))
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
    meets_date = StringField(_l("Date the chair meets them"), widget=GovTextInput(),
                             description=_l("For example, 2027-01-25"),
                             validators=[Optional(), DATE])
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
        if not self.meets_date.data:
            self.meets_date.errors = [*self.meets_date.errors,
                                      _l("Enter the date the chair meets them")]
            valid = False
        if not self.meets_time.data:
            self.meets_time.errors = [*self.meets_time.errors,
                                      _l("Enter the time the chair meets them")]
            valid = False
        if not self.meets_how.data:
            self.meets_how.errors = [*self.meets_how.errors,
                                     _l("Choose how the chair meets them")]
            valid = False
        return valid


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


class HeldForm(FlaskForm):
    submit = SubmitField(_l("Mark as held"), widget=GovSubmitInput())


class PaperGivenForm(FlaskForm):
    given_on = StringField(_l("Date given"), widget=GovTextInput(),
                           description=_l("For example, 2027-01-25"),
                           validators=[InputRequired(message=_l("Enter the date given")),
                                       DATE])
    submit = SubmitField(_l("Save the date given"), widget=GovSubmitInput())


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
    new_date = StringField(_l("New date (if postponed and known)"), widget=GovTextInput(),
                           description=_l("For example, 2027-01-25"),
                           validators=[Optional(), DATE])
    new_time = StringField(_l("New time professionals join"), widget=GovTextInput(),
                           description=_l("For example, 10:30"),
                           validators=[Optional(), TIME])
    submit = SubmitField(_l("Record what happened"), widget=GovSubmitInput())
