from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from .. import models as m
from ..forms import ContributionForm, answer_field

LIMIT = 3000


class ViewsForm(ContributionForm):
    ANSWERS = ("worries", "good_things", "dreams")
    LIMIT = LIMIT
    EMPTY_MESSAGE = _l("Write something in at least one house before you send")

    worries = answer_field(_l("The house of worries"), _l("What worries you?"), LIMIT)
    good_things = answer_field(_l("The house of good things"), _l("What is good in your life?"),
                               LIMIT)
    dreams = answer_field(_l("The house of dreams"), _l("What would you like to happen?"), LIMIT)
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
    send = SubmitField(_l("Send"), widget=GovSubmitInput())
