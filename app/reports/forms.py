from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length


class UploadReportForm(FlaskForm):
    title = StringField(
        _l("Title of the report"), widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter a title for the report")),
                    Length(max=200, message=_l("Write 200 characters or fewer"))],
    )
    agency = StringField(
        _l("Your agency"), widget=GovTextInput(),
        description=_l("For example: police, school, health visiting"),
        validators=[InputRequired(message=_l("Enter your agency")),
                    Length(max=200, message=_l("Write 200 characters or fewer"))],
    )
    summary = TextAreaField(
        _l("A short summary for the family"), widget=GovTextArea(),
        description=_l("Use plain words. The family reads this first."),
        validators=[InputRequired(message=_l("Write a short summary for the family")),
                    Length(max=2000, message=_l("Write 2000 characters or fewer"))],
    )
    document = FileField(_l("The report as a PDF"), widget=GovFileInput())
    for_young_person = BooleanField(
        _l("The young person may read this report too"), widget=GovCheckboxInput(),
    )
    police_open_information = BooleanField(
        _l("This is open information from the police"), widget=GovCheckboxInput(),
        description=_l("Police information for the family is due 24 hours before the meeting"),
    )
    submit = SubmitField(_l("Share with the family"), widget=GovSubmitInput())


class MarkReadForm(FlaskForm):
    submit = SubmitField(_l("I have read this"), widget=GovSubmitInput())
