from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from .. import models as m

LIMIT = 3000


def _answer(label, hint):
    return TextAreaField(
        label, description=hint, widget=GovCharacterCount(),
        validators=[Optional(), Length(max=LIMIT, message=_l(
            "Write %(limit)d characters or fewer", limit=LIMIT))],
    )


class ViewsForm(FlaskForm):
    worries = _answer(_l("The house of worries"), _l("What worries you?"))
    good_things = _answer(_l("The house of good things"), _l("What is good in your life?"))
    dreams = _answer(_l("The house of dreams"), _l("What would you like to happen?"))
    audience = RadioField(
        _l("Who can read this?"),
        choices=[
            (m.AUDIENCE_CHAIR_ONLY, _l("Only the chair (the person who runs the meeting)")),
            (m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER, _l("The chair and my social worker")),
            (m.AUDIENCE_EVERYONE, _l("Everyone at the meeting, my parents too")),
        ],
        default=m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER,
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose who can read this"))],
    )
    save = SubmitField(_l("Save and come back later"), widget=GovSubmitInput())
    send = SubmitField(_l("Send"), widget=GovSubmitInput())

    ANSWERS = ("worries", "good_things", "dreams")

    def validate_for_sending(self):
        if not any((getattr(self, name).data or "").strip() for name in self.ANSWERS):
            self.worries.errors.append(_l("Write something in at least one house before you send"))
            return False
        return True
