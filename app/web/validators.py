"""Checks that span more than one field, for the forms of every blueprint.

A check of one field's own value is a WTForms validator on that field. A check that reads
another field (required only when another answer is "yes"), or a value from outside the
form (a date after the conference), is one of the validator classes here, or a method of
the form. Routes never put errors on fields themselves.

    language = StringField(validators=[RequiredIf("interpreter", "yes",
                                                  message=_l("Enter the language you need")),
                                       Optional()])
    first_core_group = StringField(validators=[After(lambda form: form.conference_day,
                                                     parse=outcome_rules.parse_day,
                                                     message=_l("The date must be after ..."))])

    if validate_all(form, *decision_forms):  # every form checked, every error shown
        ...
"""

from datetime import datetime

from flask import current_app
from wtforms.validators import StopValidation, ValidationError

from app.services import documents
from app.web.translation import gettext as _
from app.web.translation import ngettext


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class RequiredIf:
    """The field must be filled in when another field's answer is `value` (or, with no
    value given, when the other field is answered at all). Otherwise an empty field is
    fine, and the field's other validators run only if something was entered.

    Put it first in the field's validators, before Optional()."""

    field_flags = {"optional": True}

    def __init__(self, other, value=None, message=None):
        self.other = other
        self.value = value
        self.message = message

    def _applies(self, form):
        answer = form[self.other].data
        return not _blank(answer) if self.value is None else answer == self.value

    def __call__(self, form, field):
        if not _blank(field.data):
            return
        field.errors[:] = []
        if self._applies(form):
            raise StopValidation(self.message)
        raise StopValidation()


class After:
    """A date (or date and time) that must come after another moment, given by
    `moment(form)` (None: nothing to compare with). `parse` turns the field's data into a
    date when the field holds text; an answer that cannot be read is left to the field's
    own validators."""

    def __init__(self, moment, message, parse=None):
        self.moment = moment
        self.message = message
        self.parse = parse

    def __call__(self, form, field):
        value = self.parse(field.data) if self.parse else field.data
        limit = self.moment(form)
        if value is None or limit is None:
            return
        if isinstance(limit, datetime) and not isinstance(value, datetime):
            limit = limit.date()
        if value <= limit:
            raise ValidationError(self.message)


class RealDateTime:
    """A date field and a time field (text such as "2026-12-07" and "9:30") that together
    must make a real moment. The moment is kept on the form as `form.<attribute>` for the
    route or service to use; put the validator on the date field."""

    def __init__(self, time_field, message, attribute="moment", optional_time=False):
        self.time_field = time_field
        self.message = message
        self.attribute = attribute
        self.optional_time = optional_time

    def __call__(self, form, field):
        time = form[self.time_field].data or ""
        setattr(form, self.attribute, None)
        if not time and self.optional_time:
            return
        try:
            moment = datetime.fromisoformat(f"{field.data}T{time.zfill(5)}")
        except (TypeError, ValueError):
            raise ValidationError(self.message) from None
        setattr(form, self.attribute, moment)


def validate_all(*checks):
    """Run every check and say whether all passed, so that every error is shown at once
    (where `a.validate() and b.validate()` would stop at the first). Each check is a form
    (its validate() is called), a (field, form) pair, or a callable returning True when
    its part is valid."""
    results = []
    for check in checks:
        if isinstance(check, tuple):
            field, form = check
            results.append(field.validate(form))
        elif hasattr(check, "validate"):
            results.append(check.validate())
        else:
            results.append(check())
    return all(results)


# --- files uploaded by staff and professionals (reports, minutes) --------------------


def upload_message(reason):
    """What to do about a PDF that was refused, in the reader's words."""
    limit = current_app.config["MAX_UPLOAD_MB"]
    return {
        documents.EMPTY: _("The file you chose is empty. Choose a PDF file of your report"),
        documents.TOO_LARGE: ngettext("The file must be smaller than %(num)d MB",
                                        "The file must be smaller than %(num)d MB", limit),
        documents.NOT_PDF: _("The file must be a PDF"),
        documents.ENCRYPTED: _("The PDF must not have a password. Save it again without "
                               "one"),
        documents.ACTIVE_CONTENT: _(
            "The PDF contains scripts or attachments. Save it again as a plain PDF"),
        documents.OUTWARD_LINKS: _(
            "The PDF has web links or actions that open other files or send information "
            "when it is read. Remove them, or print it to a new PDF, and try again"),
        documents.TOO_COMPLEX: _(
            "The PDF is made of too many parts to check. Print it to a new PDF, or "
            "split it into smaller files, and try again"),
        documents.UNREADABLE: _("The PDF cannot be read. Save it again and try once more"),
    }.get(reason, _("The file must be a PDF"))


class PdfUpload:
    """A chosen PDF, read and checked as safe to show (app/services/documents.py).

    Afterwards the field's `pdf` is (bytes, pages), (b"", 0) when no file was chosen, and
    its `refused` is the reason a file was refused (None if it was not). `required`: no
    file counts as an empty one and is refused.
    """

    def __init__(self, required=False):
        self.required = required

    def __call__(self, form, field):
        field.pdf, field.refused = (b"", 0), None
        upload = field.data
        if not self.required and (upload is None or not getattr(upload, "filename", "")):
            return
        data = upload.read() if upload else b""
        try:
            pages = documents.check_pdf(data, current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024)
        except documents.DocumentRejected as rejected:
            field.refused = rejected.reason
            raise ValidationError(upload_message(rejected.reason)) from None
        field.pdf = (data, pages)

    def check(self, form, field):
        """The check run by hand (after the form's other checks): True if it holds."""
        try:
            self(form, field)
        except ValidationError as error:
            field.errors = [*field.errors, str(error)]
            return False
        return True


def refused_files(*fields):
    """The reasons the files of these PdfUpload fields were refused, in order."""
    return [field.refused for field in fields if getattr(field, "refused", None)]
