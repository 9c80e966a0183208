from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from .. import models as m

LIMIT = 5000


def _answer(label, hint):
    return TextAreaField(
        label, description=hint, widget=GovCharacterCount(),
        validators=[Optional(), Length(max=LIMIT, message=_l(
            "Write %(limit)d characters or fewer", limit=LIMIT))],
    )


class WorksheetForm(FlaskForm):
    strengths = _answer(
        _l("What is working well? What are your family's strengths?"),
        _l("For example: we eat together every evening, and my sister helps with the school run."),
    )
    worries = _answer(
        _l("What worries you? What needs to change for your child to be safe?"),
        _l("For example: I worry about money, and I need help with my child's sleep."),
    )
    support = _answer(
        _l("What help or support does your family need? How would it help?"),
        _l("For example: a parenting course in the evening, so I can go after work."),
    )
    questions = _answer(
        _l("What do you want to ask at the meeting?"),
        _l("For example: how long will the plan last?"),
    )
    audience = RadioField(
        _l("Who can read this?"),
        choices=[
            (m.AUDIENCE_EVERYONE, _l("Everyone at the conference")),
            (m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER, _l("Only the chair and the social worker")),
        ],
        default=m.AUDIENCE_EVERYONE,
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Choose who can read this"))],
    )
    save = SubmitField(_l("Save and come back later"), widget=GovSubmitInput())
    send = SubmitField(_l("Send to the conference"), widget=GovSubmitInput())

    ANSWERS = ("strengths", "worries", "support", "questions")

    def validate_for_sending(self):
        if not any((getattr(self, name).data or "").strip() for name in self.ANSWERS):
            self.strengths.errors.append(_l("Write something in at least one box before you send"))
            return False
        return True
