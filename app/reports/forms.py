from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.data import models as m

TEXT_LIMIT = 50000


def _length(limit):
    return Length(max=limit, message=lazy_ngettext(
        "Write %(num)d character or fewer", "Write %(num)d characters or fewer", limit))


class UploadReportForm(FlaskForm):
    title = StringField(
        _l("Title of the report"), widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter a title for the report")), _length(200)],
    )
    agency = StringField(
        _l("Your agency"), widget=GovTextInput(),
        description=_l("For example: police, school, health visiting"),
        validators=[InputRequired(message=_l("Enter your agency")), _length(200)],
    )
    author_role = StringField(
        _l("Your role"), widget=GovTextInput(),
        description=_l("For example: class teacher, health visitor"),
        validators=[InputRequired(message=_l("Enter your role")), _length(200)],
    )
    summary = TextAreaField(
        _l("A short summary for the family"), widget=GovTextArea(),
        description=_l("Use plain words. The family reads this first."),
        validators=[InputRequired(message=_l("Write a short summary for the family")),
                    _length(2000)],
    )
    text = TextAreaField(
        _l("Your report, written here (optional if you add a PDF)"), widget=GovTextArea(),
        description=_l("Leave an empty line between paragraphs. The family can read this "
                       "on a phone."),
        validators=[Optional(), _length(TEXT_LIMIT)],
    )
    document = FileField(_l("The report as a PDF"), widget=GovFileInput())
    for_young_person = BooleanField(
        _l("The young person may read this report too"), widget=GovCheckboxInput(),
    )
    police_open_information = BooleanField(
        _l("This is open information from the police"), widget=GovCheckboxInput(),
        description=_l("Police information for the family is due 24 hours before the meeting"),
    )
    sharing = RadioField(
        _l("Who may read it"),
        choices=[
            ("family", _l("Share it with the family")),
            (m.WITHHOLD_ALL, _l("Ask the chair to keep all of it for professionals only")),
            (m.WITHHOLD_PART, _l("Ask the chair to keep part of it for professionals only")),
        ],
        default="family", widget=GovRadioInput(),
        description=_l("Reports go to the family unless the chair agrees that they hold "
                       "information about other people, such as police intelligence."),
        # No InputRequired: a form sent without the choice means the default, the family.
    )
    withhold_reason = TextAreaField(
        _l("Why it must stay with professionals only"), widget=GovTextArea(),
        description=_l("Only if you ask the chair. The family does not see this."),
        validators=[Optional(), _length(2000)],
    )
    family_document = FileField(
        _l("The version for the family, as a PDF"), widget=GovFileInput(),
        description=_l("Only if you ask to keep part of it: the report without that part."),
    )
    family_text = TextAreaField(
        _l("The version for the family, written here"), widget=GovTextArea(),
        description=_l("Only if you ask to keep part of it."),
        validators=[Optional(), _length(TEXT_LIMIT)],
    )
    submit = SubmitField(_l("Add the report"), widget=GovSubmitInput())


class MarkReadForm(FlaskForm):
    submit = SubmitField(_l("I have read this"), widget=GovSubmitInput())


class HelpForm(FlaskForm):
    """Asking for help with a report: the message to staff says only which kind."""

    not_understood = SubmitField(_l("I do not understand it"), widget=GovSubmitInput())
    talk = SubmitField(_l("I want to talk to someone about it"), widget=GovSubmitInput())


class ReplyForm(FlaskForm):
    agrees = RadioField(
        _l("What do you think of this report?"),
        choices=[("agree", _l("I agree with it")),
                 ("disagree", _l("I disagree with parts of it"))],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose whether you agree or disagree"))],
    )
    reason = TextAreaField(
        _l("What do you disagree with, and why?"), widget=GovTextArea(),
        description=_l("Say which part, and what you think really happened. The chair and "
                       "the person who wrote the report will read this before the meeting."),
        validators=[Optional(), _length(5000)],
    )
    submit = SubmitField(_l("Send my reply"), widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Your decision"),
        choices=[("agreed", _l("Agree: keep it for professionals only as asked")),
                 ("refused", _l("Do not agree: share the whole report with the family"))],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose your decision"))],
    )
    reason = TextAreaField(
        _l("The reason for your decision"), widget=GovTextArea(),
        description=_l("This is kept in the record of the conference."),
        validators=[InputRequired(message=_l("Write the reason for your decision")),
                    _length(2000)],
    )
    submit = SubmitField(_l("Record the decision"), widget=GovSubmitInput())


class RedactedVersionForm(FlaskForm):
    recipient = RadioField(
        _l("Which parent gets this version?"), widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose the parent"))],
    )
    summary = TextAreaField(
        _l("Summary for this parent"), widget=GovTextArea(),
        validators=[InputRequired(message=_l("Write a short summary for the family")),
                    _length(2000)],
    )
    text = TextAreaField(
        _l("Written report for this parent"), widget=GovTextArea(),
        description=_l("Edit out what this parent must not read."),
        validators=[Optional(), _length(TEXT_LIMIT)],
    )
    document = FileField(
        _l("Redacted PDF (optional)"), widget=GovFileInput(),
        description=_l("If you do not add one, this parent gets no PDF, only the text above."),
    )
    submit = SubmitField(_l("Save this parent's version"), widget=GovSubmitInput())
