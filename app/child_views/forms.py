"""The forms of a child's views: one question a page. Labels and choices that depend on
the question and the child's age come from the words in app/rules/journey.py."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
)
from wtforms import BooleanField, RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.rules import journey
from app.rules.journey import LIMIT
from app.services import images
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l
from app.web.translation import lazy_ngettext, ngettext


class HelperForm(FlaskForm):
    """An advocate or social worker says whose views they are helping to share, and how."""

    confirm = BooleanField(widget=GovCheckboxInput(), validators=[DataRequired(
        message=_l("Confirm that you are helping this child to share their views"))])
    made_with = RadioField(
        _l("How are you doing this?"),
        choices=[("with", _l("The child is with me and we are doing this together")),
                 ("for", _l("I am writing down what the child told me"))],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose how you are doing this"))],
    )
    submit = SubmitField(_l("Start"), widget=GovSubmitInput())

    def for_child(self, child, item):
        """Name the child in the confirmation, and show what was said before."""
        self.confirm.label.text = _("I am helping %(child)s to share their views",
                                    child=child.first_name if child else "")
        if item is not None and not self.is_submitted():
            self.made_with.data = item.answers.get("made_with")
            self.confirm.data = bool(item.answers.get("made_with"))
        return self


# child-messages: start
class ChoiceForm(FlaskForm):
    """One question with a few answers, in the words for the child's age."""

    def ask(self, step, younger):
        key, young_words, younger_words, hint = journey.CHOICE_PAGES[step]
        self.answer.label.text = younger_words if younger else young_words
        self.answer.description = hint or ""
        self.answer.choices = list(journey.CHOICE_WORDS[key].items())
        return key

    answer = RadioField(widget=GovRadioInput(),
                        validators=[InputRequired(message=_l("Choose one answer"))])
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class TextForm(FlaskForm):
    """One house or message; it may be left empty."""

    def ask(self, step, younger):
        key, young_words, younger_words = journey.TEXT_QUESTIONS[step]
        self.answer.label.text = younger_words if younger else young_words
        self.answer.description = journey.TEXT_HINTS[step][1 if younger else 0]
        return key

    answer = TextAreaField(widget=GovCharacterCount(), validators=[
        Optional(), Length(max=LIMIT, message=lazy_ngettext(
            "Write %(num)d character or fewer", "Write %(num)d characters or fewer", LIMIT))])
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class DrawingForm(FlaskForm):
    photo = FileField(_l("Choose a photo"), widget=GovFileInput())
    submit = SubmitField(_l("Add this photo"), widget=GovSubmitInput())
    refused = None  # why the photo could not be added, once clean_photo refused it

    def clean_photo(self, max_mb):
        """The photo made safe to keep, or None with the reason on the field."""
        upload = self.photo.data
        try:
            return images.clean_image(upload.read() if upload else b"", max_mb * 1024 * 1024)
        except images.ImageRejected as rejected:
            self.refused = rejected.reason
            self.photo.errors.append(image_message(rejected.reason, max_mb))
            return None


# Why a photo could not be added (app/services/images.py names the reasons).
IMAGE_MESSAGES = {
    images.EMPTY: _l("Choose a photo to add"),
    images.NOT_IMAGE: _l("The file must be a photo saved as a JPEG or PNG"),
    images.TOO_MANY_PIXELS: _l("The photo has too many pixels. Take a new photo with "
                               "your camera's usual setting and try again"),
    images.HIDDEN_CONTENT: _l("The file has something else hidden inside it. Take a new "
                              "photo and try again"),
    images.UNREADABLE: _l("The photo cannot be opened. Take a new photo and try again"),
    images.BUSY: _l("Lots of photos are being added right now. Wait a minute and try again"),
}


def image_message(reason: str, max_mb: int):
    """What a child is told when their photo could not be added."""
    if reason == images.TOO_LARGE:
        return ngettext("The photo must be smaller than %(num)d MB",
                        "The photo must be smaller than %(num)d MB", max_mb)
    return IMAGE_MESSAGES[reason]
# child-messages: end


class ButtonForm(FlaskForm):
    """Just a button (with its CSRF token): skip, remove, send, mark as seen."""

    submit = SubmitField(widget=GovSubmitInput())
