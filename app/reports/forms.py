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
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l
from app.web.translation import lazy_ngettext
from app.web.validators import PdfUpload

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
    document = FileField(_l("The report as a PDF"), widget=GovFileInput(),
                         validators=[PdfUpload()])
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
        validators=[PdfUpload()],
    )
    family_text = TextAreaField(
        _l("The version for the family, written here"), widget=GovTextArea(),
        description=_l("Only if you ask to keep part of it."),
        validators=[Optional(), _length(TEXT_LIMIT)],
    )
    submit = SubmitField(_l("Add the report"), widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        """Every check runs, so that all problems are shown at once: a report needs a PDF
        or text; a request needs a reason; keeping part needs the family's version. (A
        refused file counts as given: its own error is shown.)"""
        ok = super().validate(extra_validators)
        if not self._given(self.document, self.text):
            self.document.errors = [*self.document.errors,
                                    _("Add a PDF of your report or write it in the box")]
            ok = False
        if self.sharing.data != "family" and not (self.withhold_reason.data or "").strip():
            self.withhold_reason.errors = [*self.withhold_reason.errors,
                                           _("Say why it must stay with professionals only")]
            ok = False
        if self.sharing.data == m.WITHHOLD_PART and not self._given(self.family_document,
                                                                    self.family_text):
            self.family_document.errors = [*self.family_document.errors, _(
                "Add the version for the family, without the part for professionals only")]
            ok = False
        return ok

    @staticmethod
    def _given(document, text):
        return bool(document.refused or document.pdf[0] or (text.data or "").strip())

    def values(self):
        """What the report is made of, for app/services/reports.store_report."""
        return {name: self[name].data for name in (
            "agency", "author_role", "title", "summary", "for_young_person",
            "police_open_information", "text", "sharing", "family_text", "withhold_reason")}


class MarkReadForm(FlaskForm):
    submit = SubmitField(_l("I have read this"), widget=GovSubmitInput())


class HelpForm(FlaskForm):
    """Asking for help with a report: the message to staff says only which kind."""

    not_understood = SubmitField(_l("I do not understand it"), widget=GovSubmitInput())
    talk = SubmitField(_l("I want to talk to someone about it"), widget=GovSubmitInput())


class ReplyForm(FlaskForm):
    """A family member's reply to a report, until the meeting starts."""

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

    def __init__(self, *args, meeting_started=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting_started = meeting_started

    def validate(self, extra_validators=None):
        if self.meeting_started:
            self.agrees.errors = [_("The meeting has started. Tell the chair at the meeting.")]
            return False
        if not super().validate(extra_validators):
            return False
        if self.agrees.data == "disagree" and not self.reason_given():
            self.reason.errors = [*self.reason.errors, _("Say what you disagree with, and why")]
            return False
        return True

    def reason_given(self):
        return (self.reason.data or "").strip()

    def filled_from(self, reply):
        """The person's earlier reply, shown again."""
        if reply is not None:
            self.agrees.data = "agree" if reply.agrees else "disagree"
            self.reason.data = reply.reason
        return self


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
        validators=[PdfUpload()],
    )
    submit = SubmitField(_l("Save this parent's version"), widget=GovSubmitInput())

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = list(parents)
        self.recipient.choices = [(p.id, p.name) for p in self.parents]

    def filled_from(self, report, base):
        """A new version starts from the family's (or the whole) report."""
        self.summary.data = base.summary if base and base.summary else report.summary
        self.text.data = base.body if base else ""
        return self

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if ok and not self.document.pdf[0] and not (self.text.data or "").strip():
            self.text.errors = [*self.text.errors,
                                _("Add a redacted PDF or write the text for this parent")]
            return False
        return ok

    def recipient_chosen(self):
        return next(p for p in self.parents if p.id == self.recipient.data)
