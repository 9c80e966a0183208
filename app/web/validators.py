"""Checks that forms share: validator classes and the wording of their errors."""


# --- files uploaded by staff and professionals (reports, minutes) --------------------

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms.validators import ValidationError

from app.services import documents


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
