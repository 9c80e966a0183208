"""The forms of a child's views: one question a page. Labels that depend on the child's
age are set by the route from the words in journey.py."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
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

from app.child_views.journey import LIMIT


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


# child-messages: start
class ChoiceForm(FlaskForm):
    """One question with a few answers; the route sets the words."""

    answer = RadioField(widget=GovRadioInput(),
                        validators=[InputRequired(message=_l("Choose one answer"))])
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class TextForm(FlaskForm):
    """One house or message; it may be left empty."""

    answer = TextAreaField(widget=GovCharacterCount(), validators=[
        Optional(), Length(max=LIMIT, message=lazy_ngettext(
            "Write %(num)d character or fewer", "Write %(num)d characters or fewer", LIMIT))])
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class DrawingForm(FlaskForm):
    photo = FileField(_l("Choose a photo"), widget=GovFileInput())
    submit = SubmitField(_l("Add this photo"), widget=GovSubmitInput())
# child-messages: end


class ButtonForm(FlaskForm):
    """Just a button (with its CSRF token): skip, remove, send, mark as seen."""

    submit = SubmitField(widget=GovSubmitInput())
