from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from .. import models as m
from ..forms import ContributionForm, answer_field

LIMIT = 5000


class WorksheetForm(ContributionForm):
    ANSWERS = ("strengths", "worries", "support", "questions")
    LIMIT = LIMIT

    strengths = answer_field(
        _l("What is working well? What are your family's strengths?"),
        _l("For example: we eat together every evening, and my sister helps with the school run."),
        LIMIT,
    )
    worries = answer_field(
        _l("What worries you? What needs to change for your child to be safe?"),
        _l("For example: I worry about money, and I need help with my child's sleep."),
        LIMIT,
    )
    support = answer_field(
        _l("What help or support does your family need? How would it help?"),
        _l("For example: a parenting course in the evening, so I can go after work."),
        LIMIT,
    )
    questions = answer_field(
        _l("What do you want to ask at the meeting?"),
        _l("For example: how long will the plan last?"),
        LIMIT,
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
    send = SubmitField(_l("Send to the conference"), widget=GovSubmitInput())
